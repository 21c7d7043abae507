/**
 * MeteringEscrow events (revenue from use): payers' escrow per token (deposits, withdrawal requests, withdrawals),
 * the runners and terms asset owners publish, voucher redemptions per channel and their sums per asset
 * (`assetUsage`, per token in `assetUsageToken`, distinct payers in `assetPayer`), runners' anchored periods of
 * records of run and their disputes; the withdrawal delay, hosting fee cap and dispute terms as parameters. What a
 * redemption pays the asset also reaches the router, whose `RevenuePaid` (src/RevenueRouter.ts) counts it as revenue.
 * Its role events are in AccessControl.ts.
 */
import { ponder } from "ponder:registry";
import {
  assetPayer,
  assetRunner,
  assetTerm,
  assetUsage,
  assetUsageToken,
  escrowAccount,
  escrowMovement,
  meteringChannel,
  meteringRunner,
  recordAnchor,
  recordDispute,
  voucherRedemption,
} from "ponder:schema";

import { lower } from "./lib/hex.ts";
import { parameterEvent, setParameter } from "./lib/parameters.ts";
import type { Db } from "./lib/totals.ts";

type Account = typeof escrowAccount.$inferSelect;
type Usage = typeof assetUsage.$inferSelect;
type Runner = typeof meteringRunner.$inferSelect;

const accountId = (payer: `0x${string}`, token: `0x${string}`) => `${lower(payer)}-${lower(token)}`;
const anchorId = (runner: `0x${string}`, period: bigint) => `${lower(runner)}-${period}`;

/** Reads a payer's escrow of a token (or its zero state), applies `change`, writes it back. */
async function updateAccount(
  db: Db,
  payer: `0x${string}`,
  token: `0x${string}`,
  block: bigint,
  change: (a: Account) => Partial<Account>,
): Promise<void> {
  const id = accountId(payer, token);
  const current = (await db.find(escrowAccount, { id })) ?? {
    id,
    payer: lower(payer),
    token: lower(token),
    balance: 0n,
    deposited: 0n,
    withdrawn: 0n,
    redeemed: 0n,
    withdrawing: 0n,
    withdrawableAt: null,
    depositCount: 0,
    updatedBlock: block,
  };
  const next = { ...current, ...change(current), updatedBlock: block };
  await db.insert(escrowAccount).values(next).onConflictDoUpdate(next);
}

/** Reads an asset's usage (or its zero state), applies `change`, writes it back. */
async function updateUsage(db: Db, assetId: bigint, block: bigint, change: (u: Usage) => Partial<Usage>) {
  const current = (await db.find(assetUsage, { id: assetId })) ?? {
    id: assetId,
    assetId,
    runnerCount: 0,
    payerCount: 0,
    channelCount: 0,
    redemptionCount: 0,
    units: 0n,
    lastRedeemedAt: null,
    updatedBlock: block,
  };
  const next = { ...current, ...change(current), updatedBlock: block };
  await db.insert(assetUsage).values(next).onConflictDoUpdate(next);
}

/** Reads a runner (or its zero state), applies `change`, writes it back. */
async function updateRunner(db: Db, runner: `0x${string}`, block: bigint, change: (r: Runner) => Partial<Runner>) {
  const id = lower(runner);
  const current = (await db.find(meteringRunner, { id })) ?? {
    id,
    anchorCount: 0,
    recordCount: 0n,
    redemptionCount: 0,
    units: 0n,
    disputeCount: 0,
    openDisputeCount: 0,
    frozenFrom: null,
    barred: false,
    barredFrom: null,
    updatedBlock: block,
  };
  const next = { ...current, ...change(current), updatedBlock: block };
  await db.insert(meteringRunner).values(next).onConflictDoUpdate(next);
}

/** The movement row of an escrow event. */
function movement(
  event: { id: string; block: { number: bigint; timestamp: bigint }; transaction: { hash: `0x${string}` } },
  payer: `0x${string}`,
  token: `0x${string}`,
  kind: "deposit" | "withdrawalRequest" | "withdrawal",
  amount: bigint,
  balance: bigint | null,
  withdrawableAt: bigint | null,
) {
  return {
    id: event.id,
    accountId: accountId(payer, token),
    payer: lower(payer),
    token: lower(token),
    kind,
    amount,
    balance,
    withdrawableAt,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  };
}

ponder.on("MeteringEscrow:Deposited", async ({ event, context }) => {
  const { payer, token, amount, balance } = event.args;
  await context.db.insert(escrowMovement).values(movement(event, payer, token, "deposit", amount, balance, null));
  await updateAccount(context.db, payer, token, event.block.number, (a) => ({
    balance,
    deposited: a.deposited + amount,
    depositCount: a.depositCount + 1,
  }));
});

ponder.on("MeteringEscrow:WithdrawalRequested", async ({ event, context }) => {
  const { payer, token, amount, withdrawableAt } = event.args;
  await context.db
    .insert(escrowMovement)
    .values(movement(event, payer, token, "withdrawalRequest", amount, null, withdrawableAt));
  // Zero cancels the request.
  await updateAccount(context.db, payer, token, event.block.number, () => ({
    withdrawing: amount,
    withdrawableAt: amount === 0n ? null : withdrawableAt,
  }));
});

