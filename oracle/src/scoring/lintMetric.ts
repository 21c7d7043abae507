/**
 * Lint metric: findings of the pinned linters on the changed lines, per changed
 * line. With L changed (non-blank added) lines of JS/TS/Solidity and F findings
 * on them, `bps = floor(10000 * L / (L + k * F))`, k = `linesPerFindingAtHalf`:
 * no finding scores 10000, one finding per k lines 5000, and the score falls
 * smoothly toward 0 as findings grow. A file that does not parse counts one
 * finding per changed line of it.
 */
import type { CurveParameters } from "./config.ts";
import { type LintFinding, lintFile } from "./lintFile.ts";
import type { MeasuredFile } from "./measuredFile.ts";
import { compareStrings, type MetricResult } from "./metric.ts";

/** Lints a file; injectable so tests can count calls. */
export type LintFunction = (file: MeasuredFile) => readonly LintFinding[];

const defaultLint: LintFunction = (file) => lintFile(file.path, file.language, file.text);

/**
 * The lint metric of a change.
 *
 * @example
 * lintMetric(files, DEFAULT_CURVES.lint) // { bps: 7692, raw: { changedLines: 30, findings: 1, ... } }
 */
export function lintMetric(
  files: readonly MeasuredFile[],
  curve: CurveParameters["lint"],
  lint: LintFunction = defaultLint,
): MetricResult {
  let changedLines = 0;
  let findings = 0;
  let parseErrors = 0;
  let lintedFiles = 0;
  const byRule = new Map<string, number>();
  for (const file of files) {
    if (file.language === "other" || file.changedLines === 0) continue;
    lintedFiles++;
    changedLines += file.changedLines;
    const onChanged = lint(file).filter((f) => file.addedLines.has(f.line));
    if (onChanged.some((f) => f.ruleId === "parse-error")) {
      parseErrors++;
      findings += file.changedLines;
      byRule.set("parse-error", (byRule.get("parse-error") ?? 0) + file.changedLines);
      continue;
    }
    findings += onChanged.length;
    for (const f of onChanged) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  }
  const rules: Record<string, number> = {};
  for (const rule of [...byRule.keys()].sort(compareStrings)) rules[rule] = byRule.get(rule)!;
  const raw = { lintedFiles, changedLines, findings, parseErrors, findingsByRule: rules };
  if (changedLines === 0) return { bps: null, raw };
  const bps = Math.floor((10000 * changedLines) / (changedLines + curve.linesPerFindingAtHalf * findings));
  return { bps, raw };
}
