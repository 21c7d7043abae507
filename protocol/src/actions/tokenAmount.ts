/**
 * Token amounts as people type them (`12.5` dUSD) and as contracts take them (base units), converted exactly:
 * an amount with more decimals than the token has is refused, never rounded, since a payer must pay exactly
 * what they read.
 */
import { InvalidArgumentError } from "../errors.ts";

const AMOUNT = /^(\d+)(?:\.(\d+))?$/;

/**
 * @example
 * parseTokenAmount("12.5", 6) // 12_500_000n
 */
export function parseTokenAmount(text: string, decimals: number): bigint {
  const match = AMOUNT.exec(text);
  if (match === null) throw new InvalidArgumentError(`"${text}" is not an amount: write it as 250 or 12.5.`);
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) {
    throw new InvalidArgumentError(`"${text}" has ${fraction.length} decimals; the token has ${decimals}.`);
  }
  return BigInt(match[1]!) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}

/**
 * @example
 * formatTokenAmount(12_500_000n, 6) // "12.5"
 */
export function formatTokenAmount(amount: bigint, decimals: number): string {
  const unit = 10n ** BigInt(decimals);
  const fraction = (amount % unit).toString().padStart(decimals, "0").replace(/0+$/, "");
  return fraction === "" ? (amount / unit).toString() : `${amount / unit}.${fraction}`;
}
