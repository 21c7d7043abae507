/**
 * PayoutDistributor events: the epoch lifecycle (proposed, disputed, vetoed, finalised, expired), funding, claims, oracles,
 * the token allowlist and parameters. Every proposal carries a new epoch number (a vetoed number is burnt), so epochs are keyed by it.
 */
import { ponder } from "ponder:registry";
import { claim, claimTotal, dispute, epoch, epochTokenTotal, funding, oracle } from "ponder:schema";

import { lower } from "./lib/hex.ts";
import { parameterEvent, setParameter } from "./lib/parameters.ts";
import { type Db, readNetwork, updateNetwork, updateToken } from "./lib/totals.ts";

ponder.on("PayoutDistributor:EpochProposed", async ({ event, context }) => {
  const { db } = context;
  const { proposalHash, proposal, challengeDeadline, signers } = event.args;
  const id = proposal.epoch;
  const tokens = proposal.tokens.map(lower);
  const row = {
    id,
    proposalHash,
    status: "proposed" as const,
    fromBlock: proposal.fromBlock,
    toBlock: proposal.toBlock,
    payoutRoot: proposal.payoutRoot,
    scoresRoot: proposal.scoresRoot,
    manifestHash: proposal.manifestHash,
    tokens,
    totals: [...proposal.totals],
    signers: signers.map(lower),
    challengeDeadline,
    proposer: lower(event.transaction.from),
    proposedBlock: event.block.number,
    proposedAt: event.block.timestamp,
    proposedTx: event.transaction.hash,
    vetoedBy: null,
    vetoReason: null,
    vetoedAt: null,
    vetoedTx: null,
    finalisedBy: null,
    finalisedAt: null,
    finalisedBlock: null,
    finalisedTx: null,
    expiredBy: null,
    expiredAt: null,
    expiredTx: null,
    disputeCount: 0,
    disputeStatus: null,
  };
  await db.insert(epoch).values(row).onConflictDoUpdate(row);
  for (const [i, token] of tokens.entries()) {
    const total = { id: `${id}-${token}`, epochId: id, token, total: proposal.totals[i]! };
    await db.insert(epochTokenTotal).values(total).onConflictDoUpdate(total);
  }
  for (const signer of signers) {
    await db.update(oracle, { id: lower(signer) }).set((o) => ({ signedProposalCount: o.signedProposalCount + 1 }));
  }
  await updateNetwork(db, event.block.number, (n) => ({ proposalCount: n.proposalCount + 1, pendingEpoch: id }));
});

/**
 * The proposal an EpochVetoed, EpochFinalised or EpochExpired names; the contract only vetoes, finalises or clears
 * a pending one.
 */
async function proposedEpoch(db: Db, id: bigint, proposalHash: `0x${string}`) {
  const row = await db.find(epoch, { id });
  if (row === null || row.proposalHash !== proposalHash || row.status !== "proposed") {
    throw new Error(`epoch ${id} (${proposalHash}) is not an indexed pending proposal`);
  }
  return row;
}

/** Moves the pending proposal `event` names out of "proposed", setting `columns`; returns the row as it was. */
async function settleProposal(
  db: Db,
  event: { args: { epoch: bigint; proposalHash: `0x${string}` } },
  columns: Partial<typeof epoch.$inferInsert>,
) {
  const row = await proposedEpoch(db, event.args.epoch, event.args.proposalHash);
  await db.update(epoch, { id: row.id }).set(columns);
  return row;
}

ponder.on("PayoutDistributor:EpochVetoed", async ({ event, context }) => {
  const { db } = context;
  await settleProposal(db, event, {
    status: "vetoed",
    vetoedBy: lower(event.args.guardian),
    vetoReason: event.args.reason,
    vetoedAt: event.block.timestamp,
    vetoedTx: event.transaction.hash,
  });
  await updateNetwork(db, event.block.number, (n) => ({ vetoedCount: n.vetoedCount + 1, pendingEpoch: null }));
});

ponder.on("PayoutDistributor:EpochFinalised", async ({ event, context }) => {
  const { db } = context;
  const row = await settleProposal(db, event, {
    status: "finalised",
    finalisedBy: lower(event.transaction.from),
    finalisedAt: event.block.timestamp,
    finalisedBlock: event.block.number,
    finalisedTx: event.transaction.hash,
  });
  for (const [i, token] of row.tokens.entries()) {
    await updateToken(db, token, event.block.number, () => ({ allocated: row.totals[i]! }));
  }
  await updateNetwork(db, event.block.number, (n) => ({
    finalisedEpochCount: n.finalisedEpochCount + 1,
    latestFinalisedEpoch: row.id,
    pendingEpoch: null,
  }));
});

