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
  optional,
  REGISTRY_DOMAIN,
  string,
} from "@coherence/protocol";
import { sendContract } from "@coherence/protocol/actions";
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

function authorshipTypedData(deployment: Deployment, message: { contentHash: Hex; author: Address; deadline: bigint }) {
  return {
    domain: {
      ...REGISTRY_DOMAIN,
      chainId: deployment.chainId,
      verifyingContract: deployment.contracts.AssetRegistry.address,
    },
    types: AUTHORSHIP_TYPES,
    primaryType: "Authorship",
    message,
  } as const;
}

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
  const signature = await verifier.signTypedData(authorshipTypedData(deployment, { contentHash, author, deadline }));
  return { author, verifier: verifier.address, deadline, signature };
}

/** The file `ccn authorship sign` writes and `ccn authorship claim` reads: a statement about one asset. */
export const authorshipFileSchema = object({
  /** Absent when signed before registration: the statement is about content, whichever asset holds it. */
  assetId: optional(decimal()),
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

/** What a statement is about: a registered asset, or content not registered yet (signed over its hash). */
export type AuthorshipSubject = { assetId: bigint } | { contentHash: Hex };

export type SignAssetAuthorshipParameters = {
  publicClient: PublicClient;
  verifier: LocalAccount;
  deployment: Deployment;
  subject: AuthorshipSubject;
  author: Address;
  /** Seconds of chain time the statement stays valid. */
  validFor: bigint;
};

/** Signs a statement that `author` wrote the subject's content, refusing a key that is no verifier. */
export async function signAssetAuthorship(parameters: SignAssetAuthorshipParameters): Promise<AuthorshipFile> {
  const { publicClient, verifier, deployment, subject, author } = parameters;
  const read = { address: deployment.contracts.AssetRegistry.address, abi: assetRegistryAbi } as const;
  const [isVerifier, block] = await Promise.all([
    isRegistryVerifier(publicClient, deployment, verifier.address),
    publicClient.getBlock(),
  ]);
  if (!isVerifier) {
    throw new AuthorshipError(`${verifier.address} is not a verifier of this registry: governance appoints them.`);
  }
  const assetId = "assetId" in subject ? subject.assetId : undefined;
  const contentHash =
    "contentHash" in subject
      ? subject.contentHash
      : (
          await publicClient.readContract({ ...read, functionName: "assetInfo", args: [subject.assetId] }).catch(() => {
            throw new AuthorshipError(`Asset ${subject.assetId} does not exist.`);
          })
        )[0];
  const deadline = block.timestamp + parameters.validFor;
  const signed = await signAuthorship({ verifier, deployment, contentHash, author, deadline });
  return { assetId, contentHash, ...signed };
}

async function isRegistryVerifier(publicClient: PublicClient, deployment: Deployment, account: Address) {
  const read = { address: deployment.contracts.AssetRegistry.address, abi: assetRegistryAbi } as const;
  const role = await publicClient.readContract({ ...read, functionName: "VERIFIER_ROLE" });
  return publicClient.readContract({ ...read, functionName: "hasRole", args: [role, account] });
}

/**
 * Why the registry would refuse `statement` from `author` now, checked without sending anything: the statement names
 * someone else, it has expired, its verifier holds no verifier role, or its signature is not the verifier's.
 */
export async function authorshipProblem(parameters: {
  publicClient: PublicClient;
  deployment: Deployment;
  statement: AuthorshipFile;
  author: Address;
}): Promise<AuthorshipError | undefined> {
  const { publicClient, deployment, statement, author } = parameters;
  if (author.toLowerCase() !== statement.author.toLowerCase()) {
    return new AuthorshipError(`The statement names ${statement.author} as the author; this key is ${author}.`);
  }
  const [block, isVerifier, signedByVerifier] = await Promise.all([
    publicClient.getBlock(),
    isRegistryVerifier(publicClient, deployment, statement.verifier),
    publicClient.verifyTypedData({
      address: statement.verifier,
      signature: statement.signature as Hex,
      ...authorshipTypedData(deployment, statement),
    }),
  ]);
  if (block.timestamp > statement.deadline) {
    return new AuthorshipError(`The statement expired at ${statement.deadline}; ask the verifier for a new one.`);
  }
  if (!isVerifier)
    return new AuthorshipError(`${statement.verifier}, who signed it, is not a verifier of this registry.`);
  if (!signedByVerifier) return new AuthorshipError(`The statement's signature is not ${statement.verifier}'s.`);
  return undefined;
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
  const read = { address: deployment.contracts.AssetRegistry.address, abi: assetRegistryAbi } as const;
  const assetId =
    statement.assetId ??
    (await publicClient.readContract({ ...read, functionName: "assetOf", args: [statement.contentHash] }));
  if (assetId === 0n) {
    throw new AuthorshipError(
      `No asset holds content ${statement.contentHash} yet; register it with \`ccn asset register --authorship\`.`,
    );
  }
  const [owner, verified] = await Promise.all([
    publicClient.readContract({ ...read, functionName: "ownerOf", args: [assetId] }),
    publicClient.readContract({ ...read, functionName: "isVerified", args: [assetId] }),
  ]);
  if (verified) throw new AuthorshipError(`Asset ${assetId}'s author is verified already.`);
  const problem = await authorshipProblem({ publicClient, deployment, statement, author: account.address });
  if (problem !== undefined) throw problem;
  const authorship = {
    author: statement.author,
    verifier: statement.verifier,
    deadline: statement.deadline,
    signature: statement.signature as Hex,
  };
  const reclaiming = owner.toLowerCase() !== account.address.toLowerCase();
  const { transactionHash } = reclaiming
    ? await sendContract({
        publicClient,
        walletClient,
        ...read,
        functionName: "reclaim",
        args: [assetId, authorship, parents.map((p) => p.assetId), parents.map((p) => p.weightBps)],
      })
    : await sendContract({
        publicClient,
        walletClient,
        ...read,
        functionName: "verifyAuthorship",
        args: [assetId, authorship],
      });
  return {
    status: reclaiming ? "reclaimed" : "verified",
    assetId,
    author: account.address,
    previousOwner: owner,
    transactionHash,
  };
}
