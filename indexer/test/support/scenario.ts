/**
 * The activity the indexer tests run against: every event of every protocol contract and of the timelock that
 * administers them (except the two the contracts never emit, RoleAdminChanged and EIP712DomainChanged), through
 * every entry point that emits it. Privileged calls go through the timelock, as on every network.
 *
 * Lineage (edge weights in bps):  A1 <- A3 (3000) <- A5 (4000);  A1 <- A4 (2000);  A2 <- A4 (1000);  A4 <- A5 (1000);
 * A6 <- A7 (1000);  A4 <- A7 (500); A6 was registered by a squatter on A2 (500) and its author set it to
 * A1 <- A6 (1500), A3 <- A6 (2500) when she reclaimed it.
 */

import { getProofBytes } from "@coherence/oracle";

import {
  ATTEST_CONTRIBUTIONS_TYPES,
  AUTHORSHIP_TYPES,
  bytesToHex,
  CLAIM_TYPES,
  DISTRIBUTOR_DOMAIN,
  type EpochLeaf,
  LEDGER_DOMAIN,
  type Manifest,
  REGISTRY_DOMAIN,
} from "@coherence/protocol";
import { type Address, type Hex, keccak256, maxUint256, stringToHex, zeroHash } from "viem";
import { type BuiltEpoch, buildEpoch, cumulativeOf, proposeEpoch, publishManifest } from "./epochs.ts";
import { ABIS, addressOf, type GovernedCall, type Protocol, ROLES, signer } from "./protocol.ts";

const AttesterRole = keccak256(stringToHex("ATTESTER_ROLE"));
const GuardianRole = keccak256(stringToHex("GUARDIAN_ROLE"));
const CancellerRole = keccak256(stringToHex("CANCELLER_ROLE"));
const VerifierRole = keccak256(stringToHex("VERIFIER_ROLE"));

/** Content hash of a named asset. */
export const contentHash = (name: string): Hex => keccak256(stringToHex(`content:${name}`));
const evidence = (name: string): Hex => keccak256(stringToHex(`evidence:${name}`));
/** Stands for the `canonicalHash` of a named rate card; the registry stores any hash. */
export const rateCardHash = (name: string): Hex => keccak256(stringToHex(`rate card:${name}`));

/** A contribution as the ledger takes it. */
export function contributionOf(
  contributor: number,
  assetId: bigint,
  costs: [labor: bigint, tools: bigint, compute: bigint],
  name: string,
) {
  return {
    contributor: addressOf(contributor),
    assetId,
    laborMicroUsd: costs[0],
    toolsMicroUsd: costs[1],
    computeMicroUsd: costs[2],
    evidenceHash: evidence(name),
    evidenceUri: `git:commit/${name}`,
  };
}

/** Registers an asset from `owner` and returns its id. */
export async function register(
  protocol: Protocol,
  owner: number,
  name: string,
  kind: number,
  parents: [bigint, number][],
): Promise<bigint> {
  await protocol.call(owner, "AssetRegistry", "register", [
    contentHash(name),
    `ipfs://${name}`,
    kind,
    parents.map((p) => p[0]),
    parents.map((p) => p[1]),
  ]);
  const registered = protocol.events.at(-2);
  if (registered?.eventName !== "AssetRegistered") throw new Error(`registering ${name} emitted no AssetRegistered`);
  return registered.args.assetId;
}

/** The id of the contribution whose evidence is named `name`, from its latest `ContributionAttested`. */
function attestedId(protocol: Protocol, name: string): Hex {
  const attested = protocol.events.findLast(
    (e) => e.eventName === "ContributionAttested" && e.args.evidenceHash === evidence(name),
  );
  if (attested?.eventName !== "ContributionAttested") throw new Error(`no contribution ${name} was attested`);
  return attested.args.id;
}