// Nobody finalised it within a challenge period after its deadline, and someone cleared it.
ponder.on("PayoutDistributor:EpochExpired", async ({ event, context }) => {
  const { db } = context;
  await settleProposal(db, event, {
    status: "expired",
    expiredBy: lower(event.transaction.from),
    expiredAt: event.block.timestamp,
    expiredTx: event.transaction.hash,
  });
  await updateNetwork(db, event.block.number, (n) => ({ expiredCount: n.expiredCount + 1, pendingEpoch: null }));
});

// Governance took claims back to an earlier finalised epoch: every finalised epoch after it is revoked (the claims
// API serves the restored one again) and the next proposal covers their blocks anew. Allocations stay as they are.
ponder.on("PayoutDistributor:FinalisedRootRevoked", async ({ event, context }) => {
  const { db } = context;
  const { revokedEpoch, restoredEpoch, reason } = event.args;
  let revoked = 0;
  for (let id = restoredEpoch + 1n; id <= revokedEpoch; id++) {
    const row = await db.find(epoch, { id });
    if (row?.status !== "finalised") continue;
    await db.update(epoch, { id }).set({
      status: "revoked",
      revokedAt: event.block.timestamp,
      revokedTx: event.transaction.hash,
      revokeReason: reason,
      restoredEpoch,
    });
    revoked++;
  }
  await updateNetwork(db, event.block.number, (n) => ({
    finalisedEpochCount: n.finalisedEpochCount - revoked,
    revokedEpochCount: n.revokedEpochCount + revoked,
    latestFinalisedEpoch: restoredEpoch,
  }));
});

// Someone posted the bond against the pending proposal: it waits for the resolution.
ponder.on("PayoutDistributor:EpochDisputed", async ({ event, context }) => {
  const { db } = context;
  const { epoch: id, proposalHash, disputer, token, bond, reason } = event.args;
  const row = await proposedEpoch(db, id, proposalHash);
  const count = row.disputeCount + 1;
  const disputeRow = {
    id: `${id}-${count}`,
    epochId: id,
    proposalHash,
    status: "open" as const,
    disputer: lower(disputer),
    token: lower(token),
    bond,
    reason,
    disputedBlock: event.block.number,
    disputedAt: event.block.timestamp,
    disputedTx: event.transaction.hash,
    resolvedBy: null,
    reward: null,
    resolutionReason: null,
    resolvedBlock: null,
    resolvedAt: null,
    resolvedTx: null,
  };
  await db.insert(dispute).values(disputeRow).onConflictDoUpdate(disputeRow);
  await db.update(epoch, { id }).set({ disputeCount: count, disputeStatus: "open" });
  await updateNetwork(db, event.block.number, (n) => ({ disputeCount: n.disputeCount + 1 }));
});

// Upheld: the proposal was vetoed just before (EpochVetoed); rejected: it is pending again, finalisable after its window.
ponder.on("PayoutDistributor:DisputeResolved", async ({ event, context }) => {
  const { db } = context;
  const { epoch: id, proposalHash, resolver, upheld, reward, reason } = event.args;
  const row = await db.find(epoch, { id });
  if (row === null || row.proposalHash !== proposalHash || row.disputeStatus !== "open") {
    throw new Error(`epoch ${id} (${proposalHash}) has no indexed open dispute`);
  }
  const status = upheld ? ("upheld" as const) : ("rejected" as const);
  await db.update(dispute, { id: `${id}-${row.disputeCount}` }).set({
    status,
    resolvedBy: lower(resolver),
    reward,
    resolutionReason: reason,
    resolvedBlock: event.block.number,
    resolvedAt: event.block.timestamp,
    resolvedTx: event.transaction.hash,
  });
  await db.update(epoch, { id }).set({ disputeStatus: status });
  await updateNetwork(db, event.block.number, (n) =>
    upheld ? { upheldDisputeCount: n.upheldDisputeCount + 1 } : { rejectedDisputeCount: n.rejectedDisputeCount + 1 },
  );
});

ponder.on("PayoutDistributor:DisputeTermsSet", async ({ event, context }) => {
  const { db } = context;
  const { token, bond, reward, treasury } = event.args;
  const at = parameterEvent("PayoutDistributor", "DisputeTermsSet", event);
  const terms = {
    disputeToken: lower(token),
    disputeBond: bond,
    disputeReward: reward,
    disputeTreasury: lower(treasury),
  };
  for (const [name, value] of Object.entries(terms)) await setParameter(db, at, name, value);
  await updateNetwork(db, event.block.number, () => terms);
});

