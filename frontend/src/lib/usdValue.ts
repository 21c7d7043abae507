/**
 * Token amounts in US dollars from a Chainlink price feed's answer, in integer arithmetic: one precision rule for
 * every page (whole cents, rounded down, so a dollar figure never overstates what the tokens are worth).
 */

/** A feed's latest answer: the price of one whole token in USD, with `decimals` decimals. */
export type UsdPrice = { answer: bigint; decimals: number; updatedAt: bigint };

/**
 * Older than this, a price is not shown: Chainlink's USD feeds on Arbitrum post at least daily (their heartbeat),
 * so a day and two hours means the feed has stopped.
 */
export const MAX_PRICE_AGE_SECONDS = 26n * 3600n;

/**
 * `amount` base units of a token with `tokenDecimals` decimals, in whole US cents, rounded down.
 *
 * @example
 * usdCents(12_345_678n, 6, { answer: 100_000_000n, decimals: 8, updatedAt }) // 1234n ($12.34)
 */
export function usdCents(amount: bigint, tokenDecimals: number, price: UsdPrice): bigint {
  return (amount * price.answer * 100n) / 10n ** BigInt(tokenDecimals + price.decimals);
}

/** Whether `price` is too old to show at `nowSeconds`, or not a price at all. */
export function isPriceUnusable(price: UsdPrice, nowSeconds: bigint): boolean {
  return price.answer <= 0n || nowSeconds - price.updatedAt > MAX_PRICE_AGE_SECONDS;
}

/**
 * Cents as dollars, grouped by thousands: "$1,234.56"; an amount worth less than a cent but not nothing reads
 * "< $0.01" rather than "$0.00".
 */
export function formatUsd(cents: bigint, worthSomething = cents > 0n): string {
  if (cents === 0n && worthSomething) return "< $0.01";
  const dollars = (cents / 100n).toLocaleString("en-US");
  return `$${dollars}.${(cents % 100n).toString().padStart(2, "0")}`;
}