/** The verifier's statement (`IAssetRegistry.Authorship`, valid for an hour) that `author` wrote the asset `name`. */
async function authorship(protocol: Protocol, name: string, author: number) {
  const deadline = (await protocol.public.getBlock()).timestamp + 3600n;
  const signature = await signer(ROLES.verifier).signTypedData({
    domain: {
      ...REGISTRY_DOMAIN,
      chainId: protocol.deployment.chainId,
      verifyingContract: protocol.addresses.AssetRegistry,
    },
    types: AUTHORSHIP_TYPES,
    primaryType: "Authorship",
    message: { contentHash: contentHash(name), author: addressOf(author), deadline },
  });
  return { author: addressOf(author), verifier: addressOf(ROLES.verifier), deadline, signature };
}

/** Mints, approves and pays `amount` of `token` to an asset from the payer. */
export async function pay(protocol: Protocol, assetId: bigint, token: Address, amount: bigint): Promise<void> {
  await protocol.send(ROLES.payer, token, ABIS.DemoToken, "mint", [addressOf(ROLES.payer), amount]);
  await protocol.send(ROLES.payer, token, ABIS.DemoToken, "approve", [protocol.addresses.RevenueRouter, maxUint256]);
  await protocol.call(ROLES.payer, "RevenueRouter", "pay", [assetId, token, amount]);
}

/** The leaf of `account` and `token` in a manifest and its proof. */
export function leafWithProof(manifest: Manifest, account: Address, token: Address): { leaf: EpochLeaf; proof: Hex[] } {
  const leaf = manifest.leaves.find((l) => l.account === account.toLowerCase() && l.token === token.toLowerCase());
  if (!leaf) throw new Error(`no leaf for ${account} / ${token}`);
  const bytes = getProofBytes(manifest.payoutTree.nodes, leaf.treeIndex);
  const proof: Hex[] = [];
  for (let i = 0; i < bytes.length; i += 32) proof.push(bytesToHex(bytes, i, 32) as Hex);
  return { leaf, proof };
}

export type BaseScenario = {
  /** A6 registered by a squatter (dave) and reclaimed by its author (alice); A7 built on it before that. */
  assets: { a1: bigint; a2: bigint; a3: bigint; a4: bigint; a5: bigint; a6: bigint; a7: bigint };
  /** A contribution its attester revoked and attested again with corrected costs (c3). */
  corrected: Hex;
  /** A contribution governance struck (c4). */
  struck: Hex;
  /**
   * Epoch 1, vetoed, and epoch 2 (the same blocks, new signatures), disputed, the dispute rejected by governance,
   * then finalised.
   */
  vetoed: BuiltEpoch;
  epoch2: BuiltEpoch;
  /** Epoch 3, proposed and never finalised: cleared once expired. */
  expired: BuiltEpoch;
  /** Epoch 4, disputed and the dispute upheld by a guardian (so vetoed). */
  upheld: BuiltEpoch;
  /** Epoch 5, over epoch 3's blocks, finalised and then revoked by governance back to epoch 2. */
  revoked: BuiltEpoch;
  /** The dispute terms governance set: bond and reward in dUSD. */
  disputeTerms: { token: Address; bond: bigint; reward: bigint; treasury: Address };
  /** The token governance allowlisted in a batch, then removed from the allowlist again. */
  thirdToken: Address;
  /** Timelock operations: the batch, the one cancelled for good, the one left waiting at the end. */
  batch: Hex;
  cancelled: Hex;
  waiting: Hex;
};

/**
 * Runs the base scenario. Manifests are written to `manifestDir` as `epoch-<n>.json`.
 */
