/**
 * An owner registers a composable from its bundle manifest: the manifest is checked by its schema, its content
 * hashed as anyone can hash it again (`bundleContent`), its parents must be registered, and the content must not
 * be registered already; only then is `register` sent. Authorship is bound afterwards by a verifier's statement
 * (`ccn authorship sign` / `claim`), which marks the asset verified and lets its author take it back from anyone
 * who registered the same content first.
 */
import {
  ASSET_KINDS,
  assetRegistryAbi,
  type BundleManifest,
  type Deployment,
  InvalidArgumentError,
} from "@coherence/protocol";
import { type Hex, type PublicClient, parseEventLogs, type WalletClient } from "viem";

import { bundleContent } from "../bundle/bundleContent.ts";
import { sendContract } from "../chain/sendContract.ts";

/** A registration refused before anything was sent. */
export class RegistrationRefusedError extends InvalidArgumentError {
  override name = "RegistrationRefusedError";
}

export type RegisterAssetParameters = {
  publicClient: PublicClient;
  walletClient: WalletClient;
  deployment: Deployment;
  /** The manifest's path: its content is resolved against its directory. */
  manifestFile: string;
  manifest: BundleManifest;
  /** Where the asset's bundle manifest or metadata is published (its token URI). */
  uri: string;
};

export type RegisteredAsset = {
  assetId: bigint;
  contentHash: Hex;
  files: number;
  parents: { assetId: bigint; weightBps: number }[];
  transactionHash: Hex;
};

/**
 * @example
 * const manifest = await readJsonFile(bundleManifestSchema, "lib/coherence.bundle.json");
 * const { assetId } = await registerAsset({ ...clients, manifestFile: "lib/coherence.bundle.json", manifest, uri });
 */
export async function registerAsset(parameters: RegisterAssetParameters): Promise<RegisteredAsset> {
  const { publicClient, walletClient, deployment, manifestFile, manifest } = parameters;
  const { contentHash, files } = await bundleContent(manifestFile, manifest);
  const read = { address: deployment.contracts.AssetRegistry.address, abi: assetRegistryAbi } as const;
  const [count, existing] = await Promise.all([
    publicClient.readContract({ ...read, functionName: "assetCount" }),
    publicClient.readContract({ ...read, functionName: "assetOf", args: [contentHash] }),
  ]);
  if (existing !== 0n) {
    throw new RegistrationRefusedError(
      `${manifestFile}: its content ${contentHash} is registered already, as asset ${existing}.`,
      {
        details: "if it is your work, have a verifier sign your authorship and take it back with ccn authorship claim",
      },
    );
  }
  for (const [i, parent] of manifest.parents.entries()) {
    if (parent.assetId > count) {
      throw new RegistrationRefusedError(
        `${manifestFile}: parents[${i}].assetId: asset ${parent.assetId} is not registered (assets are 1..${count}).`,
      );
    }
  }
  const parents = manifest.parents.map((p) => ({ assetId: p.assetId, weightBps: p.weightBps }));
  const { transactionHash, receipt } = await sendContract({
    publicClient,
    walletClient,
    ...read,
    functionName: "register",
    args: [
      contentHash,
      parameters.uri,
      ASSET_KINDS.indexOf(manifest.kind),
      parents.map((p) => p.assetId),
      parents.map((p) => p.weightBps),
    ],
  });
  const [registered] = parseEventLogs({ abi: assetRegistryAbi, logs: receipt.logs, eventName: "AssetRegistered" });
  return { assetId: registered!.args.assetId, contentHash, files: files.length, parents, transactionHash };
}
