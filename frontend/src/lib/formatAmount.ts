/**
 * Token amounts for people: base units (bigint) and decimals in, a decimal string out. Integer arithmetic only,
 * never floating point, so an amount shown is exactly the amount on-chain (or, when shortened, never more).
 */

export type FormatAmountOptions = {
  /** Fraction digits shown at most; the rest is cut (rounded toward zero). Default: all. */
  maxFractionDigits?: number;
  /** Group the integer part by thousands with commas. Default true. */
  group?: boolean;
};

/** Thousands grouping of a string of digits. */
function groupDigits(digits: string): string {
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ",";
    out += digits[i];
  }
  return out;
}

/**
 * Formats `value` base units of a token with `decimals` decimals.
 *
 * @example
 * formatAmount(1_234_500_000n, 6)                          // "1,234.5"
 * formatAmount(29_609_749_120_829_197n, 18, { maxFractionDigits: 6 }) // "0.029609"
 * formatAmount(1n, 18, { maxFractionDigits: 6 })           // "<0.000001"
 */
export function formatAmount(value: bigint, decimals: number, options: FormatAmountOptions = {}): string {
  if (!Number.isSafeInteger(decimals) || decimals < 0 || decimals > 255)
    throw new RangeError(`decimals must be 0..255, got ${decimals}`);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  let fraction = decimals === 0 ? "" : (abs % base).toString().padStart(decimals, "0");
  const max = options.maxFractionDigits;
  let cut = false;
  if (max !== undefined && fraction.length > max) {
    cut = /[1-9]/.test(fraction.slice(max));
    fraction = fraction.slice(0, max);
  }
  fraction = fraction.replace(/0+$/, "");
  const sign = negative ? "-" : "";
  if (whole === 0n && fraction === "" && cut) {
    // Too small for the digits shown: say so rather than print a misleading zero.
    const smallest = max === 0 || max === undefined ? "1" : `0.${"0".repeat(max - 1)}1`;
    return `${negative ? ">-" : "<"}${smallest}`;
  }
  const integer = options.group === false ? whole.toString() : groupDigits(whole.toString());
  return `${sign}${integer}${fraction === "" ? "" : `.${fraction}`}`;
}

/**
 * Whether {@link formatAmount} with these options shows less than the exact amount (so the UI can offer the
 * exact figure in a tooltip).
 */
export function isAmountShortened(value: bigint, decimals: number, maxFractionDigits: number | undefined): boolean {
  if (maxFractionDigits === undefined || decimals <= maxFractionDigits) return false;
  const unit = 10n ** BigInt(decimals - maxFractionDigits);
  return (value < 0n ? -value : value) % unit !== 0n;
}
