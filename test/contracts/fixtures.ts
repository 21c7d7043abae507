/**
 * Shared fixtures of the few contract tests that only TypeScript can express (the contract suite itself is the
 * Solidity one under `contracts/test/`): the protocol deployed and wired as the deploy module does it, and
 * builders for the EIP-712 messages, Merkle trees and proposals those tests send.
 *
 * Nothing here runs at import time: Hardhat's mocha runner loads every file under `test/contracts/`.
 */

import {
  ATTEST_CONTRIBUTIONS_TYPES,
  DISTRIBUTOR_DOMAIN,
  EPOCH_PROPOSAL_TYPES,
  LEDGER_DOMAIN,
  REGISTRY_DOMAIN,
  AUTHORSHIP_TYPES as SHARED_AUTHORSHIP_TYPES,
  CLAIM_TYPES as SHARED_CLAIM_TYPES,
  PERMIT_TYPES as SHARED_PERMIT_TYPES,
} from "@coherence/protocol";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { id, Signature, type TypedDataField } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import type {
  AssetRegistry,
  ContributionLedger,
  DemoToken,
  PayoutDistributor,
  RevenueRouter,
} from "../../types/ethers-contracts/index.ts";

/** The delay of a two-step admin transfer on every contract (3 days). */
export const ADMIN_DELAY = 3n * 24n * 60n * 60n;
/** The distributor's challenge period (1 hour). */
export const CHALLENGE_PERIOD = 60n * 60n;
/** The distributor's oracle signature threshold (of 5 oracles). */
export const THRESHOLD = 3;
/** The router's distribution fee. */
export const FEE_BPS = 200n;
/** The router's contributor pool share of what remains after the fee. */
export const POOL_BPS = 5_000n;
/** The admin role of OpenZeppelin's AccessControl. */
export const DEFAULT_ADMIN_ROLE = `0x${"00".repeat(32)}`;
/** The leaf encoding of the payout tree: `(account, token, cumulativeAmount)`. */
export const LEAF_ENCODING = ["address", "address", "uint256"];

/** Everything `deploySystem` deploys, and the accounts that play each part. */
export interface System {
  registry: AssetRegistry;
  ledger: ContributionLedger;
  distributor: PayoutDistributor;
  router: RevenueRouter;
  /** Two DemoTokens, ascending by address (the order a proposal lists them in). */
  tokens: [DemoToken, DemoToken];
  tokenAddresses: [string, string];
  admin: HardhatEthersSigner;
  guardian: HardhatEthersSigner;
  attester: HardhatEthersSigner;
  /** The registry's authorship verifier. */
  verifier: HardhatEthersSigner;
  payer: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  relayer: HardhatEthersSigner;
  /** The five registered oracles, ascending by address. */
  oracles: HardhatEthersSigner[];
  chainId: bigint;
}

