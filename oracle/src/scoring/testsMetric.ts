/**
 * Tests metric: test code added alongside code. With C changed (non-blank
 * added) lines of non-test code and T of test code (files matching the
 * config's test patterns), `bps = min(10000, floor(T * 10^6 / (C * target)))`,
 * `target` = `targetRatioPercent` (50: half a test line per code line earns the
 * full score). Does not apply when no non-test code changed.
 */
import type { CurveParameters } from "./config.ts";
import type { MeasuredFile } from "./measuredFile.ts";
import type { MetricResult } from "./metric.ts";

/**
 * The tests metric of a change.
 *
 * @example
 * testsMetric(files, DEFAULT_CURVES.tests) // { bps: 10000, raw: { codeLines: 40, testLines: 25, ... } }
 */
export function testsMetric(files: readonly MeasuredFile[], curve: CurveParameters["tests"]): MetricResult {
  let codeLines = 0;
  let testLines = 0;
  let codeFiles = 0;
  let testFiles = 0;
  for (const file of files) {
    if (file.language === "other" || file.changedLines === 0) continue;
    if (file.isTest) {
      testFiles++;
      testLines += file.changedLines;
    } else {
      codeFiles++;
      codeLines += file.changedLines;
    }
  }
  const raw = { codeFiles, codeLines, testFiles, testLines };
  if (codeLines === 0) return { bps: null, raw };
  const bps = Number((BigInt(testLines) * 1_000_000n) / (BigInt(codeLines) * BigInt(curve.targetRatioPercent)));
  return { bps: Math.min(10000, bps), raw };
}
