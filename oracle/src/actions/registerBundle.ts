/**
 * An owner registers a composable from its bundle manifest: the manifest is checked by its schema, its content
 * hashed as anyone can hash it again (`bundleContent`), and the registration checked and sent by the same code
 * the web app uses. With a verifier's statement that the key wrote the content (`ccn authorship sign --bundle`),
 * registering binds authorship in the same flow: the new asset is marked verified, or, when someone else
 * registered the same content first, the author takes that asset back with the manifest's lineage.
 */
import { assetRegistryAbi, BaseError, type BundleManifest, type Deployment, type Hex } from "@coherence/protocol";
import {
  lineageProblem,
  type RegisteredAsset,
  RegistrationRefusedError,
  registerAsset,
} from "@coherence/protocol/actions";
import type { PublicClient, WalletClient } from "viem";

import { bundleContent } from "../bundle/bundleContent.ts";
import {
  type AuthorshipFile,
  authorshipProblem,
  type ClaimAuthorshipOutcome,
  claimAuthorship,
} from "../operator/authorship.ts";

export type RegisterBundleParameters = {
  publicClient: PublicClient;
  walletClient: WalletClient;
  deployment: Deployment;
  /** The manifest's path: its content is resolved against its directory. */
  manifestFile: string;
  manifest: BundleManifest;
  /** Where the asset's bundle manifest or metadata is published (its token URI). */
  uri: string;
  /** A verifier's statement that the sending key wrote the content, read from `authorshipFile`. */
  authorship?: { statement: AuthorshipFile; file: string };
};

export type RegisteredBundle = RegisteredAsset & {
  files: number;
  /** How authorship was bound, when a statement was given; `transactionHash` is then `reclaim`'s for a reclaim. */
  authorship?: ClaimAuthorshipOutcome;
};

/**
 * @example
 * const manifest = await readJsonFile(bundleManifestSchema, "lib/coherence.bundle.json");
 * const { assetId } = await registerBundle({ ...clients, manifestFile: "lib/coherence.bundle.json", manifest, uri });
 */
export async function registerBundle(parameters: RegisterBundleParameters): Promise<RegisteredBundle> {
  const { publicClient, walletClient, deployment, manifestFile, manifest, authorship } = parameters;
  const { contentHash, files } = await bundleContent(manifestFile, manifest);
  const parents = manifest.parents.map((p) => ({ assetId: p.assetId, weightBps: p.weightBps }));
  const register = () =>
    registerAsset({
      ...parameters,
      registration: { contentHash, kind: manifest.kind, uri: parameters.uri, parents },
      source: manifestFile,
    });
  if (authorship === undefined) return { ...(await register()), files: files.length };

  const { statement, file } = authorship;
  if (statement.contentHash !== contentHash) {
    throw new RegistrationRefusedError(
      `${file}: contentHash: the statement is about ${statement.contentHash}; ${manifestFile}'s content hashes to ${contentHash}.`,
    );
  }
  const author = walletClient.account!.address;
  const problem = await authorshipProblem({ publicClient, deployment, statement, author });
  if (problem !== undefined) throw new RegistrationRefusedError(`${file}: ${problem.shortMessage}`);
  const existing = await heldBy(publicClient, deployment, contentHash);
  if (existing === undefined) {
    const registered = await register();
    const verified = await claimAuthorship({
      publicClient,
      walletClient,
      deployment,
      statement: { ...statement, assetId: registered.assetId },
      parents: [],
    }).catch((error: unknown) => {
      throw new BaseError(
        `Registered asset ${registered.assetId} (tx ${registered.transactionHash}), but verifying its authorship failed; retry with \`ccn authorship claim ${file}\`.`,
        { cause: error },
      );
    });
    return { ...registered, files: files.length, authorship: verified };
  }
  if (existing.owner.toLowerCase() === author.toLowerCase()) {
    const verified = await publicClient.readContract({
      address: deployment.contracts.AssetRegistry.address,
      abi: assetRegistryAbi,
      functionName: "isVerified",
      args: [existing.assetId],
    });
    throw new RegistrationRefusedError(
      `${manifestFile}: contentHash: asset ${existing.assetId}, which holds it, is this key's already; ${verified ? "its authorship is verified" : `have it verified with \`ccn authorship claim ${file}\``}.`,
    );
  }
  const lineage = await lineageProblem(publicClient, deployment, parents, manifestFile, existing.assetId);
  if (lineage !== undefined) throw lineage;
  const reclaimed = await claimAuthorship({
    publicClient,
    walletClient,
    deployment,
    statement: { ...statement, assetId: existing.assetId },
    parents,
  });
  return {
    assetId: existing.assetId,
    contentHash,
    parents,
    transactionHash: reclaimed.transactionHash,
    files: files.length,
    authorship: reclaimed,
  };
}

/** The asset registered with `contentHash` and its owner, if any. */
async function heldBy(publicClient: PublicClient, deployment: Deployment, contentHash: Hex) {
  const read = { address: deployment.contracts.AssetRegistry.address, abi: assetRegistryAbi } as const;
  const assetId = await publicClient.readContract({ ...read, functionName: "assetOf", args: [contentHash] });
  if (assetId === 0n) return undefined;
  return { assetId, owner: await publicClient.readContract({ ...read, functionName: "ownerOf", args: [assetId] }) };
}
