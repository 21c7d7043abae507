/**
 * Tables of the Coherence Network indexer. Every event of the four protocol contracts and of their admin, the
 * CoherenceTimelock, lands here; derived
 * tables (resonance, aggregates, totals) are kept current by the handlers in src/.
 *
 * Units as in the protocol: token amounts in base units and costs in micro-USD, both `bigint` (numeric(78));
 * basis points as integers. Never floating point.
 *
 * `subgraph-schema.graphql` at the repository root documents these tables in The Graph's dialect;
 * test/subgraphSchema.test.ts fails when the two drift apart.
 */

import { ASSET_KINDS } from "@coherence/protocol";
import { index, onchainEnum, onchainTable, relations } from "ponder";

/** The asset kinds of `IAssetRegistry.AssetKind`, in enum order. */
export const assetKind = onchainEnum("asset_kind", ASSET_KINDS);
/**
 * A contribution is attested until its attester revokes it (`revoked`: the attester, or another the asset allows,
 * may attest it again with corrected costs, and it is `attested` again) or governance strikes it (`struck`, final).
 */
export const contributionStatus = onchainEnum("contribution_status", ["attested", "revoked", "struck"]);
/**
 * An epoch proposal waits out its challenge window, then is finalised, unless a guardian vetoes it; one nobody
 * finalised for a challenge period after its deadline can be cleared by anyone (`expired`).
 */
export const epochStatus = onchainEnum("epoch_status", ["proposed", "vetoed", "finalised", "expired", "revoked"]);
/**
 * A dispute holds its epoch's proposal (neither finalised nor expired) until it is resolved: upheld by a guardian or
 * governance (the proposal is vetoed, the bond returned with the reward) or rejected by governance (the bond goes to
 * the treasury, the proposal may be finalised).
 */
export const disputeStatus = onchainEnum("dispute_status", ["open", "upheld", "rejected"]);
/**
 * Why a forge link ended (`IForgeLinkRegistry.UnlinkCause`): the address unlinked itself (`account`), a linker did
 * on the forge account's `/ccn unlink` (`linker`), or a newer link of the forge account or the address took its place
 * (`replaced`).
 */
export const unlinkCause = onchainEnum("unlink_cause", ["account", "linker", "replaced"]);
/** `claim`: `Claimed`, paid to the account; `claimTo`: `ClaimedTo`, paid to another recipient on its signature. */
export const claimKind = onchainEnum("claim_kind", ["claim", "claimTo"]);
/** A timelock operation waits out its delay once scheduled, until someone executes it or a canceller cancels it. */
export const governanceStatus = onchainEnum("governance_status", ["scheduled", "executed", "cancelled"]);

// ---------------------------------------------------------------------------------------------------------------
// Asset registry

