/**
 * The lineage graph as the indexer keeps it: an asset's parent edges (`lineageEdge`, set at registration and
 * replaced by a reclaim) and the walks over it that resonance needs. Every edge runs from an older asset to a newer
 * one (a parent exists before its child is registered; a reclaimed asset's parents must be older), so the walks end.
 */
import { asset, lineageEdge } from "ponder:schema";
import { inArray } from "ponder";

import type { Db } from "./totals.ts";

/** Writes the parent edges of `childId`, in the order of its parent list. */
export async function writeParentEdges(
  db: Db,
  childId: bigint,
  parents: readonly bigint[],
  weightsBps: readonly number[],
  blockNumber: bigint,
): Promise<void> {
  for (const [position, parentId] of parents.entries()) {
    const edge = {
      id: `${childId}-${parentId}`,
      childId,
      parentId,
      weightBps: weightsBps[position]!,
      position,
      blockNumber,
    };
    await db.insert(lineageEdge).values(edge).onConflictDoUpdate(edge);
  }
}

/** Deletes the parent edges of `childId` to `parents`. */
export async function deleteParentEdges(db: Db, childId: bigint, parents: readonly bigint[]): Promise<void> {
  for (const parentId of parents) await db.delete(lineageEdge, { id: `${childId}-${parentId}` });
}

/**
 * The ancestors of an asset with these parents: the parents, theirs, and so on, each once however many paths lead
 * to it.
 */
export async function ancestorsOf(db: Db, parents: readonly bigint[]): Promise<Set<bigint>> {
  const seen = new Set<bigint>();
  const queue = [...parents];
  while (queue.length > 0) {
    const ancestor = queue.pop()!;
    if (seen.has(ancestor)) continue;
    seen.add(ancestor);
    const row = await db.find(asset, { id: ancestor });
    for (const grandparent of row?.parentIds ?? []) if (!seen.has(grandparent)) queue.push(grandparent);
  }
  return seen;
}

/**
 * How many assets are built on `assetId`, transitively, each once: a walk down the edges a generation at a time.
 * Registrations never need it (a new asset is one more descendant of each ancestor); a reclaim does, since the
 * reclaimed asset takes its own descendants along, some of which an old ancestor still reaches by another path.
 */
export async function countDescendants(db: Db, assetId: bigint): Promise<number> {
  const seen = new Set<bigint>();
  let generation = [assetId];
  while (generation.length > 0) {
    const edges = await db.sql
      .select({ childId: lineageEdge.childId })
      .from(lineageEdge)
      .where(inArray(lineageEdge.parentId, generation));
    generation = [];
    for (const { childId } of edges) {
      if (seen.has(childId)) continue;
      seen.add(childId);
      generation.push(childId);
    }
  }
  return seen.size;
}
