import type { JsonValue } from "@coherence/protocol";
/**
 * The result every metric returns.
 */

/**
 * A metric's value in basis points, or `null` when it does not apply to the
 * change (no code of that kind changed); `raw` holds the measurements it was
 * computed from (integers and strings only, so the record is canonical JSON).
 */
export type MetricResult = { bps: number | null; raw: { readonly [key: string]: JsonValue } };

/** Code-unit order of strings: the same on every machine, unlike `localeCompare`. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
