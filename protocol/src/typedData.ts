/**
 * The EIP-712 domains and types the contracts verify, and the one the forge intake verifies off-chain (a
 * repository's opt-in). One definition, used by the oracle's signers, the intake, the web app, tests and benchmarks
 * alike (viem and ethers both accept these shapes).
 */
import { concat, keccak256 } from "viem";

import type { Hex } from "./hex.ts";

/** Domain name and version of the PayoutDistributor (chain id and address complete the domain). */
export const DISTRIBUTOR_DOMAIN = { name: "CoherencePayoutDistributor", version: "1" } as const;

/** Domain name and version of the ContributionLedger. */
export const LEDGER_DOMAIN = { name: "CoherenceContributionLedger", version: "1" } as const;

/** Domain name and version of the AssetRegistry. */
export const REGISTRY_DOMAIN = { name: "CoherenceAssetRegistry", version: "1" } as const;

/**
 * Domain name and version of the ForgeLinkRegistry (chain id and address complete the domain): a link statement is
 * bound to one registry, whose per-address nonce makes it usable once (`IForgeLinkRegistry.ForgeLink`).
 */
export const FORGE_LINK_REGISTRY_DOMAIN = { name: "CoherenceForgeLinkRegistry", version: "1" } as const;

/** What an address signs to link itself to a forge account, which then posts it (`/ccn link`). */
export const FORGE_LINK_TYPES = {
  ForgeLink: [
    { name: "forge", type: "string" },
    { name: "login", type: "string" },
    { name: "account", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

/** A link statement: `account` links itself to `login` on `forge` (its host), with the registry's `nonces(account)`. */
export type ForgeLinkStatement = { forge: string; login: string; account: Hex; nonce: bigint };

/**
 * The typed data `statement.account` signs to link itself, for the ForgeLinkRegistry at `registry` on `chainId`.
 *
 * @example
 * const nonce = await client.readContract({ address, abi: forgeLinkRegistryAbi, functionName: "nonces", args: [me] });
 * await wallet.signTypedData(forgeLinkTypedData({ chainId: 31337, address }, { forge: "github.com", login, account: me, nonce }));
 */
export function forgeLinkTypedData(registry: { chainId: number; address: Hex }, statement: ForgeLinkStatement) {
  return {
    domain: { ...FORGE_LINK_REGISTRY_DOMAIN, chainId: registry.chainId, verifyingContract: registry.address },
    types: FORGE_LINK_TYPES,
    primaryType: "ForgeLink",
    message: statement,
  } as const;
}

/**
 * Domain name and version of the statements only the forge intake verifies (no contract does): a repository's
 * opt-in, which adds its chain id.
 */
export const INTAKE_DOMAIN = { name: "CoherenceIntake", version: "1" } as const;

/**
 * What an asset's owner signs to opt a repository in: this repository's merged work is attested to this asset,
 * paid through this distributor, behind these gates (`gatesHash`: `canonicalHash` of the gates as written in
 * `.coherence.json`, so a maintainer cannot loosen them without the owner signing again).
 */
export const REPOSITORY_OPT_IN_TYPES = {
  RepositoryOptIn: [
    { name: "repository", type: "string" },
    { name: "assetId", type: "uint256" },
    { name: "distributor", type: "address" },
    { name: "gatesHash", type: "bytes32" },
  ],
} as const;

/**
 * What a repository's asset owner signs to release the contributions of change request `number` that a gate held
 * back (`forge`: `github` or `gitlab`; `repository`: `<forge host>/<owner>/<repo>`, as the intake names it).
 * `heldHash` ({@link heldContributionsHash}) binds it to exactly the held contributions the owner saw, which never
 * return to held once released, so the same signature releases nothing twice; `deadline` (Unix seconds) bounds it
 * in time.
 */
export const INTAKE_APPROVAL_TYPES = {
  IntakeApproval: [
    { name: "forge", type: "string" },
    { name: "repository", type: "string" },
    { name: "number", type: "uint256" },
    { name: "heldHash", type: "bytes32" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

export type IntakeApproval = { forge: string; repository: string; number: bigint; heldHash: Hex; deadline: bigint };

/** The typed data an owner signs to approve held work, for the intake of the deployment on `chainId`. */
export function intakeApprovalTypedData(chainId: number, approval: IntakeApproval) {
  return {
    domain: { ...INTAKE_DOMAIN, chainId },
    types: INTAKE_APPROVAL_TYPES,
    primaryType: "IntakeApproval",
    message: approval,
  } as const;
}

/**
 * `keccak256` of the held contributions' ids (each a bytes32 contribution id), sorted and concatenated: one value
 * for one set, whatever order it is listed in.
 */
export function heldContributionsHash(ids: readonly Hex[]): Hex {
  const sorted = ids.map((id) => id.toLowerCase()).sort();
  return keccak256(concat(sorted as Hex[]));
}

/** What a verifier signs to state that `author` wrote the content `contentHash` (`IAssetRegistry.Authorship`). */
export const AUTHORSHIP_TYPES = {
  Authorship: [
    { name: "contentHash", type: "bytes32" },
    { name: "author", type: "address" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** What oracles sign to propose an epoch; mirrors `IPayoutDistributor.EpochProposal`. */
export const EPOCH_PROPOSAL_TYPES = {
  EpochProposal: [
    { name: "epoch", type: "uint64" },
    { name: "fromBlock", type: "uint64" },
    { name: "toBlock", type: "uint64" },
    { name: "payoutRoot", type: "bytes32" },
    { name: "scoresRoot", type: "bytes32" },
    { name: "manifestHash", type: "bytes32" },
    { name: "tokens", type: "address[]" },
    { name: "totals", type: "uint256[]" },
  ],
} as const;

/** What an account signs to have its claim paid to another recipient. */
export const CLAIM_TYPES = {
  Claim: [
    { name: "account", type: "address" },
    { name: "token", type: "address" },
    { name: "cumulativeAmount", type: "uint256" },
    { name: "recipient", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** What an attester signs to have contributions attested by a relayer. */
export const ATTEST_CONTRIBUTIONS_TYPES = {
  AttestContributions: [
    { name: "contributions", type: "Contribution[]" },
    { name: "attester", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
  Contribution: [
    { name: "contributor", type: "address" },
    { name: "assetId", type: "uint256" },
    { name: "laborMicroUsd", type: "uint64" },
    { name: "toolsMicroUsd", type: "uint64" },
    { name: "computeMicroUsd", type: "uint64" },
    { name: "evidenceHash", type: "bytes32" },
    { name: "evidenceUri", type: "string" },
  ],
} as const;

/**
 * What a payer signs (EIP-2612) to let the RevenueRouter take a payment in the same transaction
 * (`RevenueRouter.payWithPermit`, with the router as spender). The domain is the token's own: read it with the
 * token's `eip712Domain()`.
 */
export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** An epoch proposal as the contracts take it. */
export interface EpochProposal {
  epoch: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  payoutRoot: `0x${string}`;
  scoresRoot: `0x${string}`;
  manifestHash: `0x${string}`;
  tokens: readonly `0x${string}`[];
  totals: readonly bigint[];
}
