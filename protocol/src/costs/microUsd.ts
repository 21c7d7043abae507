/**
 * The one rounding rule of cost reports: every amount is a whole number of micro-USD (10^-6 USD, bigint), the
 * floor of its exact rational value, taken once where the amount is first computed (a labor line, a token line,
 * a subscription's share, a machine's energy and its depreciation). Sums of amounts are exact. Flooring never
 * charges a contributor for a fraction of a micro-USD they did not spend, and one rule everywhere lets anyone
 * recompute a report to the last digit.
 */
import { InvalidArgumentError } from "../errors.ts";
import { decimal } from "../schema.ts";

/** An amount or a price in micro-USD, a decimal string in JSON. */
export const microUsdSchema = decimal();

/** Seconds in an hour: hourly rates are per 3,600 seconds. */
export const SECONDS_PER_HOUR = 3600n;
/** The month a subscription's monthly price covers: 30 days, 2,592,000 seconds. */
export const SECONDS_IN_MONTH = 30n * 24n * SECONDS_PER_HOUR;
/** Token prices are per million tokens. */
export const TOKENS_PER_PRICE_UNIT = 1_000_000n;
/** Watt-seconds in a kilowatt-hour: electricity is priced per kWh. */
export const WATT_SECONDS_PER_KWH = 1000n * SECONDS_PER_HOUR;

/**
 * `floor(numerator / denominator)` for a non-negative numerator and positive denominator: the rounding rule.
 *
 * @example
 * floorMicroUsd(57_600n * 160_000_000n, SECONDS_PER_HOUR) // 2_560_000_000n: 16 h at $160/h
 */
export function floorMicroUsd(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) {
    throw new InvalidArgumentError(`cannot price ${numerator} / ${denominator}: amounts are non-negative`);
  }
  // bigint division truncates toward zero, which is the floor for non-negative operands.
  return numerator / denominator;
}

/**
 * The sum of amounts, exact.
 *
 * @example
 * sumMicroUsd([1n, 2n, 3n]) // 6n
 */
export function sumMicroUsd(amounts: Iterable<bigint>): bigint {
  let total = 0n;
  for (const amount of amounts) total += amount;
  return total;
}
