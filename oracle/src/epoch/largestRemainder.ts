import { InvalidArgumentError, invariant } from "@coherence/protocol";
/**
 * Exact proportional splits of an integer amount (Hamilton / largest-remainder method).
 */

/**
 * Splits `amount` in proportion to `weights` so the parts add up to `amount` exactly.
 *
 * Each part starts at `floor(amount * w_i / W)`; the units left over (fewer than
 * the number of recipients) go one each to the largest remainders
 * `amount * w_i mod W`. Ties go to the lower index, so callers list recipients
 * in their canonical order. A zero weight always gets zero: every unit handed
 * out goes to a positive remainder, and there are more of those than units.
 *
 * @example
 * splitByWeights(100n, [1n, 1n, 1n]) // [34n, 33n, 33n]
 * splitByWeights(10n, [0n, 3n, 7n])  // [0n, 3n, 7n]
 */
export function splitByWeights(amount: bigint, weights: readonly bigint[]): bigint[] {
  if (amount < 0n) throw new InvalidArgumentError(`Cannot split a negative amount ${amount}.`);
  let total = 0n;
  for (const w of weights) {
    if (w < 0n) throw new InvalidArgumentError(`Split weights must not be negative (got ${w}).`);
    total += w;
  }
  if (total === 0n) throw new InvalidArgumentError("Cannot split by weights that add up to zero.");
  const parts: bigint[] = new Array<bigint>(weights.length);
  const remainders: bigint[] = new Array<bigint>(weights.length);
  let given = 0n;
  for (let i = 0; i < weights.length; i++) {
    const scaled = amount * weights[i]!;
    parts[i] = scaled / total;
    remainders[i] = scaled % total;
    given += parts[i]!;
  }
  const left = Number(amount - given);
  invariant(left >= 0 && left < weights.length, "largest remainder left more units than recipients");
  if (left > 0) {
    const order = weights.map((_, i) => i);
    order.sort((a, b) => (remainders[a]! > remainders[b]! ? -1 : remainders[a]! < remainders[b]! ? 1 : a - b));
    for (let k = 0; k < left; k++) parts[order[k]!]! += 1n;
  }
  return parts;
}
