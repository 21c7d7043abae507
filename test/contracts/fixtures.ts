/**
 * Shared fixtures and helpers for the contract tests: the whole protocol deployed and wired as the deploy module
 * does it, plus builders for the EIP-712 messages, Merkle trees and proposals the tests send.
 *
 * Nothing here runs at import time: Hardhat's mocha runner loads every file under `test/`.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { id, Signature, type TypedDataField } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import type {
  AssetRegistry,
  ContributionLedger,
  DemoToken,
  PayoutDistributor,
  RevenueRouter,
} from "../../types/ethers-contracts/index.ts";
import { ATTEST_CONTRIBUTIONS_TYPES, CLAIM_TYPES as SHARED_CLAIM_TYPES, EPOCH_PROPOSAL_TYPES } from "@coherence/protocol";

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
/** Basis points in one. */
export const BPS = 10_000n;
/** The admin role of OpenZeppelin's AccessControl. */
export const DEFAULT_ADMIN_ROLE = `0x${"00".repeat(32)}`;
/** A bytes32 zero. */
export const ZERO_HASH = `0x${"00".repeat(32)}`;
/** The leaf encoding of the payout tree: `(account, token, cumulativeAmount)`. */
export const LEAF_ENCODING = ["address", "address", "uint256"];

/** The asset kinds of `IAssetRegistry.AssetKind`, by name. */
export const AssetKind = { Code: 0, Model: 1, Design: 2, Docs: 3, Content: 4, Data: 5, Other: 6 } as const;

/** The contribution statuses of `IContributionLedger.Status`, by name. */
export const Status = { None: 0n, Attested: 1n, Revoked: 2n } as const;

/** Everything `deploySystem` deploys, and the accounts that play each part. */
export interface System {
  registry: AssetRegistry;
  ledger: ContributionLedger;
  distributor: PayoutDistributor;
  router: RevenueRouter;
  /** Two DemoTokens, ascending by address (the order a proposal lists them in). */
  tokens: [DemoToken, DemoToken];
  admin: HardhatEthersSigner;
  guardian: HardhatEthersSigner;
  treasury: HardhatEthersSigner;
  reserve: HardhatEthersSigner;
  attester: HardhatEthersSigner;
  payer: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  stranger: HardhatEthersSigner;
  newAdmin: HardhatEthersSigner;
  /** The five registered oracles, ascending by address. */
  oracles: HardhatEthersSigner[];
  /** A signer that is not an oracle, for rejected signatures. */
  notOracle: HardhatEthersSigner;
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
 * delay, treasury, reserve, 2% fee, 50% pool) holding the distributor's FUNDER_ROLE; two DemoTokens.
 */
