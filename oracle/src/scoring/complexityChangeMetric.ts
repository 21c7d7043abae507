/**
 * Complexity metric of scoring v2: what the change did to each function it touched. A new function scores the
 * v1 curve `s(c)` of its complexity; a function that existed (same name in the old side) scores
 * `s(fullUpTo + max(0, after - before))`: a fix inside an old tangled function is charged only for the branches
 * it added, and a change that simplifies a function scores 10000. The metric is the mean weighted by the lines
 * the change added inside each function, so the functions the change worked on weigh most, not the longest.
 */
import { touches } from "./analysis.ts";
import { complexityBps } from "./complexityMetric.ts";
import type { CurveParameters } from "./config.ts";
import type { ExplainedMetric } from "./lintChangeMetric.ts";
import type { ChangedMeasuredFile } from "./measuredChange.ts";

/** The old complexities of the functions of a file, by name; repeated names keep their order. */
function oldComplexities(file: ChangedMeasuredFile): Map<string, number[]> {
  const byName = new Map<string, number[]>();
  for (const fn of file.before?.analysis.functions ?? []) {
    const list = byName.get(fn.name);
    if (list === undefined) byName.set(fn.name, [fn.complexity]);
    else list.push(fn.complexity);
  }
  return byName;
}

/** The complexity metric of a change. */
export function complexityChangeMetric(
  files: readonly ChangedMeasuredFile[],
  curve: CurveParameters["complexity"],
): ExplainedMetric {
  const functions: {
    file: string;
    name: string;
    line: number;
    before: number | null;
    after: number;
    bps: number;
    weight: number;
  }[] = [];
  for (const file of files) {
    if (file.isTest || file.language === "other" || file.change !== "code") continue;
    const old = oldComplexities(file);
    for (const fn of file.analysis.functions) {
      const previous = old.get(fn.name)?.shift() ?? null;
      if (!touches(file.addedLines, fn.startLine, fn.endLine)) continue;
      let weight = 0;
      for (let line = fn.startLine; line <= fn.endLine; line++) if (file.addedLines.has(line)) weight++;
      const added = previous === null ? fn.complexity : curve.fullUpTo + Math.max(0, fn.complexity - previous);
      functions.push({
        file: file.path,
        name: fn.name,
        line: fn.startLine,
        before: previous,
        after: fn.complexity,
        bps: complexityBps(added, curve),
        weight,
      });
    }
  }
  let weighted = 0;
  let total = 0;
  let worst = 0;
  for (const fn of functions) {
    weighted += fn.bps * fn.weight;
    total += fn.weight;
    worst = Math.max(worst, fn.before === null ? fn.after : fn.after - fn.before);
  }
  const raw = { changedFunctions: functions.length, largestIncrease: worst, functions };
  if (total === 0) return { bps: null, raw, reason: "no function's code changed", evidence: 0 };
  return {
    bps: Math.floor(weighted / total),
    evidence: total,
    raw,
    reason: `${functions.length} function(s) touched; the largest complexity added is ${worst} (new functions count their whole complexity)`,
  };
}
