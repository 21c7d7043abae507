/**
 * Lint metric of scoring v2: the findings the change introduced. A finding on a changed line counts only if the
 * old side of the file has no finding of the same rule on a line of the same text: moving or re-indenting old
 * debt is not new debt, and a fix inside a file full of old findings is not charged for them. With L changed
 * lines and F introduced findings, `bps = floor(10000 * L / (L + k * F))` as in v1. The old side is linted only
 * when the new side has a finding on a changed line, so a clean change costs one lint.
 */
import type { CurveParameters } from "./config.ts";
import { lintFile } from "./lintFile.ts";
import type { LintFunction } from "./lintMetric.ts";
import type { ChangedMeasuredFile } from "./measuredChange.ts";
import { compareStrings, type MetricResult } from "./metric.ts";

/**
 * A metric result with the sentence a contributor reads and how much evidence it rests on (in the metric's unit,
 * see `evidenceAtHalf` in config.ts).
 */
export type ExplainedMetric = MetricResult & { reason: string; evidence: number };

const defaultLint: LintFunction = (file) => lintFile(file.path, file.language, file.text);

function lineText(text: string, line: number): string {
  return (text.split("\n")[line - 1] ?? "").trim();
}

/** The findings of the new side on changed lines that the old side does not already have. */
function introduced(file: ChangedMeasuredFile, lint: LintFunction): { ruleId: string; line: number }[] {
  const onChanged = lint(file).filter((f) => file.addedLines.has(f.line));
  if (onChanged.length === 0 || file.before === undefined) return onChanged;
  const old = new Map<string, number>();
  const before = file.before;
  for (const f of lint({ ...file, text: before.text })) {
    const key = f.ruleId === "parse-error" ? "parse-error" : `${f.ruleId}\0${lineText(before.text, f.line)}`;
    old.set(key, (old.get(key) ?? 0) + 1);
  }
  return onChanged.filter((f) => {
    const key = f.ruleId === "parse-error" ? "parse-error" : `${f.ruleId}\0${lineText(file.text, f.line)}`;
    const left = old.get(key) ?? 0;
    if (left > 0 && f.ruleId !== "parse-error") old.set(key, left - 1);
    return left === 0;
  });
}

/**
 * The lint metric of a change.
 *
 * @example
 * lintChangeMetric(files, DEFAULT_CURVES_V2.lint) // { bps: 10000, raw: { changedLines: 12, introduced: 0, ... }, reason: "..." }
 */
export function lintChangeMetric(
  files: readonly ChangedMeasuredFile[],
  curve: CurveParameters["lint"],
  lint: LintFunction = defaultLint,
): ExplainedMetric {
  let changedLines = 0;
  let findings = 0;
  let lintedFiles = 0;
  let parseErrors = 0;
  const byRule = new Map<string, number>();
  for (const file of files) {
    if (file.language === "other" || file.changedLines === 0 || file.change !== "code") continue;
    lintedFiles++;
    changedLines += file.changedLines;
    const found = introduced(file, lint);
    if (found.some((f) => f.ruleId === "parse-error")) {
      // A file the change broke: every changed line of it counts, as in v1.
      parseErrors++;
      findings += file.changedLines;
      byRule.set("parse-error", (byRule.get("parse-error") ?? 0) + file.changedLines);
      continue;
    }
    findings += found.length;
    for (const f of found) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  }
  const findingsByRule: Record<string, number> = {};
  for (const rule of [...byRule.keys()].sort(compareStrings)) findingsByRule[rule] = byRule.get(rule)!;
  const raw = { lintedFiles, changedLines, introducedFindings: findings, parseErrors, findingsByRule };
  if (changedLines === 0) return { bps: null, raw, reason: "no code changed", evidence: 0 };
  const bps = Math.floor((10000 * changedLines) / (changedLines + curve.linesPerFindingAtHalf * findings));
  const rules = Object.keys(findingsByRule).join(", ");
  return {
    bps,
    raw,
    evidence: changedLines,
    reason: `${findings} lint finding(s) introduced on ${changedLines} changed line(s)${rules === "" ? "" : ` (${rules})`}; old findings not counted`,
  };
}