export async function runBaseScenario(protocol: Protocol, manifestDir: string): Promise<BaseScenario> {
  const { usd, eth } = protocol.tokens;
  const { alice, bob, carol, dave, attester, guardian } = ROLES;

  // Registry: lineage, URI update, a rate card (which the transfer keeps), transfer, approvals.
  const a1 = await register(protocol, alice, "a1", 0, []);
  const a2 = await register(protocol, bob, "a2", 1, []);
  const a3 = await register(protocol, alice, "a3", 3, [[a1, 3000]]);
  const a4 = await register(protocol, bob, "a4", 2, [
    [a1, 2000],
    [a2, 1000],
  ]);
  const a5 = await register(protocol, carol, "a5", 4, [
    [a3, 4000],
    [a4, 1000],
  ]);
  await protocol.call(alice, "AssetRegistry", "setURI", [a1, "ipfs://a1-v2"]);
  await protocol.call(alice, "AssetRegistry", "approve", [addressOf(carol), a3]);
  await protocol.call(bob, "AssetRegistry", "setApprovalForAll", [addressOf(carol), true]);
  await protocol.call(alice, "AssetRegistry", "approve", [addressOf(bob), a1]);
  await protocol.call(alice, "AssetRegistry", "setRateCard", [a1, rateCardHash("a1")]);
  await protocol.call(alice, "AssetRegistry", "transferFrom", [addressOf(alice), addressOf(dave), a1]);

  // Ledger: single, batch and signed attestations; a revocation; role and admin changes.
  await protocol.call(attester, "ContributionLedger", "attest", [
    contributionOf(alice, a1, [1_000_000n, 200_000n, 0n], "c1"),
  ]);
  await protocol.call(attester, "ContributionLedger", "attestBatch", [
    [
      contributionOf(bob, a1, [3_000_000n, 0n, 0n], "c2"),
      contributionOf(carol, a3, [500_000n, 0n, 500_000n], "c3"),
      contributionOf(dave, a4, [0n, 2_000_000n, 0n], "c4"),
      contributionOf(alice, a5, [1_000_000n, 0n, 0n], "c5"),
    ],
  ]);
  const signed = [
    contributionOf(carol, a1, [0n, 0n, 800_000n], "c6"),
    contributionOf(bob, a5, [1_000_000n, 0n, 0n], "c7"),
  ];
  const nonce = (await protocol.public.readContract({
    address: protocol.addresses.ContributionLedger,
    abi: ABIS.ContributionLedger,
    functionName: "nonces",
    args: [addressOf(attester)],
  })) as bigint;
  const deadline = (await protocol.public.getBlock()).timestamp + 3600n;
  const attestSignature = await signer(attester).signTypedData({
    domain: {
      ...LEDGER_DOMAIN,
      chainId: protocol.deployment.chainId,
      verifyingContract: protocol.addresses.ContributionLedger,
    },
    types: ATTEST_CONTRIBUTIONS_TYPES,
    primaryType: "AttestContributions",
    message: { contributions: signed, attester: addressOf(attester), nonce, deadline },
  });
  await protocol.call(ROLES.payer, "ContributionLedger", "attestWithSig", [
    signed,
    addressOf(attester),
    deadline,
    attestSignature,
  ]);
  const attested = protocol.events.at(-1);
  if (attested?.eventName !== "ContributionAttested") throw new Error("attestWithSig emitted no ContributionAttested");
  const c7 = attested.args.id;
  await protocol.call(attester, "ContributionLedger", "revoke", [c7, "duplicate of c5"]);
  // Governance strikes the revoked c7 as well, so no attester can attest it again.
  await protocol.govern("ContributionLedger", "revoke", [c7, "a duplicate, for good"]);
  // Roles and two-step admin rules on each access-controlled contract (the router has no role of its own: a
  // made-up one shows its role events).
  const roles = {
    AssetRegistry: VerifierRole,
    ContributionLedger: AttesterRole,
    PayoutDistributor: GuardianRole,
    RevenueRouter: keccak256(stringToHex("INDEXER_TEST_ROLE")),
  } as const;
  for (const [contract, role] of Object.entries(roles) as [keyof typeof roles, Hex][]) {
    await protocol.govern(contract, "grantRole", [role, addressOf(ROLES.extraAttester)]);
    await protocol.govern(contract, "revokeRole", [role, addressOf(ROLES.extraAttester)]);
    await protocol.govern(contract, "beginDefaultAdminTransfer", [addressOf(ROLES.recipient)]);
    await protocol.govern(contract, "cancelDefaultAdminTransfer", []);
    // One batch, so the rollback lands while the delay change is still pending (it takes effect 600 s after it
    // is made, long before a separately scheduled rollback could run) and cancels it.
    await protocol.execute(
      await protocol.schedule([
        { contract, functionName: "changeDefaultAdminDelay", args: [600] },
        { contract, functionName: "rollbackDefaultAdminDelay", args: [] },
      ]),
    );
  }

  // Revenue in two tokens, a split change, treasury and reserve changes.
  await pay(protocol, a1, usd, 1_000_000_000n);
  await pay(protocol, a5, usd, 500_000_000n);
  await pay(protocol, a4, eth, 2n * 10n ** 18n);
  await pay(protocol, a1, eth, 10n ** 18n);
  await protocol.govern("RevenueRouter", "setSplit", [300, 6000]);
  await pay(protocol, a3, usd, 100_000_001n);
  await protocol.govern("RevenueRouter", "setTreasury", [addressOf(ROLES.newTreasury)]);
  await protocol.govern("RevenueRouter", "setTreasury", [addressOf(ROLES.treasury)]);
  await protocol.govern("RevenueRouter", "setReserve", [addressOf(ROLES.reserve)]);

  // Dispute terms (a bond in dUSD, a reward for an upheld dispute) and a disputer with the bond approved.
  const disputeTerms = { token: usd, bond: 100_000_000n, reward: 25_000_000n, treasury: addressOf(ROLES.treasury) };
  await protocol.govern("PayoutDistributor", "setDisputeTerms", [disputeTerms]);
  await protocol.fundEth(ROLES.disputer, 10n ** 18n);
  await protocol.send(ROLES.disputer, usd, ABIS.DemoToken, "mint", [addressOf(ROLES.disputer), 2n * disputeTerms.bond]);
  await protocol.send(ROLES.disputer, usd, ABIS.DemoToken, "approve", [
    protocol.addresses.PayoutDistributor,
    maxUint256,
  ]);

  // Epoch 1: proposed by a 3-of-5 quorum and vetoed (its number is burnt); epoch 2 over the same blocks is
  // proposed by another quorum and finalised after the challenge window.
  const fromBlock = BigInt(protocol.deployment.contracts.AssetRegistry.startBlock);
  const toBlock = await protocol.blockNumber();
  const vetoed = await buildEpoch(protocol, {
    number: 1n,
    fromBlock,
    toBlock,
    previous: [],
    codeVersion: "indexer-test@vetoed",
  });
  await proposeEpoch(protocol, vetoed.proposal, [2, 3, 4]);
  await protocol.call(guardian, "PayoutDistributor", "veto", ["scores disputed"]);
  const epoch2 = await buildEpoch(protocol, {
    number: 2n,
    fromBlock,
    toBlock,
    previous: [],
    codeVersion: "indexer-test@2",
  });
  await publishManifest(manifestDir, epoch2);
  await proposeEpoch(protocol, epoch2.proposal, [4, 5, 6], ROLES.dave);
  // Disputed by a fresh account, which posts the bond; only governance can reject it, through the timelock.
  await protocol.call(ROLES.disputer, "PayoutDistributor", "dispute", ["epoch 2 repeats the vetoed epoch 1"]);
  await protocol.execute(
    await protocol.schedule([
      {
        contract: "PayoutDistributor",
        functionName: "resolveDispute",
        args: [false, "the same blocks, with new signatures: nothing wrong"],
      },
    ]),
  );
  await protocol.increaseTime(protocol.deployment.parameters.challengePeriod + 1);
  await protocol.call(ROLES.payer, "PayoutDistributor", "finalise", [epoch2.proposal]);

  // Claims: one direct, one batch, one signed to another recipient.
  const m = epoch2.manifest;
  const aliceUsd = leafWithProof(m, addressOf(alice), usd);
  await protocol.call(ROLES.payer, "PayoutDistributor", "claim", [
    addressOf(alice),
    usd,
    aliceUsd.leaf.cumulative,
    aliceUsd.proof,
  ]);
  const bobLeaves = m.leaves.filter((l) => l.account === addressOf(bob));
  await protocol.call(bob, "PayoutDistributor", "claimBatch", [
    addressOf(bob),
    bobLeaves.map((l) => l.token),
    bobLeaves.map((l) => l.cumulative),
    bobLeaves.map((l) => leafWithProof(m, addressOf(bob), l.token as Address).proof),
  ]);
  const carolEth = leafWithProof(m, addressOf(carol), eth);
  const claimNonce = (await protocol.public.readContract({
    address: protocol.addresses.PayoutDistributor,
    abi: ABIS.PayoutDistributor,
    functionName: "nonces",
    args: [addressOf(carol)],
  })) as bigint;
  const claimDeadline = (await protocol.public.getBlock()).timestamp + 3600n;
  const claimSignature = await signer(carol).signTypedData({
    domain: {
      ...DISTRIBUTOR_DOMAIN,
      chainId: protocol.deployment.chainId,
      verifyingContract: protocol.addresses.PayoutDistributor,
    },
    types: CLAIM_TYPES,
    primaryType: "Claim",
    message: {
      account: addressOf(carol),
      token: eth,
      cumulativeAmount: carolEth.leaf.cumulative,
      recipient: addressOf(ROLES.recipient),
      nonce: claimNonce,
      deadline: claimDeadline,
    },
  });
  await protocol.call(ROLES.payer, "PayoutDistributor", "claimWithSig", [
    addressOf(carol),
    eth,
    carolEth.leaf.cumulative,
    carolEth.proof,
    addressOf(ROLES.recipient),
    claimDeadline,
    claimSignature,
  ]);

  // Epoch 3 over the blocks since, with new revenue: proposed, never finalised, and a challenge period after its
  // deadline cleared by anyone.
  await pay(protocol, a2, usd, 50_000_000n);
  const expired = await buildEpoch(protocol, {
    number: 3n,
    fromBlock: epoch2.proposal.toBlock + 1n,
    toBlock: await protocol.blockNumber(),
    previous: cumulativeOf(epoch2.manifest),
    codeVersion: "indexer-test@expired",
  });
  await proposeEpoch(protocol, expired.proposal, [2, 4, 6]);
  await protocol.increaseTime(2 * protocol.deployment.parameters.challengePeriod + 1);
  await protocol.call(ROLES.payer, "PayoutDistributor", "clearExpiredProposal", []);

  // Epoch 4 over the same blocks: disputed, and a guardian upholds the dispute (the root is vetoed; the disputer
  // gets its bond back and the reward from the bond vault's reserve, which the treasury topped up).
  const upheld = await buildEpoch(protocol, {
    number: 4n,
    fromBlock: expired.proposal.fromBlock,
    toBlock: expired.proposal.toBlock,
    previous: cumulativeOf(epoch2.manifest),
    codeVersion: "indexer-test@upheld",
  });
  await proposeEpoch(protocol, upheld.proposal, [3, 5, 6]);
  await protocol.call(ROLES.disputer, "PayoutDistributor", "dispute", ["epoch 4 scores an asset twice"]);
  const bondVault = (await protocol.public.readContract({
    address: protocol.addresses.PayoutDistributor,
    abi: ABIS.PayoutDistributor,
    functionName: "bondVault",
  })) as Address;
  await protocol.send(ROLES.treasury, usd, ABIS.DemoToken, "mint", [bondVault, disputeTerms.reward]);
  await protocol.call(guardian, "PayoutDistributor", "resolveDispute", [true, "confirmed: asset 2 counted twice"]);

  // Epoch 5 over the same blocks is finalised, then governance revokes it back to epoch 2: claims are checked
  // against epoch 2's root again, and the next epoch would cover these blocks anew.
  const revoked = await buildEpoch(protocol, {
    number: 5n,
    fromBlock: expired.proposal.fromBlock,
    toBlock: expired.proposal.toBlock,
    previous: cumulativeOf(epoch2.manifest),
    codeVersion: "indexer-test@revoked",
  });
  await publishManifest(manifestDir, revoked);
  await proposeEpoch(protocol, revoked.proposal, [2, 3, 4]);
  await protocol.increaseTime(protocol.deployment.parameters.challengePeriod + 1);
  await protocol.call(ROLES.payer, "PayoutDistributor", "finalise", [revoked.proposal]);
  await protocol.govern("PayoutDistributor", "revokeFinalisedRoot", [
    epoch2.proposal.epoch,
    epoch2.proposal.toBlock,
    epoch2.proposal.payoutRoot,
    "epoch 5 paid a key the treasury reported stolen",
  ]);

  // Distributor parameters, pause and unpause.
  await protocol.govern("PayoutDistributor", "setOracle", [addressOf(ROLES.newOracle), true]);
  await protocol.govern("PayoutDistributor", "setThreshold", [4]);
  await protocol.govern("PayoutDistributor", "setThreshold", [3]);
  await protocol.govern("PayoutDistributor", "setChallengePeriod", [7200]);
  await protocol.govern("PayoutDistributor", "setOracle", [addressOf(ROLES.newOracle), false]);
  await protocol.call(guardian, "PayoutDistributor", "pause", []);
  const unpause = await protocol.govern("PayoutDistributor", "unpause", []);

  // After the epochs, so that their manifests need not follow a reclaimed lineage.
  const { a6, a7, corrected, struck } = await runAuthorshipAndCorrections(protocol, { a1, a2, a3, a4, a5 });

  // Governance beyond single calls: a batch (a third token allowlisted and the reserve set again) that must follow
  // the unpause; the token's removal cancelled by a guardian, then scheduled again with the same (zero) salt, so
  // the same operation id, and executed; a canceller added and removed on the timelock; the delay lengthened; and
  // one change cancelled for good and one left waiting.
  const thirdToken = await protocol.deployToken("Demo Euro", "dEUR", 6);
  const batch = await protocol.schedule(
    [
      { contract: "PayoutDistributor", functionName: "setTokenAllowed", args: [thirdToken, true] },
      { contract: "RevenueRouter", functionName: "setReserve", args: [addressOf(ROLES.reserve)] },
    ],
    { predecessor: unpause.id },
  );
  await protocol.execute(batch);
  const removal: GovernedCall[] = [
    { contract: "PayoutDistributor", functionName: "setTokenAllowed", args: [thirdToken, false] },
  ];
  await protocol.cancel(guardian, await protocol.schedule(removal, { salt: zeroHash }));
  await protocol.execute(await protocol.schedule(removal, { salt: zeroHash }), ROLES.payer);
  await protocol.govern("CoherenceTimelock", "grantRole", [CancellerRole, addressOf(ROLES.extraAttester)]);
  await protocol.govern("CoherenceTimelock", "revokeRole", [CancellerRole, addressOf(ROLES.extraAttester)]);
  const cancelled = await protocol.schedule([
    { contract: "PayoutDistributor", functionName: "setChallengePeriod", args: [600] },
  ]);
  await protocol.cancel(guardian, cancelled);
  await protocol.govern("CoherenceTimelock", "updateDelay", [3 * 3600]);
  const waiting = await protocol.schedule([{ contract: "PayoutDistributor", functionName: "setThreshold", args: [4] }]);

  return {
    assets: { a1, a2, a3, a4, a5, a6, a7 },
    corrected,
    struck,
    vetoed,
    epoch2,
    expired,
    upheld,
    revoked,
    disputeTerms,
    thirdToken,
    batch: batch.id,
    cancelled: cancelled.id,
    waiting: waiting.id,
  };
}