/** A registered composable (an ERC-721 token of the AssetRegistry). */
export const asset = onchainTable(
  "asset",
  (t) => ({
    /** The token id. */
    id: t.bigint().primaryKey(),
    /** The current owner (follows ERC-721 transfers). */
    owner: t.hex().notNull(),
    /** Who registered it (the first owner). */
    registrant: t.hex().notNull(),
    contentHash: t.hex().notNull(),
    kind: assetKind("kind").notNull(),
    uri: t.text().notNull(),
    /** Sum of the parent edge weights: the part of its contributor revenue that flows upstream. */
    upstreamShareBps: t.integer().notNull(),
    /** Parent asset ids in registration order (the edges are in `lineageEdge`). */
    parentIds: t.bigint().array().notNull(),
    /** The approved operator of this token, if any (ERC-721 `Approval`). */
    approved: t.hex(),
    registeredBlock: t.bigint().notNull(),
    registeredAt: t.bigint().notNull(),
    registeredTx: t.hex().notNull(),
    /**
     * Whether a verifier (the registry's `VERIFIER_ROLE`) signed that its owner is the content's author. Until then
     * registration is first-come: whoever registered the content hash first owns it.
     */
    verified: t.boolean().notNull(),
    /** The verifier who signed the authorship, and when it was submitted. */
    verifiedBy: t.hex(),
    verifiedAt: t.bigint(),
    verifiedBlock: t.bigint(),
    verifiedTx: t.hex(),
    /** Who had registered the author's content first and lost the asset to the author's reclaim; null otherwise. */
    reclaimedFrom: t.hex(),
    /** Whether only the attesters its owner chose (`assetAttester`) may attest contributions to it. */
    attestersRestricted: t.boolean().notNull(),
    /**
     * The `canonicalHash` of the rate card its owner published (`RateCardSet`), the roles and hourly bounds that
     * cost reports of its contributions price labour by. A transfer keeps it; null when there is none: never
     * published, withdrawn by its owner, or withdrawn by a reclaim (the previous owner's card does not survive it).
     */
    rateCardHash: t.hex(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ ownerIdx: index().on(table.owner), contentHashIdx: index().on(table.contentHash) }),
);

/** One lineage edge: `child` was built from `parent`, which receives `weightBps` of the child's contributor revenue. */
export const lineageEdge = onchainTable(
  "lineage_edge",
  (t) => ({
    /** `<childId>-<parentId>`. */
    id: t.text().primaryKey(),
    childId: t.bigint().notNull(),
    parentId: t.bigint().notNull(),
    weightBps: t.integer().notNull(),
    /** The parent's position in the registration's parent list. */
    position: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
  }),
  (table) => ({ childIdx: index().on(table.childId), parentIdx: index().on(table.parentId) }),
);

/**
 * An attester the asset's current owner chose (or chose, then withdrew: `chosen` false). A reclaim by the verified
 * author lapses the previous owner's choices: their rows are deleted, so only the current owner's are here.
 */
export const assetAttester = onchainTable(
  "asset_attester",
  (t) => ({
    /** `<assetId>-<attester>`. */
    id: t.text().primaryKey(),
    assetId: t.bigint().notNull(),
    attester: t.hex().notNull(),
    /** Whether it may attest to the asset while the asset's attesters are restricted. */
    chosen: t.boolean().notNull(),
    updatedBlock: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
    updatedTx: t.hex().notNull(),
  }),
  (table) => ({ assetIdx: index().on(table.assetId) }),
);

/** Every ERC-721 `Transfer` of an asset token, the mint included. */
export const assetTransfer = onchainTable(
  "asset_transfer",
  (t) => ({
    /** The log's id. */
    id: t.text().primaryKey(),
    assetId: t.bigint().notNull(),
    from: t.hex().notNull(),
    to: t.hex().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ assetIdx: index().on(table.assetId) }),
);

/** ERC-721 `ApprovalForAll`: an operator approved (or no longer) for all of an owner's assets. */
export const operatorApproval = onchainTable("operator_approval", (t) => ({
  /** `<owner>-<operator>`. */
  id: t.text().primaryKey(),
  owner: t.hex().notNull(),
  operator: t.hex().notNull(),
  approved: t.boolean().notNull(),
  updatedBlock: t.bigint().notNull(),
}));

// ---------------------------------------------------------------------------------------------------------------
// Contribution ledger

/**
 * An attested contribution and, once revoked or struck, its revocation. A revoked contribution attested again under
 * the same id is this row, superseded: the latest attestation's attester, costs and evidence URI, its revocation
 * cleared.
 */
export const contribution = onchainTable(
  "contribution",
  (t) => ({
    /** The contribution id, `keccak256(abi.encode(assetId, contributor, evidenceHash))`. */
    id: t.hex().primaryKey(),
    assetId: t.bigint().notNull(),
    contributorId: t.hex().notNull(),
    attester: t.hex().notNull(),
    laborMicroUsd: t.bigint().notNull(),
    toolsMicroUsd: t.bigint().notNull(),
    computeMicroUsd: t.bigint().notNull(),
    /** labor + tools + compute. */
    costMicroUsd: t.bigint().notNull(),
    evidenceHash: t.hex().notNull(),
    evidenceUri: t.text().notNull(),
    /** The ledger function that attested it: `attest`, `attestBatch`, `attestWithSig`, or `other` (via a contract). */
    method: t.text().notNull(),
    status: contributionStatus("status").notNull(),
    /** How many times it was attested: more than 1 once its attester revoked it and attested it again, corrected. */
    attestationCount: t.integer().notNull(),
    attestedBlock: t.bigint().notNull(),
    attestedAt: t.bigint().notNull(),
    attestedTx: t.hex().notNull(),
    /** Who revoked it: its attester (`revoked`) or the timelock (`struck`). */
    revokedBy: t.hex(),
    revokeReason: t.text(),
    revokedBlock: t.bigint(),
    revokedAt: t.bigint(),
    revokedTx: t.hex(),
  }),
  (table) => ({ assetIdx: index().on(table.assetId), contributorIdx: index().on(table.contributorId) }),
);

/**
 * A contributor's aggregates; cost figures count attested (neither revoked nor struck) contributions only.
 * `contributionCount = activeContributionCount + revokedContributionCount + struckContributionCount`.
 */
export const contributor = onchainTable("contributor", (t) => ({
  /** The contributor's address. */
  id: t.hex().primaryKey(),
  contributionCount: t.integer().notNull(),
  activeContributionCount: t.integer().notNull(),
  /** Revoked by their attester and not attested again (yet). */
  revokedContributionCount: t.integer().notNull(),
  /** Struck by governance. */
  struckContributionCount: t.integer().notNull(),
  /** Assets with at least one attested (neither revoked nor struck) contribution of this contributor. */
  assetCount: t.integer().notNull(),
  laborMicroUsd: t.bigint().notNull(),
  toolsMicroUsd: t.bigint().notNull(),
  computeMicroUsd: t.bigint().notNull(),
  totalCostMicroUsd: t.bigint().notNull(),
  firstContributionAt: t.bigint().notNull(),
  lastContributionAt: t.bigint().notNull(),
}));

/** One contributor's attested (neither revoked nor struck) contributions to one asset: the input of its diversity. */
export const assetContributor = onchainTable(
  "asset_contributor",
  (t) => ({
    /** `<assetId>-<contributor>`. */
    id: t.text().primaryKey(),
    assetId: t.bigint().notNull(),
    contributorId: t.hex().notNull(),
    contributionCount: t.integer().notNull(),
    costMicroUsd: t.bigint().notNull(),
  }),
  (table) => ({ assetIdx: index().on(table.assetId), contributorIdx: index().on(table.contributorId) }),
);

// ---------------------------------------------------------------------------------------------------------------
// Revenue router

/** One `RevenuePaid`: a payment to an asset and its exact split (`fee + reserve + pool == amount`). */
export const revenuePayment = onchainTable(
  "revenue_payment",
  (t) => ({
    /** The log's id. */
    id: t.text().primaryKey(),
    assetId: t.bigint().notNull(),
    token: t.hex().notNull(),
    payer: t.hex().notNull(),
    amount: t.bigint().notNull(),
    fee: t.bigint().notNull(),
    reserve: t.bigint().notNull(),
    pool: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ assetIdx: index().on(table.assetId), tokenIdx: index().on(table.token) }),
);

/** An asset's revenue in one token, summed over its payments. */
export const assetRevenue = onchainTable(
  "asset_revenue",
  (t) => ({
    /** `<assetId>-<token>`. */
    id: t.text().primaryKey(),
    assetId: t.bigint().notNull(),
    token: t.hex().notNull(),
    paymentCount: t.integer().notNull(),
    amount: t.bigint().notNull(),
    fee: t.bigint().notNull(),
    reserve: t.bigint().notNull(),
    pool: t.bigint().notNull(),
  }),
  (table) => ({ assetIdx: index().on(table.assetId) }),
);

/** One `Funded`: contributor-pool funds that reached the pool vault, credited by the payout distributor. */
export const funding = onchainTable("funding", (t) => ({
  /** The log's id. */
  id: t.text().primaryKey(),
  token: t.hex().notNull(),
  funder: t.hex().notNull(),
  amount: t.bigint().notNull(),
  /** The token's lifetime funding after this one. */
  totalFunded: t.bigint().notNull(),
  blockNumber: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
  txHash: t.hex().notNull(),
}));

// ---------------------------------------------------------------------------------------------------------------
// Payout distributor

/**
 * One epoch proposal. Epoch numbers count proposals (the distributor burns a vetoed number), so the number is
 * the id; finalised epochs are ascending but may skip vetoed numbers.
 */
export const epoch = onchainTable(
  "epoch",
  (t) => ({
    /** The epoch number. */
    id: t.bigint().primaryKey(),
    proposalHash: t.hex().notNull(),
    status: epochStatus("status").notNull(),
    fromBlock: t.bigint().notNull(),
    toBlock: t.bigint().notNull(),
    payoutRoot: t.hex().notNull(),
    scoresRoot: t.hex().notNull(),
    /** keccak256 of the published epoch manifest. */
    manifestHash: t.hex().notNull(),
    /** The payout tree's tokens, ascending, and per token the sum of its cumulative leaves. */
    tokens: t.hex().array().notNull(),
    totals: t.bigint().array().notNull(),
    /** The oracles whose signatures made the quorum, ascending. */
    signers: t.hex().array().notNull(),
    /** Timestamp from which the proposal can be finalised. */
    challengeDeadline: t.bigint().notNull(),
    proposer: t.hex().notNull(),
    proposedBlock: t.bigint().notNull(),
    proposedAt: t.bigint().notNull(),
    proposedTx: t.hex().notNull(),
    vetoedBy: t.hex(),
    vetoReason: t.text(),
    vetoedAt: t.bigint(),
    vetoedTx: t.hex(),
    finalisedBy: t.hex(),
    finalisedAt: t.bigint(),
    finalisedBlock: t.bigint(),
    finalisedTx: t.hex(),
    /** Who cleared the proposal once it had expired (`clearExpiredProposal`, anyone may call it). */
    expiredBy: t.hex(),
    expiredAt: t.bigint(),
    expiredTx: t.hex(),
    /** When governance revoked it after finalisation (`revokeFinalisedRoot`), back to `restoredEpoch`, and why. */
    revokedAt: t.bigint(),
    revokedTx: t.hex(),
    revokeReason: t.text(),
    restoredEpoch: t.bigint(),
    /** How many times it was disputed (a rejected dispute leaves it open to another within its window). */
    disputeCount: t.integer().notNull(),
    /** Its latest dispute's status; null when never disputed. The disputes are in `dispute`. */
    disputeStatus: disputeStatus("dispute_status"),
  }),
  (table) => ({ statusIdx: index().on(table.status) }),
);

/** One `EpochDisputed` and its `DisputeResolved`: someone posted a bond against a pending proposal. */
export const dispute = onchainTable(
  "dispute",
  (t) => ({
    /** `<epoch>-<n>`: the epoch's n-th dispute (1 for the first). */
    id: t.text().primaryKey(),
    epochId: t.bigint().notNull(),
    proposalHash: t.hex().notNull(),
    status: disputeStatus("status").notNull(),
    disputer: t.hex().notNull(),
    /** The bond posted, in `token` base units, held by the bond vault until the resolution. */
    token: t.hex().notNull(),
    bond: t.bigint().notNull(),
    reason: t.text().notNull(),
    disputedBlock: t.bigint().notNull(),
    disputedAt: t.bigint().notNull(),
    disputedTx: t.hex().notNull(),
    /** Who resolved it: a guardian or the timelock (governance). */
    resolvedBy: t.hex(),
    /** What an upheld dispute paid besides the bond (0 when rejected). */
    reward: t.bigint(),
    resolutionReason: t.text(),
    resolvedBlock: t.bigint(),
    resolvedAt: t.bigint(),
    resolvedTx: t.hex(),
  }),
  (table) => ({ epochIdx: index().on(table.epochId), disputerIdx: index().on(table.disputer) }),
);

/** One token of an epoch proposal: the proposal's cumulative total of it. */
export const epochTokenTotal = onchainTable(
  "epoch_token_total",
  (t) => ({
    /** `<epochId>-<token>`. */
    id: t.text().primaryKey(),
    epochId: t.bigint().notNull(),
    token: t.hex().notNull(),
    total: t.bigint().notNull(),
  }),
  (table) => ({ epochIdx: index().on(table.epochId) }),
);

/** One `Claimed` or `ClaimedTo`. */
export const claim = onchainTable(
  "claim",
  (t) => ({
    /** The log's id. */
    id: t.text().primaryKey(),
    kind: claimKind("kind").notNull(),
    account: t.hex().notNull(),
    token: t.hex().notNull(),
    /** Who received the payment: the account itself for `claim`. */
    recipient: t.hex().notNull(),
    amount: t.bigint().notNull(),
    /** The finalised epoch whose root the claim was proven against. */
    epochNumber: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ accountIdx: index().on(table.account) }),
);

/** What an account has claimed of one token in total (the contract's `claimed(account, token)`). */
export const claimTotal = onchainTable(
  "claim_total",
  (t) => ({
    /** `<account>-<token>`. */
    id: t.text().primaryKey(),
    account: t.hex().notNull(),
    token: t.hex().notNull(),
    claimed: t.bigint().notNull(),
    claimCount: t.integer().notNull(),
  }),
  (table) => ({ accountIdx: index().on(table.account) }),
);

/** A registered oracle (or a former one). */
export const oracle = onchainTable("oracle", (t) => ({
  /** The oracle's address. */
  id: t.hex().primaryKey(),
  enabled: t.boolean().notNull(),
  /** Proposals whose quorum this oracle signed. */
  signedProposalCount: t.integer().notNull(),
  addedBlock: t.bigint().notNull(),
  updatedBlock: t.bigint().notNull(),
}));

// ---------------------------------------------------------------------------------------------------------------
// Governance (the CoherenceTimelock, admin of the ledger, the distributor and the router)

/**
 * One timelock operation (its id is `hashOperation` / `hashOperationBatch`): a privileged change a governor
 * scheduled, which takes effect only once executed, from `readyAt` on. A batch is one operation of several calls.
 * An operation cancelled and scheduled again (the same calls and salt) is the same row, scheduled anew.
 */
export const governanceOperation = onchainTable(
  "governance_operation",
  (t) => ({
    /** The operation id. */
    id: t.hex().primaryKey(),
    status: governanceStatus("status").notNull(),
    /** How many calls it makes (more than 1 for `scheduleBatch`); the calls are in `governanceCall`. */
    callCount: t.integer().notNull(),
    /** The operation that must have been executed before this one can be (zero for none). */
    predecessor: t.hex().notNull(),
    /** The salt that tells identical calls apart (zero when none was given). */
    salt: t.hex().notNull(),
    /** Seconds it was scheduled to wait. */
    delay: t.bigint().notNull(),
    /** Timestamp from which it can be executed: the scheduling block's time plus `delay`. */
    readyAt: t.bigint().notNull(),
    /** The sender of the scheduling transaction (a governor, or the account that relayed a governor's multisig). */
    scheduledBy: t.hex().notNull(),
    scheduledBlock: t.bigint().notNull(),
    scheduledAt: t.bigint().notNull(),
    scheduledTx: t.hex().notNull(),
    executedBy: t.hex(),
    executedBlock: t.bigint(),
    executedAt: t.bigint(),
    executedTx: t.hex(),
    cancelledBy: t.hex(),
    cancelledBlock: t.bigint(),
    cancelledAt: t.bigint(),
    cancelledTx: t.hex(),
  }),
  (table) => ({ statusIdx: index().on(table.status), scheduledAtIdx: index().on(table.scheduledAt) }),
);

/**
 * One call of a timelock operation, with its calldata decoded by the protocol's ABIs when the target is one of
 * the protocol's contracts and the function one of its ABI (otherwise only `data` says what it does).
 */
export const governanceCall = onchainTable(
  "governance_call",
  (t) => ({
    /** `<operation id>-<index>`. */
    id: t.text().primaryKey(),
    governanceOperationId: t.hex().notNull(),
    /** Its position in the operation (0 for a single call). */
    index: t.integer().notNull(),
    target: t.hex().notNull(),
    /** The protocol contract at `target` (`PayoutDistributor`, `CoherenceTimelock`...), null for any other address. */
    targetName: t.text(),
    /** Wei sent with the call. */
    value: t.bigint().notNull(),
    /** The calldata, as scheduled. */
    data: t.hex().notNull(),
    /** The decoded function's name and signature (`setChallengePeriod(uint32)`); null when not decoded. */
    functionName: t.text(),
    signature: t.text(),
    /**
     * The decoded arguments, in order: names, Solidity types and values as text (addresses lower-case, integers
     * in decimal, bytes as hex, arrays and tuples as JSON of the same); empty when not decoded.
     */
    argNames: t.text().array().notNull(),
    argTypes: t.text().array().notNull(),
    argValues: t.text().array().notNull(),
  }),
  (table) => ({ governanceOperationIdx: index().on(table.governanceOperationId), targetIdx: index().on(table.target) }),
);

// ---------------------------------------------------------------------------------------------------------------
// Parameters and roles (all five contracts)

/**
 * The current value of a protocol parameter, e.g. `RevenueRouter:feeBps`, `PayoutDistributor:threshold`,
 * `PayoutDistributor:tokenAllowed:<token>`, `PayoutDistributor:disputeBond`, `ContributionLedger:pendingDefaultAdmin`,
 * `CoherenceTimelock:minDelay`. Values are decimal or hex strings.
 */
export const parameter = onchainTable("parameter", (t) => ({
  /** `<contract>:<name>`. */
  id: t.text().primaryKey(),
  contract: t.text().notNull(),
  contractAddress: t.hex().notNull(),
  name: t.text().notNull(),
  value: t.text().notNull(),
  updatedBlock: t.bigint().notNull(),
  updatedAt: t.bigint().notNull(),
  updatedTx: t.hex().notNull(),
}));

/** Every change of a parameter, in order. */
export const parameterChange = onchainTable(
  "parameter_change",
  (t) => ({
    /** The log's id (with a suffix when one event sets several parameters). */
    id: t.text().primaryKey(),
    parameterId: t.text().notNull(),
    contract: t.text().notNull(),
    name: t.text().notNull(),
    /** The event that changed it. */
    event: t.text().notNull(),
    value: t.text().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ parameterIdx: index().on(table.parameterId) }),
);

/** An account's membership of an OpenZeppelin AccessControl role on one contract. */
export const roleMember = onchainTable("role_member", (t) => ({
  /** `<contract>:<role>:<account>`. */
  id: t.text().primaryKey(),
  contract: t.text().notNull(),
  contractAddress: t.hex().notNull(),
  role: t.hex().notNull(),
  /**
   * `DEFAULT_ADMIN_ROLE`, `ATTESTER_ROLE`, `GUARDIAN_ROLE`, the registry's `VERIFIER_ROLE`, the timelock's
   * `PROPOSER_ROLE`, `EXECUTOR_ROLE` (held by the zero address: anyone executes) and `CANCELLER_ROLE`, the forge
   * link registry's `LINKER_ROLE`, or the role hash.
   */
  roleName: t.text().notNull(),
  account: t.hex().notNull(),
  active: t.boolean().notNull(),
  grantedBy: t.hex(),
  revokedBy: t.hex(),
  updatedBlock: t.bigint().notNull(),
}));

// ---------------------------------------------------------------------------------------------------------------
// Resonance and network totals

/**
 * An asset's resonance: how far its work travelled downstream and how broad its contributor base is.
 * Diversity is `1 - HHI` of the contributors' cost shares, `HHI = sum(cost_c^2) / total^2`, kept exact as
 * `costSquares / totalCostMicroUsd^2` and rounded down to basis points in `diversityBps`.
 */
export const resonance = onchainTable("resonance", (t) => ({
  /** The asset id. */
  id: t.bigint().primaryKey(),
  assetId: t.bigint().notNull(),
  directChildren: t.integer().notNull(),
  /** All assets built on it, transitively (each counted once). */
  descendants: t.integer().notNull(),
  /** Contributors with an attested (neither revoked nor struck) contribution. */
  contributorCount: t.integer().notNull(),
  activeContributionCount: t.integer().notNull(),
  totalCostMicroUsd: t.bigint().notNull(),
  /** Sum over contributors of the square of their cost (micro-USD squared). */
  costSquares: t.bigint().notNull(),
  /** `floor(10000 * (1 - costSquares / totalCostMicroUsd^2))`; 0 without contributions. */
  diversityBps: t.integer().notNull(),
  paymentCount: t.integer().notNull(),
  updatedBlock: t.bigint().notNull(),
}));

/** Network-wide counters; one row, id `network`. */
export const networkTotal = onchainTable("network_total", (t) => ({
  id: t.text().primaryKey(),
  assetCount: t.integer().notNull(),
  lineageEdgeCount: t.integer().notNull(),
  contributorCount: t.integer().notNull(),
  contributionCount: t.integer().notNull(),
  activeContributionCount: t.integer().notNull(),
  /** Revoked by their attester and not attested again (yet), and struck by governance. */
  revokedContributionCount: t.integer().notNull(),
  struckContributionCount: t.integer().notNull(),
  revenuePaymentCount: t.integer().notNull(),
  proposalCount: t.integer().notNull(),
  vetoedCount: t.integer().notNull(),
  finalisedEpochCount: t.integer().notNull(),
  /** Proposals cleared once expired. */
  expiredCount: t.integer().notNull(),
  /** Finalised epochs governance revoked since (not counted in `finalisedEpochCount`). */
  revokedEpochCount: t.integer().notNull(),
  /** The latest finalised epoch number, 0 before the first. */
  latestFinalisedEpoch: t.bigint().notNull(),
  /** The pending proposal's epoch number, null when none is pending. */
  pendingEpoch: t.bigint(),
  claimCount: t.integer().notNull(),
  /** Whether claims are paused. */
  paused: t.boolean().notNull(),
  /** Disputes posted, and those resolved each way (the rest are open). */
  disputeCount: t.integer().notNull(),
  upheldDisputeCount: t.integer().notNull(),
  rejectedDisputeCount: t.integer().notNull(),
  /**
   * The dispute terms in force (`disputeTerms()`, from `DisputeTermsSet`; also parameters): the bond's token and
   * amount (0 disables disputes), the reward of an upheld dispute and where a rejected bond goes.
   */
  disputeToken: t.hex(),
  disputeBond: t.bigint().notNull(),
  disputeReward: t.bigint().notNull(),
  disputeTreasury: t.hex(),
  /** The timelock's minimum delay in seconds (`getMinDelay()`, from `MinDelayChange`). */
  governanceDelay: t.bigint().notNull(),
  /** Timelock operations scheduled and neither executed nor cancelled yet. */
  scheduledOperationCount: t.integer().notNull(),
  updatedBlock: t.bigint().notNull(),
}));

/**
 * Network-wide figures of one token: whether it is allowlisted, revenue, funding, allocation (finalised
 * cumulative total) and claims. A row appears when the token is first allowlisted (or paid, funded, claimed).
 */
export const networkToken = onchainTable("network_token", (t) => ({
  /** The token's address. */
  id: t.hex().primaryKey(),
  /** On the distributor's allowlist (`isTokenAllowed`): it can be paid in and funded; changes are parameters. */
  allowed: t.boolean().notNull(),
  revenue: t.bigint().notNull(),
  fee: t.bigint().notNull(),
  reserve: t.bigint().notNull(),
  pool: t.bigint().notNull(),
  /** Lifetime contributor-pool funding recorded by the distributor. */
  funded: t.bigint().notNull(),
  /** The latest finalised epoch's cumulative total of the token. */
  allocated: t.bigint().notNull(),
  claimed: t.bigint().notNull(),
  /** `allocated - claimed`. */
  unclaimed: t.bigint().notNull(),
  updatedBlock: t.bigint().notNull(),
}));

// ---------------------------------------------------------------------------------------------------------------
// Metering escrow (revenue from use)

/** A payer's escrow movement: a deposit, a withdrawal request (amount 0: cancelled) or a completed withdrawal. */
export const escrowMovementKind = onchainEnum("escrow_movement_kind", ["deposit", "withdrawalRequest", "withdrawal"]);

/**
 * One payer's escrow of one token in the MeteringEscrow. `balance` is the escrow's after the latest event: a deposit
 * or withdrawal states it; a redemption lowers it by what it paid (`redeemed`, to assets and runners).
 */
export const escrowAccount = onchainTable(
  "escrow_account",
  (t) => ({
    /** `<payer>-<token>`. */
    id: t.text().primaryKey(),
    payer: t.hex().notNull(),
    token: t.hex().notNull(),
    balance: t.bigint().notNull(),
    deposited: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
    /** Paid out of it by voucher redemptions: to the assets (through the router) and to the runners. */
    redeemed: t.bigint().notNull(),
    /** The pending withdrawal request (0: none) and from when it can be completed. */
    withdrawing: t.bigint().notNull(),
    withdrawableAt: t.bigint(),
    depositCount: t.integer().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ payerIdx: index().on(table.payer) }),
);

/** Every `Deposited`, `WithdrawalRequested` and `Withdrawn` of the MeteringEscrow. */
export const escrowMovement = onchainTable(
  "escrow_movement",
  (t) => ({
    /** The log's id. */
    id: t.text().primaryKey(),
    /** `<payer>-<token>`: the `escrowAccount`. */
    accountId: t.text().notNull(),
    payer: t.hex().notNull(),
    token: t.hex().notNull(),
    kind: escrowMovementKind("kind").notNull(),
    amount: t.bigint().notNull(),
    /** The escrow's balance after it (null for a request, which moves nothing yet). */
    balance: t.bigint(),
    /** A request's: from when it can be completed. */
    withdrawableAt: t.bigint(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ accountIdx: index().on(table.accountId), payerIdx: index().on(table.payer) }),
);

/**
 * A runner an asset's owner allowed (or stopped allowing: `allowed` false) to redeem vouchers for it (`RunnerSet`).
 * The escrow keys the allowance by the owner too, so a transfer of the asset ends it on-chain without an event: the
 * allowance holds only while `owner` is still `asset.owner`.
 */
export const assetRunner = onchainTable(
  "asset_runner",
  (t) => ({
    /** `<assetId>-<runner>`. */
    id: t.text().primaryKey(),
    assetId: t.bigint().notNull(),
    runner: t.hex().notNull(),
    /** The owner who set it. */
    owner: t.hex().notNull(),
    allowed: t.boolean().notNull(),
    updatedBlock: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
    updatedTx: t.hex().notNull(),
  }),
  (table) => ({ assetIdx: index().on(table.assetId), runnerIdx: index().on(table.runner) }),
);

/** An asset owner's published terms for one token (`TermsSet`): what a gateway charges and payers check. */
export const assetTerm = onchainTable(
  "asset_term",
  (t) => ({
    /** `<assetId>-<token>`. */
    id: t.text().primaryKey(),
    assetId: t.bigint().notNull(),
    token: t.hex().notNull(),
    /** Price of one unit, in the token's base units. */
    pricePerUnit: t.bigint().notNull(),
    /** Units each payer uses for free in each period. */
    freeUnitsPerPeriod: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
    updatedTx: t.hex().notNull(),
  }),
  (table) => ({ assetIdx: index().on(table.assetId) }),
);

/** A channel (payer, runner, asset, token) and the cumulative figures of its last redeemed voucher. */
export const meteringChannel = onchainTable(
  "metering_channel",
  (t) => ({
    /** The escrow's `channelId`: `keccak256(abi.encode(payer, runner, assetId, token))`. */
    id: t.hex().primaryKey(),
    payer: t.hex().notNull(),
    runner: t.hex().notNull(),
    assetId: t.bigint().notNull(),
    token: t.hex().notNull(),
    units: t.bigint().notNull(),
    amount: t.bigint().notNull(),
    hostingFee: t.bigint().notNull(),
    period: t.bigint().notNull(),
    nonce: t.bigint().notNull(),
    redemptionCount: t.integer().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ assetIdx: index().on(table.assetId), payerIdx: index().on(table.payer) }),
);

/**
 * One `VoucherRedeemed`: the voucher's cumulative figures as signed, and what this redemption added and paid
 * (`toAsset` through the router, which emits its `RevenuePaid` in the same transaction; `toRunner` the hosting fee).
 */
export const voucherRedemption = onchainTable(
  "voucher_redemption",
  (t) => ({
    /** The log's id. */
    id: t.text().primaryKey(),
    channelId: t.hex().notNull(),
    payer: t.hex().notNull(),
    runner: t.hex().notNull(),
    assetId: t.bigint().notNull(),
    token: t.hex().notNull(),
    /** The voucher's cumulative units, amount and hosting fee, its period and nonce. */
    units: t.bigint().notNull(),
    amount: t.bigint().notNull(),
    hostingFee: t.bigint().notNull(),
    period: t.bigint().notNull(),
    nonce: t.bigint().notNull(),
    /** Units this redemption added over the channel's previous voucher (free units included). */
    unitsAdded: t.bigint().notNull(),
    toAsset: t.bigint().notNull(),
    toRunner: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    channelIdx: index().on(table.channelId),
    assetIdx: index().on(table.assetId),
    runnerIdx: index().on(table.runner),
  }),
);

/**
 * An asset's use through the MeteringEscrow, over every token (per token in `assetUsageToken`). A row from the asset's
 * first runner, terms or redemption. Units are what redeemed vouchers counted (free ones included); the runs behind
 * them are in the runners' anchored records (`recordAnchor`), which are per runner and period, not per asset.
 */
export const assetUsage = onchainTable("asset_usage", (t) => ({
  /** The asset id. */
  id: t.bigint().primaryKey(),
  assetId: t.bigint().notNull(),
  /** Runners allowed now (by the owner who set them). */
  runnerCount: t.integer().notNull(),
  /** Distinct payers with a redeemed voucher, and channels. */
  payerCount: t.integer().notNull(),
  channelCount: t.integer().notNull(),
  redemptionCount: t.integer().notNull(),
  /** Units redeemed, free ones included. */
  units: t.bigint().notNull(),
  lastRedeemedAt: t.bigint(),
  updatedBlock: t.bigint().notNull(),
}));

/** An asset's use paid in one token: the revenue from use (`amount`, through the router) and the hosting fees. */
export const assetUsageToken = onchainTable(
  "asset_usage_token",
  (t) => ({
    /** `<assetId>-<token>`. */
    id: t.text().primaryKey(),
    assetId: t.bigint().notNull(),
    token: t.hex().notNull(),
    redemptionCount: t.integer().notNull(),
    units: t.bigint().notNull(),
    /** Paid to the asset through the router (before its fee, reserve and pool split). */
    amount: t.bigint().notNull(),
    /** Paid to the runners. */
    hostingFee: t.bigint().notNull(),
    payerCount: t.integer().notNull(),
  }),
  (table) => ({ assetIdx: index().on(table.assetId) }),
);

/** One payer's redeemed use of one asset (over its channels and tokens): counts an asset's distinct payers. */
export const assetPayer = onchainTable(
  "asset_payer",
  (t) => ({
    /** `<assetId>-<payer>`. */
    id: t.text().primaryKey(),
    assetId: t.bigint().notNull(),
    payer: t.hex().notNull(),
    redemptionCount: t.integer().notNull(),
    units: t.bigint().notNull(),
    /** Tokens it paid in, ascending (what `assetUsageToken.payerCount` counts by). */
    tokens: t.hex().array().notNull(),
  }),
  (table) => ({ assetIdx: index().on(table.assetId), payerIdx: index().on(table.payer) }),
);

/**
 * A metering runner: its anchored periods and its disputes. While `openDisputeCount` is non-zero its vouchers of
 * period `frozenFrom` or later cannot be redeemed; once `barred`, none of `barredFrom` or later ever can.
 */
export const meteringRunner = onchainTable("metering_runner", (t) => ({
  /** The runner's address. */
  id: t.hex().primaryKey(),
  anchorCount: t.integer().notNull(),
  /** Records of run in its anchored periods. */
  recordCount: t.bigint().notNull(),
  redemptionCount: t.integer().notNull(),
  units: t.bigint().notNull(),
  disputeCount: t.integer().notNull(),
  openDisputeCount: t.integer().notNull(),
  frozenFrom: t.bigint(),
  barred: t.boolean().notNull(),
  barredFrom: t.bigint(),
  updatedBlock: t.bigint().notNull(),
}));

/** One `RecordsAnchored`: a runner's records of run for one period, as a Merkle root, published at `uri`. */
export const recordAnchor = onchainTable(
  "record_anchor",
  (t) => ({
    /** `<runner>-<period>`. */
    id: t.text().primaryKey(),
    runner: t.hex().notNull(),
    period: t.bigint().notNull(),
    /** The StandardMerkleTree root of the period's records. */
    root: t.hex().notNull(),
    count: t.bigint().notNull(),
    uri: t.text().notNull(),
    disputeCount: t.integer().notNull(),
    /** Its latest dispute's status; null when never disputed. */
    disputeStatus: disputeStatus("dispute_status"),
    anchoredBlock: t.bigint().notNull(),
    anchoredAt: t.bigint().notNull(),
    anchoredTx: t.hex().notNull(),
  }),
  (table) => ({ runnerIdx: index().on(table.runner), periodIdx: index().on(table.period) }),
);

/**
 * One `RecordDisputed` and its `DisputeResolved`: someone bonded that a runner's anchored record is wrong (a replay's
 * output differed). Upheld by a guardian or governance (the bond back, the runner barred from the period on) or
 * rejected by governance (the bond to the treasury).
 */
export const recordDispute = onchainTable(
  "record_dispute",
  (t) => ({
    /** The escrow's dispute id. */
    id: t.bigint().primaryKey(),
    /** `<runner>-<period>`: the `recordAnchor`. */
    anchorId: t.text().notNull(),
    runner: t.hex().notNull(),
    period: t.bigint().notNull(),
    disputer: t.hex().notNull(),
    /** The disputed record's Merkle leaf. */
    recordLeaf: t.hex().notNull(),
    token: t.hex().notNull(),
    bond: t.bigint().notNull(),
    /** Why: the replay's evidence URI. */
    reason: t.text().notNull(),
    status: disputeStatus("status").notNull(),
    disputedBlock: t.bigint().notNull(),
    disputedAt: t.bigint().notNull(),
    disputedTx: t.hex().notNull(),
    resolvedBy: t.hex(),
    resolutionReason: t.text(),
    resolvedBlock: t.bigint(),
    resolvedAt: t.bigint(),
    resolvedTx: t.hex(),
  }),
  (table) => ({ anchorIdx: index().on(table.anchorId), runnerIdx: index().on(table.runner) }),
);

// ---------------------------------------------------------------------------------------------------------------
// Relations (what GraphQL can walk in one query)

/**
 * A forge account linked to an address in the ForgeLinkRegistry, by the address's EIP-712 statement (`forge`,
 * `login`, `account`, `nonce`) and its `signature`, which anyone can verify again. Active until it ends; ended ones
 * stay, with why.
 */
export const forgeLink = onchainTable(
  "forge_link",
  (t) => ({
    /** `<account>-<nonce>`: an address's statement nonce is used once, so it names the link. */
    id: t.text().primaryKey(),
    /** The forge's host, e.g. `github.com`. */
    forge: t.text().notNull(),
    /** The forge's stable numeric id of the account. */
    forgeAccountId: t.bigint().notNull(),
    /** The account's login when it posted the statement. */
    login: t.text().notNull(),
    account: t.hex().notNull(),
    nonce: t.bigint().notNull(),
    signature: t.hex().notNull(),
    /** The linker (the forge intake) that recorded it. */
    linker: t.hex().notNull(),
    active: t.boolean().notNull(),
    linkedBlock: t.bigint().notNull(),
    linkedAt: t.bigint().notNull(),
    linkedTx: t.hex().notNull(),
    unlinkCause: unlinkCause("unlink_cause"),
    unlinkedBy: t.hex(),
    unlinkedBlock: t.bigint(),
    unlinkedAt: t.bigint(),
    unlinkedTx: t.hex(),
  }),
  (table) => ({
    accountIdx: index().on(table.account),
    forgeAccountIdx: index().on(table.forge, table.forgeAccountId),
  }),
);

export const assetRelations = relations(asset, ({ many, one }) => ({
  /** Edges to the assets this one was built from. */
  parents: many(lineageEdge, { relationName: "child" }),
  /** Edges from the assets built on this one. */
  children: many(lineageEdge, { relationName: "parent" }),
  contributions: many(contribution),
  contributors: many(assetContributor),
  revenue: many(assetRevenue),
  payments: many(revenuePayment),
  transfers: many(assetTransfer),
  /** The attesters its owner chose (or withdrew). */
  attesters: many(assetAttester),
  resonance: one(resonance, { fields: [asset.id], references: [resonance.id] }),
  /** Its use through the MeteringEscrow (null before its first runner, terms or redemption). */
  usage: one(assetUsage, { fields: [asset.id], references: [assetUsage.id] }),
  runners: many(assetRunner),
  terms: many(assetTerm),
  redemptions: many(voucherRedemption),
}));

export const assetAttesterRelations = relations(assetAttester, ({ one }) => ({
  asset: one(asset, { fields: [assetAttester.assetId], references: [asset.id] }),
}));

export const lineageEdgeRelations = relations(lineageEdge, ({ one }) => ({
  child: one(asset, { fields: [lineageEdge.childId], references: [asset.id], relationName: "child" }),
  parent: one(asset, { fields: [lineageEdge.parentId], references: [asset.id], relationName: "parent" }),
}));

export const assetTransferRelations = relations(assetTransfer, ({ one }) => ({
  asset: one(asset, { fields: [assetTransfer.assetId], references: [asset.id] }),
}));

export const contributionRelations = relations(contribution, ({ one }) => ({
  asset: one(asset, { fields: [contribution.assetId], references: [asset.id] }),
  contributor: one(contributor, { fields: [contribution.contributorId], references: [contributor.id] }),
}));

export const contributorRelations = relations(contributor, ({ many }) => ({
  contributions: many(contribution),
  assets: many(assetContributor),
}));

export const assetContributorRelations = relations(assetContributor, ({ one }) => ({
  asset: one(asset, { fields: [assetContributor.assetId], references: [asset.id] }),
  contributor: one(contributor, { fields: [assetContributor.contributorId], references: [contributor.id] }),
}));

export const revenuePaymentRelations = relations(revenuePayment, ({ one }) => ({
  asset: one(asset, { fields: [revenuePayment.assetId], references: [asset.id] }),
}));

export const assetRevenueRelations = relations(assetRevenue, ({ one }) => ({
  asset: one(asset, { fields: [assetRevenue.assetId], references: [asset.id] }),
  resonance: one(resonance, { fields: [assetRevenue.assetId], references: [resonance.id] }),
}));

export const resonanceRelations = relations(resonance, ({ one, many }) => ({
  asset: one(asset, { fields: [resonance.assetId], references: [asset.id] }),
  /** Total revenue per token. */
  revenue: many(assetRevenue),
}));

export const epochRelations = relations(epoch, ({ many }) => ({
  tokenTotals: many(epochTokenTotal),
  disputes: many(dispute),
}));

export const disputeRelations = relations(dispute, ({ one }) => ({
  epoch: one(epoch, { fields: [dispute.epochId], references: [epoch.id] }),
}));

export const epochTokenTotalRelations = relations(epochTokenTotal, ({ one }) => ({
  epoch: one(epoch, { fields: [epochTokenTotal.epochId], references: [epoch.id] }),
}));

export const governanceOperationRelations = relations(governanceOperation, ({ many }) => ({
  calls: many(governanceCall),
}));

export const governanceCallRelations = relations(governanceCall, ({ one }) => ({
  operation: one(governanceOperation, {
    fields: [governanceCall.governanceOperationId],
    references: [governanceOperation.id],
  }),
}));

export const parameterRelations = relations(parameter, ({ many }) => ({
  changes: many(parameterChange),
}));

export const parameterChangeRelations = relations(parameterChange, ({ one }) => ({
  parameter: one(parameter, { fields: [parameterChange.parameterId], references: [parameter.id] }),
}));

export const escrowAccountRelations = relations(escrowAccount, ({ many }) => ({
  movements: many(escrowMovement),
}));

export const escrowMovementRelations = relations(escrowMovement, ({ one }) => ({
  account: one(escrowAccount, { fields: [escrowMovement.accountId], references: [escrowAccount.id] }),
}));

export const assetUsageRelations = relations(assetUsage, ({ one, many }) => ({
  asset: one(asset, { fields: [assetUsage.assetId], references: [asset.id] }),
  /** Per token: revenue from use and hosting fees. */
  tokens: many(assetUsageToken),
  runners: many(assetRunner),
  terms: many(assetTerm),
  payers: many(assetPayer),
  redemptions: many(voucherRedemption),
}));

export const assetUsageTokenRelations = relations(assetUsageToken, ({ one }) => ({
  usage: one(assetUsage, { fields: [assetUsageToken.assetId], references: [assetUsage.id] }),
}));

export const assetPayerRelations = relations(assetPayer, ({ one }) => ({
  usage: one(assetUsage, { fields: [assetPayer.assetId], references: [assetUsage.id] }),
}));

export const assetRunnerRelations = relations(assetRunner, ({ one }) => ({
  asset: one(asset, { fields: [assetRunner.assetId], references: [asset.id] }),
  usage: one(assetUsage, { fields: [assetRunner.assetId], references: [assetUsage.id] }),
  /** The runner's anchored periods and disputes (null until it anchors or redeems). */
  meteringRunner: one(meteringRunner, { fields: [assetRunner.runner], references: [meteringRunner.id] }),
}));

export const assetTermRelations = relations(assetTerm, ({ one }) => ({
  asset: one(asset, { fields: [assetTerm.assetId], references: [asset.id] }),
  usage: one(assetUsage, { fields: [assetTerm.assetId], references: [assetUsage.id] }),
}));

export const meteringChannelRelations = relations(meteringChannel, ({ many }) => ({
  redemptions: many(voucherRedemption),
}));

export const voucherRedemptionRelations = relations(voucherRedemption, ({ one }) => ({
  asset: one(asset, { fields: [voucherRedemption.assetId], references: [asset.id] }),
  usage: one(assetUsage, { fields: [voucherRedemption.assetId], references: [assetUsage.id] }),
  channel: one(meteringChannel, { fields: [voucherRedemption.channelId], references: [meteringChannel.id] }),
}));

export const meteringRunnerRelations = relations(meteringRunner, ({ many }) => ({
  anchors: many(recordAnchor),
  disputes: many(recordDispute),
}));

export const recordAnchorRelations = relations(recordAnchor, ({ one, many }) => ({
  meteringRunner: one(meteringRunner, { fields: [recordAnchor.runner], references: [meteringRunner.id] }),
  disputes: many(recordDispute),
}));

export const recordDisputeRelations = relations(recordDispute, ({ one }) => ({
  anchor: one(recordAnchor, { fields: [recordDispute.anchorId], references: [recordAnchor.id] }),
  meteringRunner: one(meteringRunner, { fields: [recordDispute.runner], references: [meteringRunner.id] }),
}));
