/**
 * An owner registers a composable from its bundle manifest: the manifest is checked by its schema, its content
 * hashed as anyone can hash it again (`bundleContent`), and the registration checked and sent by the same code
 * the web app uses. Authorship is bound afterwards by a verifier's statement (`ccn authorship sign` / `claim`),
 * which marks the asset verified and lets its author take it back from anyone who registered the same content
 * first.
 */
import type { BundleManifest, Deployment } from "@coherence/protocol";
import { type RegisteredAsset, registerAsset } from "@coherence/protocol/actions";
import type { PublicClient, WalletClient } from "viem";

import { bundleContent } from "../bundle/bundleContent.ts";

export type RegisterBundleParameters = {
  publicClient: PublicClient;
  walletClient: WalletClient;
  deployment: Deployment;
  /** The manifest's path: its content is resolved against its directory. */
  manifestFile: string;
  manifest: BundleManifest;
  /** Where the asset's bundle manifest or metadata is published (its token URI). */
  uri: string;
};

export type RegisteredBundle = RegisteredAsset & { files: number };

/**
 * @example
 * const manifest = await readJsonFile(bundleManifestSchema, "lib/coherence.bundle.json");
 * const { assetId } = await registerBundle({ ...clients, manifestFile: "lib/coherence.bundle.json", manifest, uri });
 */
export async function registerBundle(parameters: RegisterBundleParameters): Promise<RegisteredBundle> {
  const { manifestFile, manifest } = parameters;
  const { contentHash, files } = await bundleContent(manifestFile, manifest);
  const registered = await registerAsset({
    ...parameters,
    registration: { contentHash, kind: manifest.kind, uri: parameters.uri, parents: manifest.parents },
    source: manifestFile,
  });
  return { ...registered, files: files.length };
}