/**
 * Attesters chosen by owners, rate cards, verified authorship, a reclaim, a correction and a strike:
 * - carol restricts A5's attesters to the scenario's attester (choosing and withdrawing another on the way), who
 *   attests c8 to it, and publishes A5's rate card;
 * - the verifier's statement that bob wrote A2 verifies it (anyone may submit it: the payer does); bob publishes
 *   A2's rate card and withdraws it;
 * - dave registers alice's content A6 first, crediting A2, restricts its attesters to one of his choosing and
 *   publishes a rate card; carol builds A7 on A6 and A4; alice, with the verifier's statement, takes A6 back with a
 *   lineage of her own (A1, A3), which neither dave's choice nor his card survives, restricts its attesters to the
 *   scenario's attester, who attests c9 to it;
 * - the attester revokes c3 and attests it again with corrected costs, by another entry point (`attest`);
 * - governance strikes c4 through the timelock.
 */
async function runAuthorshipAndCorrections(
  protocol: Protocol,
  { a1, a2, a3, a4, a5 }: { a1: bigint; a2: bigint; a3: bigint; a4: bigint; a5: bigint },
): Promise<{ a6: bigint; a7: bigint; corrected: Hex; struck: Hex }> {
  const { alice, bob, carol, dave, attester, extraAttester } = ROLES;
  await protocol.call(carol, "AssetRegistry", "setAttestersRestricted", [a5, true]);
  for (const [who, chosen] of [
    [attester, true],
    [extraAttester, true],
    [extraAttester, false],
  ] as const)
    await protocol.call(carol, "AssetRegistry", "setAttesterChosen", [a5, addressOf(who), chosen]);
  await protocol.call(attester, "ContributionLedger", "attest", [contributionOf(carol, a5, [400_000n, 0n, 0n], "c8")]);
  await protocol.call(carol, "AssetRegistry", "setRateCard", [a5, rateCardHash("a5")]);

  await protocol.call(ROLES.payer, "AssetRegistry", "verifyAuthorship", [a2, await authorship(protocol, "a2", bob)]);
  await protocol.call(bob, "AssetRegistry", "setRateCard", [a2, rateCardHash("a2")]);
  await protocol.call(bob, "AssetRegistry", "setRateCard", [a2, zeroHash]);

  const a6 = await register(protocol, dave, "a6", 0, [[a2, 500]]);
  await protocol.call(dave, "AssetRegistry", "setAttestersRestricted", [a6, true]);
  await protocol.call(dave, "AssetRegistry", "setAttesterChosen", [a6, addressOf(extraAttester), true]);
  await protocol.call(dave, "AssetRegistry", "setRateCard", [a6, rateCardHash("dave's a6")]);
  const a7 = await register(protocol, carol, "a7", 2, [
    [a6, 1000],
    [a4, 500],
  ]);
  await protocol.call(alice, "AssetRegistry", "reclaim", [
    a6,
    await authorship(protocol, "a6", alice),
    [a1, a3],
    [1500, 2500],
  ]);
  await protocol.call(alice, "AssetRegistry", "setAttestersRestricted", [a6, true]);
  await protocol.call(alice, "AssetRegistry", "setAttesterChosen", [a6, addressOf(attester), true]);
  await protocol.call(attester, "ContributionLedger", "attest", [contributionOf(bob, a6, [2_000_000n, 0n, 0n], "c9")]);

  const corrected = attestedId(protocol, "c3");
  await protocol.call(attester, "ContributionLedger", "revoke", [corrected, "compute counted twice"]);
  await protocol.call(attester, "ContributionLedger", "attest", [
    contributionOf(carol, a3, [500_000n, 0n, 300_000n], "c3"),
  ]);
  const struck = attestedId(protocol, "c4");
  await protocol.govern("ContributionLedger", "revoke", [struck, "the evidence is someone else's work"]);
  return { a6, a7, corrected, struck };
}

/** Event names of the five contracts that the scenario must have produced (all but the never-emitted ones). */
export const NEVER_EMITTED = new Set(["RoleAdminChanged", "EIP712DomainChanged"]);
