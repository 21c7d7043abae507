import type { AssetFlow } from "@coherence/protocol";

/** One step of revenue up the lineage: `parent` received `amount` because `child`, built on it, earned revenue. */
export type LineageHop = { parent: bigint; child: bigint; amount: bigint };

/**
 * How revenue reached asset `assetId`'s pool in `token`, hop by hop from the epoch's flows: what each asset built on
 * it passed up, then what reached those from theirs, breadth first. Each (parent, child) pair appears once, so a
 * diamond in the lineage does not repeat itself.
 *
 * @example
 * lineageHops(manifest.lineageFlows, usd, 2n) // [{ parent: 2n, child: 5n, amount: 36_750_000n }, …]
 */
export function lineageHops(flows: readonly AssetFlow[], token: string, assetId: bigint): LineageHop[] {
  const inToken = new Map(
    flows.filter((f) => f.token.toLowerCase() === token.toLowerCase()).map((f) => [f.assetId, f] as const),
  );
  const hops: LineageHop[] = [];
  const seen = new Set<string>();
  let level = [assetId];
  while (level.length > 0) {
    const next: bigint[] = [];
    for (const parent of level) {
      for (const { assetId: child, amount } of inToken.get(parent)?.fromChildren ?? []) {
        const key = `${parent}:${child}`;
        if (seen.has(key) || amount === 0n) continue;
        seen.add(key);
        hops.push({ parent, child, amount });
        next.push(child);
      }
    }
    level = next;
  }
  return hops;
}
