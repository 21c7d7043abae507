/**
 * Splits an amount by integer weights, exactly: each share is the floor of its pro-rata part, and the units the
 * floors leave over go one each to the largest remainders (the lowest index first on a tie), so the shares always
 * add up to the amount. Amounts travel as decimal strings, since they can exceed 2^53.
 *
 * @example
 * splitExact({ amount: "10", weights: [1, 1, 1] }) // { shares: ["4", "3", "3"] }
 */
export function splitExact(input: { amount: string; weights: number[] }): { shares: string[] } {
  if (!/^(0|[1-9][0-9]*)$/.test(input.amount)) {
    throw new RangeError(`amount must be a non-negative decimal integer, not ${JSON.stringify(input.amount)}`);
  }
  const weights = input.weights.map((weight, i) => {
    if (!Number.isSafeInteger(weight) || weight < 0) {
      throw new RangeError(`weights[${i}] must be a non-negative integer, not ${weight}`);
    }
    return BigInt(weight);
  });
  const total = weights.reduce((sum, weight) => sum + weight, 0n);
  if (total === 0n) throw new RangeError("the weights add up to zero");
  const amount = BigInt(input.amount);
  const shares = weights.map((weight) => (amount * weight) / total);
  const remainders = weights.map((weight, i) => ({ i, remainder: (amount * weight) % total }));
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
  let left = amount - shares.reduce((sum, share) => sum + share, 0n);
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i]! += 1n;
    left -= 1n;
  }
  return { shares: shares.map(String) };
}