ponder.on("MeteringEscrow:Withdrawn", async ({ event, context }) => {
  const { payer, token, amount, balance } = event.args;
  await context.db.insert(escrowMovement).values(movement(event, payer, token, "withdrawal", amount, balance, null));
  await updateAccount(context.db, payer, token, event.block.number, (a) => ({
    balance,
    withdrawn: a.withdrawn + amount,
    withdrawing: 0n,
    withdrawableAt: null,
  }));
});

ponder.on("MeteringEscrow:RunnerSet", async ({ event, context }) => {
  const { db } = context;
  const { assetId, runner, owner, allowed } = event.args;
  const id = `${assetId}-${lower(runner)}`;
  const before = await db.find(assetRunner, { id });
  // The allowance is keyed by owner on-chain: one set by a previous owner no longer counts, whatever the row says.
  const wasCounted = before?.allowed === true && before.owner === lower(owner);
  const row = {
    id,
    assetId,
    runner: lower(runner),
    owner: lower(owner),
    allowed,
    updatedBlock: event.block.number,
    updatedAt: event.block.timestamp,
    updatedTx: event.transaction.hash,
  };
  await db.insert(assetRunner).values(row).onConflictDoUpdate(row);
  await updateUsage(db, assetId, event.block.number, (u) => ({
    runnerCount: u.runnerCount + (allowed ? 1 : 0) - (wasCounted ? 1 : 0),
  }));
});

ponder.on("MeteringEscrow:TermsSet", async ({ event, context }) => {
  const { assetId, pricePerUnit, freeUnitsPerPeriod } = event.args;
  const token = lower(event.args.token);
  const row = {
    id: `${assetId}-${token}`,
    assetId,
    token,
    pricePerUnit,
    freeUnitsPerPeriod,
    updatedBlock: event.block.number,
    updatedAt: event.block.timestamp,
    updatedTx: event.transaction.hash,
  };
  await context.db.insert(assetTerm).values(row).onConflictDoUpdate(row);
  await updateUsage(context.db, assetId, event.block.number, () => ({}));
});

ponder.on("MeteringEscrow:VoucherRedeemed", async ({ event, context }) => {
  const { db } = context;
  const { channelId, voucher, toAsset, toRunner } = event.args;
  const payer = lower(voucher.payer);
  const runner = lower(voucher.runner);
  const token = lower(voucher.token);
  const { assetId } = voucher;
  const block = event.block.number;

  const channel = await db.find(meteringChannel, { id: channelId });
  const unitsAdded = voucher.units - (channel?.units ?? 0n);
  const nextChannel = {
    id: channelId,
    payer,
    runner,
    assetId,
    token,
    units: voucher.units,
    amount: voucher.amount,
    hostingFee: voucher.hostingFee,
    period: voucher.period,
    nonce: voucher.nonce,
    redemptionCount: (channel?.redemptionCount ?? 0) + 1,
    updatedBlock: block,
  };
  await db.insert(meteringChannel).values(nextChannel).onConflictDoUpdate(nextChannel);

  await db.insert(voucherRedemption).values({
    id: event.id,
    channelId,
    payer,
    runner,
    assetId,
    token,
    units: voucher.units,
    amount: voucher.amount,
    hostingFee: voucher.hostingFee,
    period: voucher.period,
    nonce: voucher.nonce,
    unitsAdded,
    toAsset,
    toRunner,
    blockNumber: block,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });

  // Distinct payers of the asset, overall and per token.
  const payerId = `${assetId}-${payer}`;
  const payerRow = await db.find(assetPayer, { id: payerId });
  const newPayer = payerRow === null;
  const tokens = payerRow?.tokens ?? [];
  const newTokenPayer = !tokens.includes(token);
  const nextPayer = {
    id: payerId,
    assetId,
    payer,
    redemptionCount: (payerRow?.redemptionCount ?? 0) + 1,
    units: (payerRow?.units ?? 0n) + unitsAdded,
    tokens: newTokenPayer ? [...tokens, token].sort() : tokens,
  };
  await db.insert(assetPayer).values(nextPayer).onConflictDoUpdate(nextPayer);

  const usageTokenId = `${assetId}-${token}`;
  const sum = (await db.find(assetUsageToken, { id: usageTokenId })) ?? {
    id: usageTokenId,
    assetId,
    token,
    redemptionCount: 0,
    units: 0n,
    amount: 0n,
    hostingFee: 0n,
    payerCount: 0,
  };
  const nextSum = {
    ...sum,
    redemptionCount: sum.redemptionCount + 1,
    units: sum.units + unitsAdded,
    amount: sum.amount + toAsset,
    hostingFee: sum.hostingFee + toRunner,
    payerCount: sum.payerCount + (newTokenPayer ? 1 : 0),
  };
  await db.insert(assetUsageToken).values(nextSum).onConflictDoUpdate(nextSum);

  await updateUsage(db, assetId, block, (u) => ({
    payerCount: u.payerCount + (newPayer ? 1 : 0),
    channelCount: u.channelCount + (channel === null ? 1 : 0),
    redemptionCount: u.redemptionCount + 1,
    units: u.units + unitsAdded,
    lastRedeemedAt: event.block.timestamp,
  }));
  await updateRunner(db, runner, block, (r) => ({
    redemptionCount: r.redemptionCount + 1,
    units: r.units + unitsAdded,
  }));
  await updateAccount(db, payer, token, block, (a) => ({
    balance: a.balance - toAsset - toRunner,
    redeemed: a.redeemed + toAsset + toRunner,
  }));
});

