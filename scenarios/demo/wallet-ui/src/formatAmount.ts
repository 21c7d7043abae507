/**
 * Formats a token amount given in its smallest unit for a wallet screen: the integer part grouped by thousands,
 * the fraction cut (never rounded up, so a wallet never shows more than is there) to `digits`, trailing zeros
 * dropped.
 *
 * @example
 * formatAmount({ amount: "1234567890", decimals: 6, digits: 2 }) // { text: "1,234.56" }
 */
export function formatAmount(input: { amount: string; decimals: number; digits: number }): { text: string } {
  if (!/^(0|[1-9][0-9]*)$/.test(input.amount)) {
    throw new RangeError(`amount must be a non-negative decimal integer, not ${JSON.stringify(input.amount)}`);
  }
  for (const field of ["decimals", "digits"] as const) {
    const value = input[field];
    if (!Number.isSafeInteger(value) || value < 0 || value > 36) {
      throw new RangeError(`${field} must be an integer from 0 to 36, not ${value}`);
    }
  }
  const padded = input.amount.padStart(input.decimals + 1, "0");
  const whole = padded.slice(0, padded.length - input.decimals);
  const fraction = padded.slice(padded.length - input.decimals, padded.length - input.decimals + input.digits);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const shown = fraction.replace(/0+$/, "");
  return { text: shown === "" ? grouped : `${grouped}.${shown}` };
}
