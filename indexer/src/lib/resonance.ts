/**
 * Resonance, kept current as events arrive:
 * - on registration, every ancestor of the new asset gains one descendant (found by walking the parent lists
 *   upwards, each ancestor once however many paths lead to it) and each direct parent one direct child;
 * - on a reclaim's new lineage, direct children move from the old parents to the new ones and every ancestor on
 *   either side counts its descendants anew;
 * - on attestation and revocation, the asset's per-contributor cost changes, and with it the contributor count
 *   and the diversity `1 - HHI`, kept exact as `costSquares / totalCost^2`.
 */
import { assetContributor, contributor, resonance } from "ponder:schema";

import { ancestorsOf, countDescendants } from "./lineage.ts";
import type { Db } from "./totals.ts";

type Resonance = typeof resonance.$inferSelect;

/** `floor(10000 * (1 - squares / total^2))`: 0 for no contributions or a single contributor. */
export function diversityBps(total: bigint, squares: bigint): number {
  if (total === 0n) return 0;
  const totalSquared = total * total;
  return Number((10_000n * (totalSquared - squares)) / totalSquared);
}

async function readResonance(db: Db, assetId: bigint, blockNumber: bigint): Promise<Resonance> {
  return (
    (await db.find(resonance, { id: assetId })) ?? {
      id: assetId,
      assetId,
      directChildren: 0,
      descendants: 0,
      contributorCount: 0,
      activeContributionCount: 0,
      totalCostMicroUsd: 0n,
      costSquares: 0n,
      diversityBps: 0,
      paymentCount: 0,
      updatedBlock: blockNumber,
    }
  );
}

/** Applies `change` to an asset's resonance row (created in its zero state if needed). */
export async function updateResonance(
  db: Db,
  assetId: bigint,
  blockNumber: bigint,
  change: (row: Resonance) => Partial<Omit<Resonance, "id" | "assetId">>,
): Promise<void> {
  const row = await readResonance(db, assetId, blockNumber);
  const next = { ...row, ...change(row), updatedBlock: blockNumber };
  await db.insert(resonance).values(next).onConflictDoUpdate(next);
}

/**
 * Records a new asset in the resonance of its lineage: one more direct child for each parent and one more
 * descendant for each ancestor.
 */
export async function onAssetRegistered(
  db: Db,
  assetId: bigint,
  parents: readonly bigint[],
  blockNumber: bigint,
): Promise<void> {
  await updateResonance(db, assetId, blockNumber, () => ({}));
  await moveDirectChildren(db, [], parents, blockNumber);
  for (const ancestor of await ancestorsOf(db, parents)) {
    await updateResonance(db, ancestor, blockNumber, (r) => ({ descendants: r.descendants + 1 }));
  }
}

/**
 * Records a reclaimed asset's new lineage, once its edges are replaced: one direct child less for each old parent
 * and one more for each new one, and the descendants of every old and new ancestor counted from the edges.
 */
export async function onLineageReset(
  db: Db,
  before: readonly bigint[],
  after: readonly bigint[],
  blockNumber: bigint,
): Promise<void> {
  await moveDirectChildren(db, before, after, blockNumber);
  const ancestors = new Set([...(await ancestorsOf(db, before)), ...(await ancestorsOf(db, after))]);
  for (const ancestor of ancestors) {
    const descendants = await countDescendants(db, ancestor);
    await updateResonance(db, ancestor, blockNumber, () => ({ descendants }));
  }
}

async function moveDirectChildren(db: Db, from: readonly bigint[], to: readonly bigint[], blockNumber: bigint) {
  for (const parent of from)
    await updateResonance(db, parent, blockNumber, (r) => ({ directChildren: r.directChildren - 1 }));
  for (const parent of to)
    await updateResonance(db, parent, blockNumber, (r) => ({ directChildren: r.directChildren + 1 }));
}

/** Costs of one contribution, in micro-USD. */
export type ContributionCost = { labor: bigint; tools: bigint; compute: bigint };

/**
 * Adds (`sign = 1`, an attestation) or removes (`sign = -1`, a revocation) one contribution's cost from its
 * asset's contributor shares, the asset's resonance and the contributor's aggregates.
 */
export async function applyContributionCost(
  db: Db,
  assetId: bigint,
  contributorId: `0x${string}`,
  cost: ContributionCost,
  sign: 1 | -1,
  blockNumber: bigint,
): Promise<void> {
  const total = cost.labor + cost.tools + cost.compute;
  const delta = sign === 1 ? total : -total;
  const id = `${assetId}-${contributorId}`;
  const share = (await db.find(assetContributor, { id })) ?? {
    id,
    assetId,
    contributorId,
    contributionCount: 0,
    costMicroUsd: 0n,
  };
  const before = share.contributionCount > 0 ? share.costMicroUsd : 0n;
  const next = {
    ...share,
    contributionCount: share.contributionCount + sign,
    costMicroUsd: share.costMicroUsd + delta,
  };
  await db.insert(assetContributor).values(next).onConflictDoUpdate(next);
  const after = next.contributionCount > 0 ? next.costMicroUsd : 0n;
  // The contributor joins the asset with its first active contribution and leaves it with its last.
  const joined = share.contributionCount === 0 && next.contributionCount > 0 ? 1 : 0;
  const left = share.contributionCount > 0 && next.contributionCount === 0 ? 1 : 0;

  await updateResonance(db, assetId, blockNumber, (r) => {
    const totalCostMicroUsd = r.totalCostMicroUsd + delta;
    const costSquares = r.costSquares - before * before + after * after;
    return {
      contributorCount: r.contributorCount + joined - left,
      activeContributionCount: r.activeContributionCount + sign,
      totalCostMicroUsd,
      costSquares,
      diversityBps: diversityBps(totalCostMicroUsd, costSquares),
    };
  });

  const row = await db.find(contributor, { id: contributorId });
  if (row === null) throw new Error(`contributor ${contributorId} must be recorded before its costs`);
  const signed = (v: bigint) => (sign === 1 ? v : -v);
  const updated = {
    ...row,
    activeContributionCount: row.activeContributionCount + sign,
    assetCount: row.assetCount + joined - left,
    laborMicroUsd: row.laborMicroUsd + signed(cost.labor),
    toolsMicroUsd: row.toolsMicroUsd + signed(cost.tools),
    computeMicroUsd: row.computeMicroUsd + signed(cost.compute),
    totalCostMicroUsd: row.totalCostMicroUsd + delta,
  };
  await db.insert(contributor).values(updated).onConflictDoUpdate(updated);
}
