/**
 * Epoch manifests from IPFS in the browser: the CID an epoch's propose transaction records (appended to its
 * calldata; the indexer names the transaction), fetched from the configured gateways (VITE_IPFS_GATEWAYS) as CARs
 * whose every block is checked against its CID, so no gateway is trusted. ./manifest.ts then checks the bytes against
 * the manifestHash on-chain, as it does for a manifest fetched from VITE_MANIFEST_URL.
 */
import type { Hex } from "@coherence/protocol";
import { manifestUriOf, type VerifiedFetchReturnType, verifiedFetch } from "@coherence/protocol/ipfs";

import { settings } from "../config/settings.ts";
import { wagmiConfig } from "../config/wagmi.ts";
import { actionPublicClient } from "./actionClients.ts";
import { graphql } from "./indexer.ts";
import { EPOCH_QUERY } from "./queries.ts";

/** The largest manifest the app assembles from IPFS; a bigger one is a slice's job (./accountSlice.ts). */
const MAX_MANIFEST_BYTES = 512 * 1024 * 1024;

/** Where the lookup asks: the indexer for the epoch's propose transaction, the chain for its calldata. */
export type ManifestUriSources = {
  query: typeof graphql;
  readInput: (transaction: Hex) => Promise<Hex>;
};

const DEFAULT_SOURCES: ManifestUriSources = {
  query: graphql,
  readInput: async (hash) => (await actionPublicClient(wagmiConfig).getTransaction({ hash })).input,
};

/**
 * The `ipfs://` URI of the manifest epoch `epoch`'s proposal recorded, or undefined when it recorded none, the
 * indexer has no such epoch or knows it with another manifestHash.
 *
 * @example
 * const uri = await recordedManifestUri(3n, epoch.manifestHash); // "ipfs://bafy…"
 */
export async function recordedManifestUri(
  epoch: bigint,
  manifestHash: Hex,
  signal?: AbortSignal,
  sources: ManifestUriSources = DEFAULT_SOURCES,
): Promise<string | undefined> {
  const data = await sources.query<{ epoch: { proposedTx: Hex; manifestHash: Hex } | null }>(
    EPOCH_QUERY,
    { id: String(epoch) },
    signal,
  );
  if (data.epoch === null || data.epoch.manifestHash.toLowerCase() !== manifestHash.toLowerCase()) return undefined;
  return manifestUriOf(await sources.readInput(data.epoch.proposedTx));
}

/**
 * The bytes of `uri` from the first configured gateway whose CAR verifies, and what the ones before it did wrong.
 * Throws `GatewaysExhaustedError` (each gateway's failure named: unreachable, or a block that does not hash to its
 * CID) or the abort.
 */
export function fetchFromIpfs(uri: string, signal?: AbortSignal): Promise<VerifiedFetchReturnType> {
  return verifiedFetch(uri, { gateways: settings.ipfsGateways, signal, maxBytes: MAX_MANIFEST_BYTES });
}
