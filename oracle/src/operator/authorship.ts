/**
 * Authorship statements: a verifier of the deployment (the registry's VERIFIER_ROLE, for instance the forge intake
 * after it read a repository's owner-signed opt-in file) signs that an address wrote a content hash; with it the
 * author has its asset marked verified (`verifyAuthorship`) or takes back one registered first by someone else
 * (`reclaim`).
 */
import {
  AUTHORSHIP_TYPES,
  address,
  assetRegistryAbi,
  BaseError,
  bytes32,
  type Deployment,
  decimal,
  type Infer,
  InvalidArgumentError,
  object,
  REGISTRY_DOMAIN,
  string,
} from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";
import type { Address, Hex, LocalAccount, PublicClient, WalletClient } from "viem";

import { writeJsonFile } from "./jsonFile.ts";

/** `IAssetRegistry.Authorship`, as the registry takes it. */
export type Authorship = { author: Address; verifier: Address; deadline: bigint; signature: Hex };

export type SignAuthorshipParameters = {
  verifier: LocalAccount;
  deployment: Deployment;
  contentHash: Hex;
  author: Address;
  /** Chain time (seconds) after which the statement is void. */
  deadline: bigint;
};

/**
 * Signs the EIP-712 `Authorship(contentHash, author, deadline)` statement for the deployment's registry.
 *
 * @example
 * const authorship = await signAuthorship({ verifier, deployment, contentHash, author, deadline });
 * await registry.write.reclaim([assetId, authorship, parents, weights]);
 */
export async function signAuthorship(parameters: SignAuthorshipParameters): Promise<Authorship> {
  const { verifier, deployment, contentHash, author, deadline } = parameters;
  if (verifier.signTypedData === undefined) {
    throw new InvalidArgumentError(`Account ${verifier.address} cannot sign typed data.`);
  }
  const signature = await verifier.signTypedData({
    domain: {
      ...REGISTRY_DOMAIN,
      chainId: deployment.chainId,
      verifyingContract: deployment.contracts.AssetRegistry.address,
    },
    types: AUTHORSHIP_TYPES,
    primaryType: "Authorship",
    message: { contentHash, author, deadline },
  });
  return { author, verifier: verifier.address, deadline, signature };
}

/** The file `ccn authorship sign` writes and `ccn authorship claim` reads: a statement about one asset. */
export const authorshipFileSchema = object({
  assetId: decimal(),
  contentHash: bytes32(),
  author: address(),
  verifier: address(),
  deadline: decimal(),
  signature: string({ pattern: /^0x([0-9a-fA-F]{2})+$/, expected: "a 0x-prefixed hex signature" }),
});
export type AuthorshipFile = Infer<typeof authorshipFileSchema>;

export function readAuthorshipFile(file: string): Promise<AuthorshipFile> {
  return readJsonFile(authorshipFileSchema, file, "write it with `ccn authorship sign`");
}

export function writeAuthorshipFile(file: string, statement: AuthorshipFile): Promise<void> {
  return writeJsonFile(authorshipFileSchema, file, statement);
}

/** The registry would refuse the statement, for the reason given. */
export class AuthorshipError extends BaseError {
  override name = "AuthorshipError";
}

export type SignAssetAuthorshipParameters = {
  publicClient: PublicClient;
  verifier: LocalAccount;
  deployment: Deployment;
  assetId: bigint;
  author: Address;
  /** Seconds of chain time the statement stays valid. */
  validFor: bigint;
};

/** Signs a statement that `author` wrote asset `assetId`'s content, refusing a key that is no verifier. */
export async function signAssetAuthorship(parameters: SignAssetAuthorshipParameters): Promise<AuthorshipFile> {
  const { publicClient, verifier, deployment, assetId, author } = parameters;
  const registry = deployment.contracts.AssetRegistry.address;
  const read = { address: registry, abi: assetRegistryAbi } as const;
  const [role, block] = await Promise.all([
    publicClient.readContract({ ...read, functionName: "VERIFIER_ROLE" }),
    publicClient.getBlock(),
  ]);
  if (!(await publicClient.readContract({ ...read, functionName: "hasRole", args: [role, verifier.address] }))) {
    throw new AuthorshipError(`${verifier.address} is not a verifier of this registry: governance appoints them.`);
  }
  const [contentHash] = await publicClient
    .readContract({ ...read, functionName: "assetInfo", args: [assetId] })
    .catch(() => {
      throw new AuthorshipError(`Asset ${assetId} does not exist.`);
    });
  const deadline = block.timestamp + parameters.validFor;
  const signed = await signAuthorship({ verifier, deployment, contentHash, author, deadline });
  return { assetId, contentHash, ...signed };
}

export type ClaimAuthorshipParameters = {
  publicClient: PublicClient;
  walletClient: WalletClient;
  deployment: Deployment;
  statement: AuthorshipFile;
  /** The lineage of a reclaimed asset (ignored when the author owns it already). */
  parents: readonly { assetId: bigint; weightBps: number }[];
};

export type ClaimAuthorshipOutcome = {
  status: "verified" | "reclaimed";
  assetId: bigint;
  author: Address;
  previousOwner: Address;
  transactionHash: Hex;
};

/**
 * Submits a statement as its author: an owner who is the author has the asset verified; one who is not takes it
 * back with `parents` as its lineage. Refuses, before sending anything, what the registry would refuse.
 */
export async function claimAuthorship(parameters: ClaimAuthorshipParameters): Promise<ClaimAuthorshipOutcome> {
  const { publicClient, walletClient, deployment, statement, parents } = parameters;
  const account = walletClient.account!;
  if (account.address.toLowerCase() !== statement.author.toLowerCase()) {
    throw new AuthorshipError(`The statement names ${statement.author} as the author; this key is ${account.address}.`);
  }
  const registry = deployment.contracts.AssetRegistry.address;
  const read = { address: registry, abi: assetRegistryAbi } as const;
  const [owner, verified, block] = await Promise.all([
    publicClient.readContract({ ...read, functionName: "ownerOf", args: [statement.assetId] }),
    publicClient.readContract({ ...read, functionName: "isVerified", args: [statement.assetId] }),
    publicClient.getBlock(),
  ]);
  if (verified) throw new AuthorshipError(`Asset ${statement.assetId}'s author is verified already.`);
  if (block.timestamp > statement.deadline) {
    throw new AuthorshipError(`The statement expired at ${statement.deadline}; ask the verifier for a new one.`);
  }
  const authorship = {
    author: statement.author,
    verifier: statement.verifier,
    deadline: statement.deadline,
    signature: statement.signature as Hex,
  };
  const reclaiming = owner.toLowerCase() !== account.address.toLowerCase();
  const transactionHash = reclaiming
    ? await walletClient.writeContract(
        (
          await publicClient.simulateContract({
            account,
            ...read,
            functionName: "reclaim",
            args: [statement.assetId, authorship, parents.map((p) => p.assetId), parents.map((p) => p.weightBps)],
          })
        ).request,
      )
    : await walletClient.writeContract(
        (
          await publicClient.simulateContract({
            account,
            ...read,
            functionName: "verifyAuthorship",
            args: [statement.assetId, authorship],
          })
        ).request,
      );
  const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash });
  if (receipt.status !== "success") throw new AuthorshipError(`The transaction reverted (tx ${transactionHash}).`);
  return {
    status: reclaiming ? "reclaimed" : "verified",
    assetId: statement.assetId,
    author: account.address,
    previousOwner: owner,
    transactionHash,
  };
}
