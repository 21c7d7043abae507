/**
 * Kendall's tau-b between two rankings with ties (Kendall 1945): how well the scorer orders contributions the way
 * reviewers' tiers do. 1 is the same order, 0 no relation, -1 the reverse.
 */

/**
 * `(concordant - discordant) / sqrt((n0 - tiesX) * (n0 - tiesY))` over all pairs, `n0 = n(n-1)/2`; 0 when either
 * side is constant. Quadratic in the number of items, which is fine for an evaluation set.
 *
 * @example
 * kendallTauB([1, 2, 3], [10, 20, 30]) // 1
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new RangeError(`kendallTauB: ${x.length} values against ${y.length}`);
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  let pairs = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      pairs++;
      const dx = Math.sign(x[i]! - x[j]!);
      const dy = Math.sign(y[i]! - y[j]!);
      if (dx === 0) tiesX++;
      if (dy === 0) tiesY++;
      if (dx !== 0 && dy !== 0) {
        if (dx === dy) concordant++;
        else discordant++;
      }
    }
  }
  const denominator = Math.sqrt((pairs - tiesX) * (pairs - tiesY));
  return denominator === 0 ? 0 : (concordant - discordant) / denominator;
}