/** Ascending order of addresses, as the distributor requires for tokens and signers. */
export function byAddress(a: { address: string }, b: { address: string }): number {
  const x = BigInt(a.address);
  const y = BigInt(b.address);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Deploys the whole system wired together: registry; ledger (registry, admin, delay, [attester]); distributor
 * (admin, delay, guardian, 5 oracles, threshold 3, 1 h challenge period); router (registry, distributor, admin,
 * delay, treasury, reserve, 2% fee, 50% pool) with both DemoTokens allowlisted; one asset.
 */
export async function deploySystem({ ethers }: NetworkConnection): Promise<System> {
  const signers = await ethers.getSigners();
  const at = (i: number): HardhatEthersSigner => {
    const signer = signers[i];
    if (signer === undefined) throw new Error(`no signer ${i}`);
    return signer;
  };
  const [admin, guardian, treasury, reserve, attester, payer, alice, carol, relayer] = [0, 1, 2, 3, 4, 5, 6, 7, 8].map(
    at,
  ) as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
  ];
  const oracles = [12, 13, 14, 15, 16].map(at).sort(byAddress);
  const verifier = at(17);

  const tokenA = await ethers.deployContract("DemoToken", ["Demo Token A", "DTA", 18]);
  const tokenB = await ethers.deployContract("DemoToken", ["Demo Token B", "DTB", 6]);
  const withAddress = await Promise.all(
    [tokenA, tokenB].map(async (token) => ({ token, address: await token.getAddress() })),
  );
  withAddress.sort(byAddress);
  const tokens = withAddress.map((t) => t.token) as [DemoToken, DemoToken];
  const tokenAddresses = withAddress.map((t) => t.address) as [string, string];

  const registry = await ethers.deployContract("AssetRegistry", [admin, ADMIN_DELAY, [verifier]]);
  const ledger = await ethers.deployContract("ContributionLedger", [registry, admin, ADMIN_DELAY, [attester]]);
  const distributor = await ethers.deployContract("PayoutDistributor", [
    admin,
    ADMIN_DELAY,
    [guardian],
    oracles,
    THRESHOLD,
    CHALLENGE_PERIOD,
    tokenAddresses,
  ]);
  const router = await ethers.deployContract("RevenueRouter", [
    registry,
    distributor,
    admin,
    ADMIN_DELAY,
    treasury,
    reserve,
    FEE_BPS,
    POOL_BPS,
  ]);
  await registry.connect(alice).register(id("content:asset-1"), "ipfs://asset-1", 0, [], []);

  const { chainId } = await ethers.provider.getNetwork();
  return {
    registry,
    ledger,
    distributor,
    router,
    tokens,
    tokenAddresses,
    admin,
    guardian,
    attester,
    verifier,
    payer,
    alice,
    carol,
    relayer,
    oracles,
    chainId,
  };
}

/** Pays `amount` of `token` to asset 1 through the router: 49% of it funds the distributor. */
export async function payRevenue(system: System, token: DemoToken, amount: bigint): Promise<void> {
  const { router, payer } = system;
  await token.mint(payer.address, amount);
  await token.connect(payer).approve(router, amount);
  await router.connect(payer).pay(1n, token, amount);
}

/** A contribution as `IContributionLedger.Contribution`. */
export interface Contribution {
  contributor: string;
  assetId: bigint;
  laborMicroUsd: bigint;
  toolsMicroUsd: bigint;
  computeMicroUsd: bigint;
  evidenceHash: string;
  evidenceUri: string;
}

/** A contribution to asset 1 with plausible costs and evidence named by `label`. */
export function contribution(contributor: string, label: string): Contribution {
  return {
    contributor,
    assetId: 1n,
    laborMicroUsd: 1_500_000n,
    toolsMicroUsd: 250_000n,
    computeMicroUsd: 75_000n,
    evidenceHash: id(`evidence:${label}`),
    evidenceUri: `git://repo/${label}`,
  };
}

/** ethers takes mutable type lists; the shared definitions (what the oracle and web app sign with) are `as const`. */
const forEthers = (types: object) => structuredClone(types) as Record<string, TypedDataField[]>;

/** The EIP-712 types of `ContributionLedger.attestWithSig`. */
export const ATTEST_TYPES = forEthers(ATTEST_CONTRIBUTIONS_TYPES);

/** The EIP-712 types of a `PayoutDistributor` proposal. */
export const PROPOSAL_TYPES = forEthers(EPOCH_PROPOSAL_TYPES);

/** The EIP-712 types of `AssetRegistry.verifyAuthorship` and `reclaim`. */
export const AUTHORSHIP_TYPES = forEthers(SHARED_AUTHORSHIP_TYPES);

/** The EIP-712 types of `PayoutDistributor.claimWithSig`. */
export const CLAIM_TYPES = forEthers(SHARED_CLAIM_TYPES);

/** The EIP-2612 types of the permit `RevenueRouter.payWithPermit` submits to the token. */
export const PERMIT_TYPES = forEthers(SHARED_PERMIT_TYPES);

