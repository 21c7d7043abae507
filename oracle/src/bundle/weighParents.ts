/**
 * The weighting rule of suggested lineage (oracle/docs/bundles.md): the owner's upstream share `U` bps is split
 * among the parents by how many of the composable's files import each. Every parent first gets 1 bps (the
 * registry refuses a zero weight); the remaining `U - n` are shared in proportion to importing files, each
 * parent taking the floor of its exact share, and the bps the floors leave go one each to the largest
 * remainders (ties: more files, then the lower asset id), so the weights sum to exactly `U`. Parents are ranked
 * by files (then asset id); beyond the registry's MAX_PARENTS, or beyond `U` parents when `U` is smaller, the
 * rest get no weight and are listed with the reason.
 */
import { invariant, MAX_PARENTS } from "@coherence/protocol";

/** A candidate parent: an asset and the number of the composable's files that import it (at least 1). */
export type Candidate = { readonly assetId: bigint; readonly files: number };

export type Weighing<C extends Candidate> = {
  /** In rank order: most files first. */
  readonly weighted: readonly (C & { readonly weightBps: number })[];
  readonly unweighted: readonly { readonly candidate: C; readonly reason: string }[];
};

/**
 * @example
 * weighParents([{ assetId: 3n, files: 2 }, { assetId: 7n, files: 1 }], 2000).weighted.map((p) => p.weightBps) // [1333, 667]
 */
export function weighParents<C extends Candidate>(candidates: readonly C[], upstreamBps: number): Weighing<C> {
  const ranked = [...candidates].sort(byRank);
  const limit = Math.min(MAX_PARENTS, upstreamBps);
  const kept = ranked.slice(0, limit);
  const reason =
    limit === MAX_PARENTS
      ? `an asset has at most ${MAX_PARENTS} parents, and ${MAX_PARENTS} others are imported by more files`
      : `an upstream share of ${upstreamBps} bps leaves no whole bps for more than ${upstreamBps} parents`;
  const unweighted = ranked.slice(limit).map((candidate) => ({ candidate, reason }));
  if (kept.length === 0) return { weighted: [], unweighted };

  const rest = upstreamBps - kept.length;
  const totalFiles = kept.reduce((sum, c) => sum + c.files, 0);
  const shares = kept.map((candidate, rank) => {
    invariant(candidate.files >= 1, `asset ${candidate.assetId} is a candidate parent imported by no file`);
    // Exact in integers: rest * files / totalFiles = floor + remainder / totalFiles.
    const scaled = rest * candidate.files;
    return { rank, floor: Math.floor(scaled / totalFiles), remainder: scaled % totalFiles };
  });
  let left = rest - shares.reduce((sum, s) => sum + s.floor, 0);
  // Ranks already order ties by files, then asset id.
  const byRemainder = [...shares].sort((a, b) => b.remainder - a.remainder || a.rank - b.rank);
  const extra = new Array<number>(kept.length).fill(0);
  for (const share of byRemainder) {
    if (left === 0) break;
    extra[share.rank]!++;
    left--;
  }
  return {
    weighted: kept.map((candidate, i) => ({ ...candidate, weightBps: 1 + shares[i]!.floor + extra[i]! })),
    unweighted,
  };
}

function byRank(a: Candidate, b: Candidate): number {
  return b.files - a.files || (a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : 0);
}
