import { InvalidArgumentError } from "@coherence/protocol";
/**
 * Orders the lineage DAG so every asset comes after all assets built from it
 * ("children first"): an asset's inflow is complete when its turn comes, so
 * each asset is split exactly once.
 */

/**
 * Kahn's algorithm over child -> parent edges, O(assets + edges).
 * `parents[i]` lists the indices of asset i's parents; `ids[i]` names asset i in errors.
 * Returns the asset indices, children before parents. Throws
 * {@link InvalidArgumentError} naming the assets on a cycle (impossible on-chain,
 * where parents must exist first, but a hand-made input may have one).
 *
 * @example
 * childrenFirstOrder([[], [0], [1]], [1n, 2n, 3n]) // [2, 1, 0]
 */
export function childrenFirstOrder(parents: readonly (readonly number[])[], ids: readonly bigint[]): Uint32Array {
  const n = parents.length;
  const pendingChildren = new Uint32Array(n);
  for (const list of parents) for (const p of list) pendingChildren[p]!++;
  const order = new Uint32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (pendingChildren[i] === 0) order[tail++] = i;
  while (head < tail) {
    const asset = order[head++]!;
    for (const p of parents[asset]!) if (--pendingChildren[p]! === 0) order[tail++] = p;
  }
  if (tail < n) {
    const stuck = ids.filter((_, i) => pendingChildren[i]! > 0);
    throw new InvalidArgumentError(
      `The lineage has a cycle: asset(s) ${stuck.slice(0, 10).join(", ")}${stuck.length > 10 ? ", ..." : ""} are on or above it.`,
    );
  }
  return order;
}
