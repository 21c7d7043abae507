/**
 * Network-wide counters and per-token figures, updated as upserts: read the row (or its zero state), apply the
 * change, write it back.
 */
import type { Context } from "ponder:registry";
import { networkToken, networkTotal } from "ponder:schema";

export type Db = Context["db"];
type NetworkTotal = typeof networkTotal.$inferSelect;
type NetworkToken = typeof networkToken.$inferSelect;

/** The id of the one `networkTotal` row. */
export const NETWORK_ID = "network";

const ZERO_TOTAL: Omit<NetworkTotal, "updatedBlock"> = {
  id: NETWORK_ID,
  assetCount: 0,
  lineageEdgeCount: 0,
  contributorCount: 0,
  contributionCount: 0,
  activeContributionCount: 0,
  revokedContributionCount: 0,
  struckContributionCount: 0,
  revenuePaymentCount: 0,
  proposalCount: 0,
  vetoedCount: 0,
  finalisedEpochCount: 0,
  expiredCount: 0,
  revokedEpochCount: 0,
  latestFinalisedEpoch: 0n,
  pendingEpoch: null,
  claimCount: 0,
  paused: false,
  disputeCount: 0,
  upheldDisputeCount: 0,
  rejectedDisputeCount: 0,
  disputeToken: null,
  disputeBond: 0n,
  disputeReward: 0n,
  disputeTreasury: null,
  governanceDelay: 0n,
  scheduledOperationCount: 0,
};

/** The network row as it is now (its zero state before the first event). */
export async function readNetwork(db: Db): Promise<NetworkTotal> {
  return (await db.find(networkTotal, { id: NETWORK_ID })) ?? { ...ZERO_TOTAL, updatedBlock: 0n };
}

/**
 * Applies `change` to the network row.
 *
 * @example
 * await updateNetwork(context.db, event.block.number, (n) => ({ assetCount: n.assetCount + 1 }));
 */
export async function updateNetwork(
  db: Db,
  blockNumber: bigint,
  change: (row: NetworkTotal) => Partial<Omit<NetworkTotal, "id">>,
): Promise<NetworkTotal> {
  const row = await readNetwork(db);
  const next = { ...row, ...change(row), updatedBlock: blockNumber };
  await db.insert(networkTotal).values(next).onConflictDoUpdate(next);
  return next;
}

/** Applies `change` to a token's network figures; `unclaimed` follows `allocated - claimed`. */
export async function updateToken(
  db: Db,
  token: `0x${string}`,
  blockNumber: bigint,
  change: (row: NetworkToken) => Partial<Omit<NetworkToken, "id" | "unclaimed">>,
): Promise<void> {
  const id = token.toLowerCase() as `0x${string}`;
  const row: NetworkToken = (await db.find(networkToken, { id })) ?? {
    id,
    allowed: false,
    revenue: 0n,
    fee: 0n,
    reserve: 0n,
    pool: 0n,
    funded: 0n,
    allocated: 0n,
    claimed: 0n,
    unclaimed: 0n,
    updatedBlock: blockNumber,
  };
  const next = { ...row, ...change(row), updatedBlock: blockNumber };
  next.unclaimed = next.allocated - next.claimed;
  await db.insert(networkToken).values(next).onConflictDoUpdate(next);
}
