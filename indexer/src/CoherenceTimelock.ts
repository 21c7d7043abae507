/**
 * CoherenceTimelock events (OpenZeppelin's TimelockController, the admin of ledger, distributor and router):
 * every privileged change is an operation, scheduled (one `CallScheduled` per call: a batch has several, index
 * 0 first), waiting until `readyAt`, then executed (`CallExecuted` per call) or cancelled (`Cancelled`). The
 * delay (`MinDelayChange`) is a parameter and a network figure. Its role events are in AccessControl.ts.
 */
import { type Context, ponder } from "ponder:registry";
import { governanceCall, governanceOperation } from "ponder:schema";
import { zeroAddress, zeroHash } from "viem";

import { decodeCall, GOVERNED_ABIS } from "./lib/calldata.ts";
import { lower } from "./lib/hex.ts";
import { parameterEvent, setParameter } from "./lib/parameters.ts";
import { type Db, updateNetwork } from "./lib/totals.ts";

/** The name of the indexed contract at `address` (the config's names), or null for any other address. */
function contractNameAt(contracts: Context["contracts"], address: `0x${string}`): string | null {
  // An optional contract absent from the deployment is watched at the zero address (ponder.config.ts): not a target.
  if (address === zeroAddress) return null;
  for (const [name, contract] of Object.entries(contracts) as [string, { address?: unknown }][])
    if (typeof contract.address === "string" && contract.address.toLowerCase() === address.toLowerCase()) return name;
  return null;
}

/** The operation an event names; the timelock emits these only for an operation it scheduled. */
async function operationOf(db: Db, id: `0x${string}`) {
  const row = await db.find(governanceOperation, { id });
  if (row === null) throw new Error(`timelock operation ${id} was not indexed as scheduled`);
  return row;
}

ponder.on("CoherenceTimelock:CallScheduled", async ({ event, context }) => {
  const { db } = context;
  const { id, index, target, value, data, predecessor, delay } = event.args;
  if (index === 0n) {
    // The first call of the operation (the only one unless it is a batch); CallSalt follows when there is a salt.
    const row = {
      id,
      status: "scheduled" as const,
      callCount: 1,
      predecessor,
      salt: zeroHash,
      delay,
      readyAt: event.block.timestamp + delay,
      scheduledBy: lower(event.transaction.from),
      scheduledBlock: event.block.number,
      scheduledAt: event.block.timestamp,
      scheduledTx: event.transaction.hash,
      executedBy: null,
      executedBlock: null,
      executedAt: null,
      executedTx: null,
      cancelledBy: null,
      cancelledBlock: null,
      cancelledAt: null,
      cancelledTx: null,
    };
    await db.insert(governanceOperation).values(row).onConflictDoUpdate(row);
    await updateNetwork(db, event.block.number, (n) => ({ scheduledOperationCount: n.scheduledOperationCount + 1 }));
  } else {
    await operationOf(db, id);
    await db.update(governanceOperation, { id }).set((o) => ({ callCount: o.callCount + 1 }));
  }
  const targetName = contractNameAt(context.contracts, target);
  const call = {
    id: `${id}-${index}`,
    governanceOperationId: id,
    index: Number(index),
    target: lower(target),
    targetName,
    value,
    data: lower(data),
    ...decodeCall(targetName === null ? undefined : GOVERNED_ABIS[targetName], data),
  };
  await db.insert(governanceCall).values(call).onConflictDoUpdate(call);
});

ponder.on("CoherenceTimelock:CallSalt", async ({ event, context }) => {
  await operationOf(context.db, event.args.id);
  await context.db.update(governanceOperation, { id: event.args.id }).set({ salt: event.args.salt });
});

/** Settles the operation an event names as executed or cancelled (by whom, when); it no longer waits. */
async function settleOperation(
  db: Db,
  status: "executed" | "cancelled",
  event: {
    args: { id: `0x${string}` };
    block: { number: bigint; timestamp: bigint };
    transaction: { from: `0x${string}`; hash: `0x${string}` };
  },
) {
  await operationOf(db, event.args.id);
  const columns = {
    status,
    [`${status}By`]: lower(event.transaction.from),
    [`${status}Block`]: event.block.number,
    [`${status}At`]: event.block.timestamp,
    [`${status}Tx`]: event.transaction.hash,
  } as Partial<typeof governanceOperation.$inferInsert>;
  await db.update(governanceOperation, { id: event.args.id }).set(columns);
  await updateNetwork(db, event.block.number, (n) => ({ scheduledOperationCount: n.scheduledOperationCount - 1 }));
}

ponder.on("CoherenceTimelock:CallExecuted", async ({ event, context }) => {
  // A batch executes all its calls in one transaction, index 0 first: the first one settles the operation.
  if (event.args.index === 0n) await settleOperation(context.db, "executed", event);
});

ponder.on("CoherenceTimelock:Cancelled", async ({ event, context }) => {
  await settleOperation(context.db, "cancelled", event);
});

ponder.on("CoherenceTimelock:MinDelayChange", async ({ event, context }) => {
  const delay = event.args.newDuration;
  await setParameter(context.db, parameterEvent("CoherenceTimelock", "MinDelayChange", event), "minDelay", delay);
  await updateNetwork(context.db, event.block.number, () => ({ governanceDelay: delay }));
});
