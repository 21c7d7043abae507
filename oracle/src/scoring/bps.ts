import { invariant } from "@coherence/protocol";
/**
 * Integer basis-point arithmetic for scores. Every division floors (rounds
 * toward zero for the non-negative values used here), so a score is the same
 * on every machine and never rounds up past what was measured.
 */

/** Basis points in 1.0. */
export const FULL_BPS = 10000;

/**
 * `floor(10000 * numerator / denominator)`, clamped to 0..10000.
 *
 * @example
 * ratioBps(2, 3) // 6666
 */
export function ratioBps(numerator: number, denominator: number): number {
  invariant(
    Number.isSafeInteger(numerator) && numerator >= 0,
    `ratioBps numerator ${numerator} is not a non-negative integer`,
  );
  invariant(
    Number.isSafeInteger(denominator) && denominator > 0,
    `ratioBps denominator ${denominator} is not a positive integer`,
  );
  // BigInt keeps the product exact for any safe-integer inputs.
  const bps = Number((BigInt(numerator) * 10000n) / BigInt(denominator));
  return Math.min(FULL_BPS, bps);
}

/**
 * Weighted mean of `values` (bps) with integer `weights`, floored:
 * `floor(sum(w * v) / sum(w))`; `null` when the weights sum to 0.
 *
 * @example
 * weightedMeanBps([10000, 5000], [3, 1]) // 8750
 */
export function weightedMeanBps(values: readonly number[], weights: readonly number[]): number | null {
  invariant(values.length === weights.length, "weightedMeanBps needs one weight per value");
  let total = 0n;
  let weight = 0n;
  for (let i = 0; i < values.length; i++) {
    total += BigInt(values[i]!) * BigInt(weights[i]!);
    weight += BigInt(weights[i]!);
  }
  return weight === 0n ? null : Number(total / weight);
}
