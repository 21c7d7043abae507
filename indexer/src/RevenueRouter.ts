/**
 * RevenueRouter events: payments with their split, and the split, treasury and reserve parameters.
 */
import { ponder } from "ponder:registry";
import { assetRevenue, revenuePayment } from "ponder:schema";

import { lower } from "./lib/hex.ts";
import { parameterEvent, setParameter } from "./lib/parameters.ts";
import { updateResonance } from "./lib/resonance.ts";
import { updateNetwork, updateToken } from "./lib/totals.ts";

ponder.on("RevenueRouter:RevenuePaid", async ({ event, context }) => {
  const { db } = context;
  const { assetId, payer, amount, fee, reserve, pool } = event.args;
  const token = lower(event.args.token);
  const payment = {
    id: event.id,
    assetId,
    token,
    payer: lower(payer),
    amount,
    fee,
    reserve,
    pool,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  };
  await db.insert(revenuePayment).values(payment).onConflictDoUpdate(payment);

  const id = `${assetId}-${token}`;
  const sum = (await db.find(assetRevenue, { id })) ?? {
    id,
    assetId,
    token,
    paymentCount: 0,
    amount: 0n,
    fee: 0n,
    reserve: 0n,
    pool: 0n,
  };
  const next = {
    ...sum,
    paymentCount: sum.paymentCount + 1,
    amount: sum.amount + amount,
    fee: sum.fee + fee,
    reserve: sum.reserve + reserve,
    pool: sum.pool + pool,
  };
  await db.insert(assetRevenue).values(next).onConflictDoUpdate(next);

  await updateResonance(db, assetId, event.block.number, (r) => ({ paymentCount: r.paymentCount + 1 }));
  await updateToken(db, token, event.block.number, (t) => ({
    revenue: t.revenue + amount,
    fee: t.fee + fee,
    reserve: t.reserve + reserve,
    pool: t.pool + pool,
  }));
  await updateNetwork(db, event.block.number, (n) => ({ revenuePaymentCount: n.revenuePaymentCount + 1 }));
});

ponder.on("RevenueRouter:SplitSet", async ({ event, context }) => {
  await setParameter(context.db, parameterEvent("RevenueRouter", "SplitSet", event), "feeBps", event.args.feeBps);
  await setParameter(context.db, parameterEvent("RevenueRouter", "SplitSet", event), "poolBps", event.args.poolBps);
});

ponder.on("RevenueRouter:TreasurySet", async ({ event, context }) => {
  await setParameter(
    context.db,
    parameterEvent("RevenueRouter", "TreasurySet", event),
    "treasury",
    event.args.treasury,
  );
});

ponder.on("RevenueRouter:ReserveSet", async ({ event, context }) => {
  await setParameter(context.db, parameterEvent("RevenueRouter", "ReserveSet", event), "reserve", event.args.reserve);
});
