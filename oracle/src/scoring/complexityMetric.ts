/**
 * Complexity metric: cyclomatic complexity of the changed functions of
 * non-test code (a function is changed if an added line falls inside it).
 * Each function scores `s(c) = 10000` for `c <= fullUpTo`, `0` for
 * `c >= zeroAt`, and `floor(10000 * (zeroAt - c) / (zeroAt - fullUpTo))` in
 * between; the metric is the mean of `s` weighted by function length in lines,
 * floored, so one long tangled function is not hidden by many small getters.
 */

import { touches } from "./analysis.ts";
import type { CurveParameters } from "./config.ts";
import type { MeasuredFile } from "./measuredFile.ts";
import type { MetricResult } from "./metric.ts";

/**
 * The per-function curve.
 *
 * @example
 * complexityBps(10, { fullUpTo: 5, zeroAt: 25 }) // 7500
 */
export function complexityBps(complexity: number, curve: CurveParameters["complexity"]): number {
  if (complexity <= curve.fullUpTo) return 10000;
  if (complexity >= curve.zeroAt) return 0;
  return Math.floor((10000 * (curve.zeroAt - complexity)) / (curve.zeroAt - curve.fullUpTo));
}

/** The complexity metric of a change. */
export function complexityMetric(files: readonly MeasuredFile[], curve: CurveParameters["complexity"]): MetricResult {
  const functions: { file: string; name: string; line: number; lines: number; complexity: number; bps: number }[] = [];
  for (const file of files) {
    if (file.isTest || file.language === "other") continue;
    for (const fn of file.analysis.functions) {
      if (!touches(file.addedLines, fn.startLine, fn.endLine)) continue;
      const lines = fn.endLine - fn.startLine + 1;
      functions.push({
        file: file.path,
        name: fn.name,
        line: fn.startLine,
        lines,
        complexity: fn.complexity,
        bps: complexityBps(fn.complexity, curve),
      });
    }
  }
  let weighted = 0;
  let totalLines = 0;
  let maxComplexity = 0;
  for (const fn of functions) {
    weighted += fn.bps * fn.lines;
    totalLines += fn.lines;
    maxComplexity = Math.max(maxComplexity, fn.complexity);
  }
  const raw = { changedFunctions: functions.length, maxComplexity, functions };
  return { bps: totalLines === 0 ? null : Math.floor(weighted / totalLines), raw };
}