ponder.on("PayoutDistributor:Funded", async ({ event, context }) => {
  const token = lower(event.args.token);
  const row = {
    id: event.id,
    token,
    funder: lower(event.args.funder),
    amount: event.args.amount,
    totalFunded: event.args.totalFunded,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  };
  await context.db.insert(funding).values(row).onConflictDoUpdate(row);
  await updateToken(context.db, token, event.block.number, () => ({ funded: event.args.totalFunded }));
});

type ClaimEvent = {
  id: string;
  kind: "claim" | "claimTo";
  account: `0x${string}`;
  token: `0x${string}`;
  recipient: `0x${string}`;
  amount: bigint;
  block: { number: bigint; timestamp: bigint };
  txHash: `0x${string}`;
};

async function recordClaim(db: Db, c: ClaimEvent): Promise<void> {
  const account = lower(c.account);
  const token = lower(c.token);
  const network = await readNetwork(db);
  const row = {
    id: c.id,
    kind: c.kind,
    account,
    token,
    recipient: lower(c.recipient),
    amount: c.amount,
    epochNumber: network.latestFinalisedEpoch,
    blockNumber: c.block.number,
    timestamp: c.block.timestamp,
    txHash: c.txHash,
  };
  await db.insert(claim).values(row).onConflictDoUpdate(row);
  const id = `${account}-${token}`;
  const total = (await db.find(claimTotal, { id })) ?? { id, account, token, claimed: 0n, claimCount: 0 };
  const next = { ...total, claimed: total.claimed + c.amount, claimCount: total.claimCount + 1 };
  await db.insert(claimTotal).values(next).onConflictDoUpdate(next);
  await updateToken(db, token, c.block.number, (t) => ({ claimed: t.claimed + c.amount }));
  await updateNetwork(db, c.block.number, (n) => ({ claimCount: n.claimCount + 1 }));
}

ponder.on("PayoutDistributor:Claimed", async ({ event, context }) => {
  const { account, token, amount } = event.args;
  await recordClaim(context.db, {
    id: event.id,
    kind: "claim",
    account,
    token,
    recipient: account,
    amount,
    block: event.block,
    txHash: event.transaction.hash,
  });
});

ponder.on("PayoutDistributor:ClaimedTo", async ({ event, context }) => {
  const { account, token, recipient, amount } = event.args;
  await recordClaim(context.db, {
    id: event.id,
    kind: "claimTo",
    account,
    token,
    recipient,
    amount,
    block: event.block,
    txHash: event.transaction.hash,
  });
});

ponder.on("PayoutDistributor:OracleSet", async ({ event, context }) => {
  const { db } = context;
  const id = lower(event.args.oracle);
  const existing = await db.find(oracle, { id });
  const row = existing
    ? { ...existing, enabled: event.args.enabled, updatedBlock: event.block.number }
    : {
        id,
        enabled: event.args.enabled,
        signedProposalCount: 0,
        addedBlock: event.block.number,
        updatedBlock: event.block.number,
      };
  await db.insert(oracle).values(row).onConflictDoUpdate(row);
  await setParameter(db, parameterEvent("PayoutDistributor", "OracleSet", event), `oracle:${id}`, event.args.enabled);
});

ponder.on("PayoutDistributor:TokenAllowedSet", async ({ event, context }) => {
  const token = lower(event.args.token);
  await updateToken(context.db, token, event.block.number, () => ({ allowed: event.args.allowed }));
  await setParameter(
    context.db,
    parameterEvent("PayoutDistributor", "TokenAllowedSet", event),
    `tokenAllowed:${token}`,
    event.args.allowed,
  );
});

ponder.on("PayoutDistributor:ThresholdSet", async ({ event, context }) => {
  await setParameter(
    context.db,
    parameterEvent("PayoutDistributor", "ThresholdSet", event),
    "threshold",
    event.args.threshold,
  );
});

ponder.on("PayoutDistributor:ChallengePeriodSet", async ({ event, context }) => {
  await setParameter(
    context.db,
    parameterEvent("PayoutDistributor", "ChallengePeriodSet", event),
    "challengePeriod",
    event.args.challengePeriod,
  );
});

ponder.on("PayoutDistributor:PausedSet", async ({ event, context }) => {
  await setParameter(context.db, parameterEvent("PayoutDistributor", "PausedSet", event), "paused", event.args.paused);
  await updateNetwork(context.db, event.block.number, () => ({ paused: event.args.paused }));
});