export async function deploySystem({ ethers }: NetworkConnection): Promise<System> {
  const signers = await ethers.getSigners();
  const at = (i: number): HardhatEthersSigner => {
    const signer = signers[i];
    if (signer === undefined) throw new Error(`no signer ${i}`);
    return signer;
  };
  const [admin, guardian, treasury, reserve, attester, payer, alice, bob, carol, stranger, newAdmin, notOracle] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
  ].map(at) as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
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

  const registry = await ethers.deployContract("AssetRegistry");
  const ledger = await ethers.deployContract("ContributionLedger", [registry, admin, ADMIN_DELAY, [attester]]);
  const distributor = await ethers.deployContract("PayoutDistributor", [
    admin,
    ADMIN_DELAY,
    guardian,
    oracles,
    THRESHOLD,
    CHALLENGE_PERIOD,
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
  await distributor.connect(admin).grantRole(await distributor.FUNDER_ROLE(), router);

  const tokenA = await ethers.deployContract("DemoToken", ["Demo Token A", "DTA", 18]);
  const tokenB = await ethers.deployContract("DemoToken", ["Demo Token B", "DTB", 6]);
  const withAddress = await Promise.all(
    [tokenA, tokenB].map(async (token) => ({ token, address: await token.getAddress() })),
  );
  withAddress.sort(byAddress);
  const tokens = withAddress.map((t) => t.token) as [DemoToken, DemoToken];

  const { chainId } = await ethers.provider.getNetwork();
  return {
    registry,
    ledger,
    distributor,
    router,
    tokens,
    admin,
    guardian,
    treasury,
    reserve,
    attester,
    payer,
    alice,
    bob,
    carol,
    stranger,
    newAdmin,
    oracles,
    notOracle,
    chainId,
  };
}

/** A content hash derived from a label, for readable tests. */
export function contentHash(label: string): string {
  return id(`content:${label}`);
}

/** An evidence hash (e.g. a commit id) derived from a label. */
export function evidenceHash(label: string): string {
  return id(`evidence:${label}`);
}

/** Registers an asset from `owner` and returns its id. */
export async function registerAsset(
  registry: AssetRegistry,
  owner: HardhatEthersSigner,
  label: string,
  parents: bigint[] = [],
  weights: number[] = [],
  kind: number = AssetKind.Code,
): Promise<bigint> {
  const id = (await registry.assetCount()) + 1n;
  await registry.connect(owner).register(contentHash(label), `ipfs://${label}`, kind, parents, weights);
  return id;
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

/** A contribution with plausible costs; `overrides` replace any field. */
export function contribution(
  contributor: string,
  assetId: bigint,
  label: string,
  overrides: Partial<Contribution> = {},
): Contribution {
  return {
    contributor,
    assetId,
    laborMicroUsd: 1_500_000n,
    toolsMicroUsd: 250_000n,
    computeMicroUsd: 75_000n,
    evidenceHash: evidenceHash(label),
    evidenceUri: `git://repo/${label}`,
    ...overrides,
  };
}

/** The struct as a tuple, in ABI order (as events and `withArgs` see it). */
export function contributionTuple(c: Contribution): unknown[] {
  return [c.contributor, c.assetId, c.laborMicroUsd, c.toolsMicroUsd, c.computeMicroUsd, c.evidenceHash, c.evidenceUri];
}

/** ethers takes mutable type lists; the shared definitions (what the oracle and web app sign with) are `as const`. */
const forEthers = (types: object) => structuredClone(types) as Record<string, TypedDataField[]>;

/** The EIP-712 types of `ContributionLedger.attestWithSig`. */
export const ATTEST_TYPES = forEthers(ATTEST_CONTRIBUTIONS_TYPES);

/** The EIP-712 types of a `PayoutDistributor` proposal. */
export const PROPOSAL_TYPES = forEthers(EPOCH_PROPOSAL_TYPES);

/** The EIP-712 types of `PayoutDistributor.claimWithSig`. */
export const CLAIM_TYPES = forEthers(SHARED_CLAIM_TYPES);

/** An EIP-712 domain. */
export interface Domain {
  name: string;
  version: string;
  chainId: bigint;
  verifyingContract: string;
}

/** The ledger's EIP-712 domain. */
export async function ledgerDomain(ledger: ContributionLedger, chainId: bigint): Promise<Domain> {
  return { name: "CoherenceContributionLedger", version: "1", chainId, verifyingContract: await ledger.getAddress() };
}

/** The distributor's EIP-712 domain. */
export async function distributorDomain(distributor: PayoutDistributor, chainId: bigint): Promise<Domain> {
  return { name: "CoherencePayoutDistributor", version: "1", chainId, verifyingContract: await distributor.getAddress() };
}

/** Something that signs typed data: a Hardhat signer or an ethers wallet. */
export interface TypedDataSigner {
  address: string;
  signTypedData(
    domain: Domain,
    types: Record<string, { name: string; type: string }[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
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

/** The proposal as a tuple, in ABI order (as the `EpochProposed` event carries it). */
export function proposalTuple(p: Proposal): unknown[] {
  return [p.epoch, p.fromBlock, p.toBlock, p.payoutRoot, p.scoresRoot, p.manifestHash, p.tokens, p.totals];
}

/** A 64-byte ERC-2098 signature as `IPayoutDistributor.CompactSignature`. */
export interface CompactSignature {
  r: string;
  vs: string;
}

/**
 * Signs a proposal with each signer and returns the compact signatures in the order given. Callers sort the
 * signers (ascending by address) unless the test is about order.
 */
export async function signProposal(
  domain: Domain,
  proposal: Proposal,
  signers: TypedDataSigner[],
): Promise<CompactSignature[]> {
  return Promise.all(
    signers.map(async (signer) => {
      const signature = Signature.from(await signer.signTypedData(domain, PROPOSAL_TYPES, { ...proposal }));
      return { r: signature.r, vs: signature.yParityAndS };
    }),
  );
}

/** A payout tree leaf: `[account, token, cumulativeAmount]`. */
export type Leaf = [string, string, bigint];

/** Builds the payout tree exactly as the oracle does (OpenZeppelin StandardMerkleTree). */
export function buildTree(leaves: Leaf[]): StandardMerkleTree<Leaf> {
  return StandardMerkleTree.of(leaves, LEAF_ENCODING);
}

/** The proof of `[account, token, amount]` in `tree`; throws if the leaf is not in it. */
export function proofOf(tree: StandardMerkleTree<Leaf>, account: string, token: string, amount: bigint): string[] {
  for (const [i, [a, t, v]] of tree.entries()) {
    if (a === account && t === token && v === amount) return tree.getProof(i);
  }
  throw new Error(`leaf ${account} ${token} ${amount} not in tree`);
}

/** Per token (ascending), the sum of the tree's leaves: the totals a proposal carries. */
export function totalsOf(leaves: Leaf[], tokens: string[]): bigint[] {
  return tokens.map((token) => leaves.filter(([, t]) => t === token).reduce((sum, [, , v]) => sum + v, 0n));
}

/**
 * Shared behaviour of OpenZeppelin's AccessControlDefaultAdminRules as every protocol contract uses it: the admin
 * is set at deployment with the delay, admin transfer is two-step and waits out the delay, and the admin role
 * cannot be granted directly.
 */
export function shouldBehaveLikeDefaultAdminRules(
  connection: NetworkConnection,
  setup: () => Promise<{
    contract: AccessControlLike;
    admin: HardhatEthersSigner;
    newAdmin: HardhatEthersSigner;
    stranger: HardhatEthersSigner;
    /** An admin-only call, to check who holds the role after the transfer. */
    adminAction: (signer: HardhatEthersSigner) => Promise<unknown>;
  }>,
): void {
  const { networkHelpers } = connection;

  describe("default admin rules", function () {
    it("has the deployment admin and delay", async function () {
      const { contract, admin } = await setup();
      expect(await contract.defaultAdmin()).to.equal(admin.address);
      expect(await contract.owner()).to.equal(admin.address);
      expect(await contract.defaultAdminDelay()).to.equal(ADMIN_DELAY);
      expect(await contract.hasRole(DEFAULT_ADMIN_ROLE, admin.address)).to.equal(true);
    });

    it("transfers the admin role in two steps after the delay", async function () {
      const { contract, admin, newAdmin, adminAction } = await setup();
      const tx = await contract.connect(admin).beginDefaultAdminTransfer(newAdmin.address);
      const schedule = (await blockTime(tx)) + ADMIN_DELAY;
      await expect(tx).to.emit(contract, "DefaultAdminTransferScheduled").withArgs(newAdmin.address, schedule);
      const [pending, pendingSchedule] = await contract.pendingDefaultAdmin();
      expect(pending).to.equal(newAdmin.address);
      expect(pendingSchedule).to.equal(schedule);

      await expect(contract.connect(newAdmin).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(contract, "AccessControlEnforcedDefaultAdminDelay")
        .withArgs(schedule);

      // The schedule must have passed strictly: the next block is one second after it.
      await networkHelpers.time.increaseTo(schedule);
      await expect(contract.connect(newAdmin).acceptDefaultAdminTransfer())
        .to.emit(contract, "RoleRevoked")
        .withArgs(DEFAULT_ADMIN_ROLE, admin.address, newAdmin.address)
        .and.to.emit(contract, "RoleGranted")
        .withArgs(DEFAULT_ADMIN_ROLE, newAdmin.address, newAdmin.address);

      expect(await contract.defaultAdmin()).to.equal(newAdmin.address);
      expect(await contract.hasRole(DEFAULT_ADMIN_ROLE, admin.address)).to.equal(false);
      await adminAction(newAdmin);
      await expect(adminAction(admin))
        .to.be.revertedWithCustomError(contract, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, DEFAULT_ADMIN_ROLE);
    });

    it("lets only the pending admin accept", async function () {
      const { contract, admin, newAdmin, stranger } = await setup();
      await contract.connect(admin).beginDefaultAdminTransfer(newAdmin.address);
      await networkHelpers.time.increase(ADMIN_DELAY + 1n);
      await expect(contract.connect(stranger).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(contract, "AccessControlInvalidDefaultAdmin")
        .withArgs(stranger.address);
    });

    it("lets the admin cancel a pending transfer", async function () {
      const { contract, admin, newAdmin } = await setup();
      await contract.connect(admin).beginDefaultAdminTransfer(newAdmin.address);
      await expect(contract.connect(admin).cancelDefaultAdminTransfer()).to.emit(
        contract,
        "DefaultAdminTransferCanceled",
      );
      await networkHelpers.time.increase(ADMIN_DELAY + 1n);
      await expect(contract.connect(newAdmin).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(contract, "AccessControlInvalidDefaultAdmin")
        .withArgs(newAdmin.address);
    });

    it("rejects an admin transfer begun by anyone but the admin", async function () {
      const { contract, stranger, newAdmin } = await setup();
      await expect(contract.connect(stranger).beginDefaultAdminTransfer(newAdmin.address))
        .to.be.revertedWithCustomError(contract, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, DEFAULT_ADMIN_ROLE);
    });

    it("changes the admin delay only after the current delay's difference, and can roll the change back", async function () {
      const { contract, admin, stranger } = await setup();
      const oneDay = 24n * 60n * 60n;
      const tx = await contract.connect(admin).changeDefaultAdminDelay(oneDay);
      const schedule = (await blockTime(tx)) + (ADMIN_DELAY - oneDay);
      await expect(tx).to.emit(contract, "DefaultAdminDelayChangeScheduled").withArgs(oneDay, schedule);
      expect(await contract.pendingDefaultAdminDelay()).to.deep.equal([oneDay, schedule]);

      await expect(contract.connect(admin).rollbackDefaultAdminDelay()).to.emit(
        contract,
        "DefaultAdminDelayChangeCanceled",
      );
      expect(await contract.pendingDefaultAdminDelay()).to.deep.equal([0n, 0n]);

      await contract.connect(admin).changeDefaultAdminDelay(oneDay);
      await networkHelpers.time.increase(ADMIN_DELAY);
      expect(await contract.defaultAdminDelay()).to.equal(oneDay);

      await expect(contract.connect(stranger).changeDefaultAdminDelay(0))
        .to.be.revertedWithCustomError(contract, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, DEFAULT_ADMIN_ROLE);
      await expect(contract.connect(stranger).rollbackDefaultAdminDelay())
        .to.be.revertedWithCustomError(contract, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, DEFAULT_ADMIN_ROLE);
    });

    it("lets the admin renounce only through a scheduled transfer to the zero address", async function () {
      const { contract, admin } = await setup();
      await expect(contract.connect(admin).renounceRole(DEFAULT_ADMIN_ROLE, admin.address))
        .to.be.revertedWithCustomError(contract, "AccessControlEnforcedDefaultAdminDelay")
        .withArgs(0n);
      await contract.connect(admin).beginDefaultAdminTransfer(ZERO_ADDRESS);
      await networkHelpers.time.increase(ADMIN_DELAY + 1n);
      await expect(contract.connect(admin).renounceRole(DEFAULT_ADMIN_ROLE, admin.address))
        .to.emit(contract, "RoleRevoked")
        .withArgs(DEFAULT_ADMIN_ROLE, admin.address, admin.address);
      expect(await contract.defaultAdmin()).to.equal(ZERO_ADDRESS);
    });

    it("supports the ERC-165 ids of AccessControl and AccessControlDefaultAdminRules", async function () {
      const { contract } = await setup();
      expect(await contract.supportsInterface(interfaceId(["supportsInterface(bytes4)"]))).to.equal(true);
      expect(await contract.supportsInterface(interfaceId(ACCESS_CONTROL))).to.equal(true);
      expect(await contract.supportsInterface(interfaceId(DEFAULT_ADMIN_RULES))).to.equal(true);
      expect(await contract.supportsInterface("0xffffffff")).to.equal(false);
    });

    it("rejects granting the admin role directly", async function () {
      const { contract, admin, newAdmin } = await setup();
      await expect(
        contract.connect(admin).grantRole(DEFAULT_ADMIN_ROLE, newAdmin.address),
      ).to.be.revertedWithCustomError(contract, "AccessControlEnforcedDefaultAdminRules");
    });
  });
}

const ZERO_ADDRESS = `0x${"00".repeat(20)}`;

const ACCESS_CONTROL = [
  "hasRole(bytes32,address)",
  "getRoleAdmin(bytes32)",
  "grantRole(bytes32,address)",
  "revokeRole(bytes32,address)",
  "renounceRole(bytes32,address)",
];

const DEFAULT_ADMIN_RULES = [
  "defaultAdmin()",
  "pendingDefaultAdmin()",
  "defaultAdminDelay()",
  "pendingDefaultAdminDelay()",
  "beginDefaultAdminTransfer(address)",
  "cancelDefaultAdminTransfer()",
  "acceptDefaultAdminTransfer()",
  "changeDefaultAdminDelay(uint48)",
  "rollbackDefaultAdminDelay()",
  "defaultAdminDelayIncreaseWait()",
];

/** The ERC-165 id of an interface: the XOR of its function selectors. */
export function interfaceId(signatures: string[]): string {
  const xor = signatures.reduce((acc, sig) => acc ^ BigInt(id(sig).slice(0, 10)), 0n);
  return `0x${xor.toString(16).padStart(8, "0")}`;
}

/** The timestamp of the block that mined `tx`. */
async function blockTime(tx: { wait(): Promise<{ getBlock(): Promise<{ timestamp: number }> } | null> }) {
  const receipt = await tx.wait();
  if (receipt === null) throw new Error("no receipt");
  return BigInt((await receipt.getBlock()).timestamp);
}

/** The contracts with AccessControlDefaultAdminRules. */
export type AccessControlLike = ContributionLedger | RevenueRouter | PayoutDistributor;
