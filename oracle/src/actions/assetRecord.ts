/**
 * An asset as the chain has it now: owner, content hash, kind, URI, lineage (from its registration or the
 * author's reclaim, whichever is later), whether its author is verified, its rate card; and its owner's one
 * edit, the URI. Read from the registry directly, never from the indexer, so an owner sees the truth.
 */
import {
  ASSET_KINDS,
  type AssetKind,
  assetRegistryAbi,
  type Deployment,
  InvalidArgumentError,
} from "@coherence/protocol";
import { sendContract } from "@coherence/protocol/actions";
import type { Address, Hex, PublicClient, WalletClient } from "viem";

export type AssetRecord = {
  id: bigint;
  owner: Address;
  contentHash: Hex;
  kind: AssetKind;
  uri: string;
  parents: { assetId: bigint; weightBps: number }[];
  upstreamShareBps: number;
  verified: boolean;
  /** The rate card its owner publishes, or null. */
  rateCardHash: Hex | null;
};

/**
 * @example
 * const asset = await readAsset(publicClient, deployment, 3n);
 * asset.parents; // [{ assetId: 1n, weightBps: 1500 }]
 */
export async function readAsset(publicClient: PublicClient, deployment: Deployment, id: bigint): Promise<AssetRecord> {
  const registry = deployment.contracts.AssetRegistry;
  const read = { address: registry.address, abi: assetRegistryAbi } as const;
  const count = await publicClient.readContract({ ...read, functionName: "assetCount" });
  if (id === 0n || id > count)
    throw new InvalidArgumentError(`Asset ${id} is not registered (assets are 1..${count}).`);
  const [[contentHash, kind, upstreamShareBps], owner, uri, verified, rateCardHash] = await Promise.all([
    publicClient.readContract({ ...read, functionName: "assetInfo", args: [id] }),
    publicClient.readContract({ ...read, functionName: "ownerOf", args: [id] }),
    publicClient.readContract({ ...read, functionName: "tokenURI", args: [id] }),
    publicClient.readContract({ ...read, functionName: "isVerified", args: [id] }),
    publicClient.readContract({ ...read, functionName: "rateCardOf", args: [id] }),
  ]);
  const fromBlock = BigInt(registry.startBlock);
  const [registered, reset] = await Promise.all([
    publicClient.getContractEvents({
      ...read,
      eventName: "AssetRegistered",
      args: { assetId: id },
      fromBlock,
      strict: true,
    }),
    publicClient.getContractEvents({
      ...read,
      eventName: "LineageReset",
      args: { assetId: id },
      fromBlock,
      strict: true,
    }),
  ]);
  // The latest lineage wins: a reclaim's LineageReset replaces the registration's parents.
  const lineage = reset.at(-1)?.args ?? registered[0]!.args;
  const parents = lineage.parents.map((assetId, i) => ({ assetId, weightBps: lineage.parentWeightsBps[i]! }));
  return {
    id,
    owner,
    contentHash,
    kind: ASSET_KINDS[kind] ?? "Other",
    uri,
    parents,
    upstreamShareBps,
    verified,
    rateCardHash: /^0x0{64}$/.test(rateCardHash) ? null : rateCardHash,
  };
}

/** The owner points the asset at a new URI (its bundle manifest, its metadata). */
export async function setAssetUri(
  clients: { publicClient: PublicClient; walletClient: WalletClient; deployment: Deployment },
  id: bigint,
  uri: string,
): Promise<{ transactionHash: Hex }> {
  const { publicClient, walletClient, deployment } = clients;
  const asset = await readAsset(publicClient, deployment, id);
  const self = walletClient.account!.address;
  if (asset.owner.toLowerCase() !== self.toLowerCase())
    throw new InvalidArgumentError(`Asset ${id} is owned by ${asset.owner}; this key is ${self}.`);
  const { transactionHash } = await sendContract({
    publicClient,
    walletClient,
    address: deployment.contracts.AssetRegistry.address,
    abi: assetRegistryAbi,
    functionName: "setURI",
    args: [id, uri],
  });
  return { transactionHash };
}