ponder.on("MeteringEscrow:RecordsAnchored", async ({ event, context }) => {
  const { runner, period, root, count, uri } = event.args;
  await context.db.insert(recordAnchor).values({
    id: anchorId(runner, period),
    runner: lower(runner),
    period,
    root,
    count,
    uri,
    disputeCount: 0,
    disputeStatus: null,
    anchoredBlock: event.block.number,
    anchoredAt: event.block.timestamp,
    anchoredTx: event.transaction.hash,
  });
  await updateRunner(context.db, runner, event.block.number, (r) => ({
    anchorCount: r.anchorCount + 1,
    recordCount: r.recordCount + count,
  }));
});

ponder.on("MeteringEscrow:RecordDisputed", async ({ event, context }) => {
  const { db } = context;
  const { disputeId, runner, period, disputer, recordLeaf, token, bond, reason } = event.args;
  const anchor = anchorId(runner, period);
  await db.insert(recordDispute).values({
    id: disputeId,
    anchorId: anchor,
    runner: lower(runner),
    period,
    disputer: lower(disputer),
    recordLeaf,
    token: lower(token),
    bond,
    reason,
    status: "open",
    disputedBlock: event.block.number,
    disputedAt: event.block.timestamp,
    disputedTx: event.transaction.hash,
    resolvedBy: null,
    resolutionReason: null,
    resolvedBlock: null,
    resolvedAt: null,
    resolvedTx: null,
  });
  // Only an anchored record can be disputed, so the anchor is indexed.
  await db
    .update(recordAnchor, { id: anchor })
    .set((a) => ({ disputeCount: a.disputeCount + 1, disputeStatus: "open" as const }));
  // As the escrow's `runnerStatus`: the freeze starts at the earliest period disputed since none was open.
  await updateRunner(db, runner, event.block.number, (r) => ({
    disputeCount: r.disputeCount + 1,
    openDisputeCount: r.openDisputeCount + 1,
    frozenFrom: r.openDisputeCount === 0 || r.frozenFrom === null || period < r.frozenFrom ? period : r.frozenFrom,
  }));
});

ponder.on("MeteringEscrow:DisputeResolved", async ({ event, context }) => {
  const { db } = context;
  const { disputeId, runner, period, resolver, upheld, reason } = event.args;
  const status = upheld ? ("upheld" as const) : ("rejected" as const);
  await db.update(recordDispute, { id: disputeId }).set({
    status,
    resolvedBy: lower(resolver),
    resolutionReason: reason,
    resolvedBlock: event.block.number,
    resolvedAt: event.block.timestamp,
    resolvedTx: event.transaction.hash,
  });
  await db.update(recordAnchor, { id: anchorId(runner, period) }).set({ disputeStatus: status });
  // As the escrow's `runnerStatus`: the freeze lifts with the last open dispute; an upheld one bars from its period.
  await updateRunner(db, runner, event.block.number, (r) => {
    const open = r.openDisputeCount - 1;
    const bar = upheld && (!r.barred || r.barredFrom === null || period < r.barredFrom);
    return {
      openDisputeCount: open,
      frozenFrom: open === 0 ? null : r.frozenFrom,
      ...(bar ? { barred: true, barredFrom: period } : {}),
    };
  });
});

ponder.on("MeteringEscrow:WithdrawalDelaySet", async ({ event, context }) => {
  await setParameter(
    context.db,
    parameterEvent("MeteringEscrow", "WithdrawalDelaySet", event),
    "withdrawalDelay",
    event.args.withdrawalDelay,
  );
});

ponder.on("MeteringEscrow:MaxHostingFeeSet", async ({ event, context }) => {
  await setParameter(
    context.db,
    parameterEvent("MeteringEscrow", "MaxHostingFeeSet", event),
    "maxHostingFeeBps",
    event.args.maxHostingFeeBps,
  );
});

ponder.on("MeteringEscrow:DisputeTermsSet", async ({ event, context }) => {
  const at = parameterEvent("MeteringEscrow", "DisputeTermsSet", event);
  await setParameter(context.db, at, "disputeToken", event.args.token);
  await setParameter(context.db, at, "disputeBond", event.args.bond);
  await setParameter(context.db, at, "disputeTreasury", event.args.treasury);
});