/** An EIP-712 domain. */
export interface Domain {
  name: string;
  version: string;
  chainId: bigint;
  verifyingContract: string;
}

/** The ledger's EIP-712 domain, from the shared name and version. */
export async function ledgerDomain(system: System): Promise<Domain> {
  return { ...LEDGER_DOMAIN, chainId: system.chainId, verifyingContract: await system.ledger.getAddress() };
}

/** The registry's EIP-712 domain, from the shared name and version. */
export async function registryDomain(system: System): Promise<Domain> {
  return { ...REGISTRY_DOMAIN, chainId: system.chainId, verifyingContract: await system.registry.getAddress() };
}

/** The distributor's EIP-712 domain, from the shared name and version. */
export async function distributorDomain(system: System): Promise<Domain> {
  return { ...DISTRIBUTOR_DOMAIN, chainId: system.chainId, verifyingContract: await system.distributor.getAddress() };
}

/** An epoch proposal as `IPayoutDistributor.EpochProposal`. */
export interface Proposal {
  epoch: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  payoutRoot: string;
  scoresRoot: string;
  manifestHash: string;
  tokens: string[];
  totals: bigint[];
}

/** The proposal of epoch `epoch` over blocks `[fromBlock, toBlock]`. */
export function makeProposal(
  epoch: bigint,
  fromBlock: bigint,
  toBlock: bigint,
  payoutRoot: string,
  tokens: string[],
  totals: bigint[],
): Proposal {
  return {
    epoch,
    fromBlock,
    toBlock,
    payoutRoot,
    scoresRoot: id(`scores-${epoch}`),
    manifestHash: id(`manifest-${epoch}`),
    tokens,
    totals,
  };
}

/** The proposal as a tuple, in ABI order (as the `EpochProposed` event carries it). */
export function proposalTuple(p: Proposal): unknown[] {
  return [p.epoch, p.fromBlock, p.toBlock, p.payoutRoot, p.scoresRoot, p.manifestHash, p.tokens, p.totals];
}

/** A 64-byte ERC-2098 signature as `IPayoutDistributor.CompactSignature`. */
export interface CompactSignature {
  r: string;
  vs: string;
}

/** The compact signatures of the first `THRESHOLD` oracles (ascending by address) over the proposal. */
export async function signProposal(system: System, proposal: Proposal): Promise<CompactSignature[]> {
  const domain = await distributorDomain(system);
  return Promise.all(
    system.oracles.slice(0, THRESHOLD).map(async (oracle) => {
      const signature = Signature.from(await oracle.signTypedData(domain, PROPOSAL_TYPES, { ...proposal }));
      return { r: signature.r, vs: signature.yParityAndS };
    }),
  );
}

/** Proposes with a quorum, waits out the challenge window and finalises. */
export async function finaliseEpoch(
  system: System,
  { networkHelpers }: NetworkConnection,
  proposal: Proposal,
): Promise<void> {
  const { distributor, relayer } = system;
  await (await distributor.connect(relayer).propose(proposal, await signProposal(system, proposal))).wait();
  await networkHelpers.time.increase(CHALLENGE_PERIOD);
  await (await distributor.connect(relayer).finalise(proposal)).wait();
}

/** A payout tree leaf: `[account, token, cumulativeAmount]`. */
export type Leaf = [string, string, bigint];

/** Builds the payout tree exactly as the oracle does (OpenZeppelin StandardMerkleTree). */
export function buildTree(leaves: Leaf[]): StandardMerkleTree<Leaf> {
  return StandardMerkleTree.of(leaves, LEAF_ENCODING);
}

/** Per token (ascending), the sum of the tree's leaves: the totals a proposal carries. */
export function totalsOf(leaves: Leaf[], tokens: string[]): bigint[] {
  return tokens.map((token) => leaves.filter(([, t]) => t === token).reduce((sum, [, , v]) => sum + v, 0n));
}
