/**
 * The coherence multiplier curve of the epoch configuration.
 */
import { MalformedFieldError } from "../errors.ts";
import { describe } from "../hex.ts";
import type { MultiplierCurve } from "./types.ts";

/** The design's curve: 0.5x at coherence 0 up to 1.5x at coherence 10000, linear. */
export const DEFAULT_MULTIPLIER: MultiplierCurve = Object.freeze({ kind: "linear", baseBps: 5000, slopeBps: 10000 });

/** Throws {@link MalformedFieldError} (at `field`) unless `curve` is a supported curve. */
export function validateMultiplierCurve(curve: MultiplierCurve, field = "config.multiplier"): void {
  if (curve === null || typeof curve !== "object") throw new MalformedFieldError(field, "expected an object");
  if (curve.kind !== "linear") throw new MalformedFieldError(`${field}.kind`, `unsupported curve ${describe(curve.kind)}; expected "linear"`);
  for (const key of ["baseBps", "slopeBps"] as const) {
    const v = curve[key];
    if (!Number.isSafeInteger(v) || v < 0 || v > 1_000_000) {
      throw new MalformedFieldError(`${field}.${key}`, `expected an integer 0..1000000, got ${describe(v)}`);
    }
  }
}

/**
 * The multiplier in basis points for a coherence score:
 * `baseBps + floor(coherenceBps * slopeBps / 10000)`. Integer throughout, so
 * every machine gets the same weight.
 *
 * @example
 * multiplierBps(DEFAULT_MULTIPLIER, 8200) // 13200, i.e. 1.32x
 */
export function multiplierBps(curve: MultiplierCurve, coherenceBps: number): number {
  // Both factors are at most 10^6 and 10^4, far inside the exact range of a double.
  return curve.baseBps + Math.floor((coherenceBps * curve.slopeBps) / 10000);
}
