/**
 * The coherence multiplier curve of the epoch configuration.
 */
import { type MultiplierCurve, multiplierCurveSchema, parse } from "@coherence/protocol";

/** The design's curve: 0.5x at coherence 0 up to 1.5x at coherence 10000, linear. */
export const DEFAULT_MULTIPLIER: MultiplierCurve = Object.freeze({ kind: "linear", baseBps: 5000, slopeBps: 10000 });

/** Throws `MalformedFieldError` (at `field`) unless `curve` is a supported curve. */
export function validateMultiplierCurve(curve: MultiplierCurve, field = "config.multiplier"): void {
  parse(multiplierCurveSchema, curve, { path: field.split(".") });
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
