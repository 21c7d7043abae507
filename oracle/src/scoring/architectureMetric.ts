/**
 * Architecture metric: violations of the repository's rules in the change.
 * - forbidden import: an import on an added line, in a file matching `from`,
 *   of a module matching `to` (relative specifiers resolved against the
 *   importing file; bare ones, such as package names, kept as written);
 * - file length: a changed code file longer than `maxFileLines` (scoring v2: only one the change pushed past it).
 * `bps = max(0, 10000 - violations * penaltyBps)`. Does not apply when the
 * repository has no rules or no code changed.
 */
import { posix } from "node:path";
import type { ArchitectureRules, CurveParameters } from "./config.ts";
import type { MeasuredFile } from "./measuredFile.ts";
import type { MetricResult } from "./metric.ts";

/** One broken rule. */
export type ArchitectureViolation = {
  file: string;
  line: number;
  rule: "forbidden-import" | "max-file-lines";
  detail: string;
};

/**
 * The repository path an import refers to: relative specifiers resolved from
 * the importing file's directory, others unchanged.
 *
 * @example
 * resolveImport("src/ui/view.ts", "../db/client.ts") // "src/db/client.ts"
 */
export function resolveImport(fromFile: string, specifier: string): string {
  if (!specifier.startsWith("./") && !specifier.startsWith("../")) return specifier;
  return posix.normalize(posix.join(posix.dirname(fromFile), specifier));
}

function matchesModule(resolved: string, pattern: string): boolean {
  // "src/db/**" also forbids "src/db" itself (its index).
  return posix.matchesGlob(resolved, pattern) || posix.matchesGlob(`${resolved}/index`, pattern);
}

/** The architecture metric of a change. */
export function architectureMetric(
  files: readonly MeasuredFile[],
  rules: ArchitectureRules | undefined,
  curve: CurveParameters["architecture"],
  /** Scoring v2: a file's length before the change, so a file already too long is not charged again. */
  linesBefore?: (file: MeasuredFile) => number | undefined,
): MetricResult {
  const forbidden = rules?.forbiddenImports ?? [];
  const ruleCount = forbidden.length + (rules?.maxFileLines !== undefined ? 1 : 0);
  const violations: ArchitectureViolation[] = [];
  let checkedFiles = 0;
  for (const file of files) {
    if (file.language === "other" || file.changedLines === 0) continue;
    checkedFiles++;
    const wasOver = (linesBefore?.(file) ?? 0) > (rules?.maxFileLines ?? Number.POSITIVE_INFINITY);
    if (rules?.maxFileLines !== undefined && file.lineCount > rules.maxFileLines && !wasOver) {
      violations.push({
        file: file.path,
        line: rules.maxFileLines + 1,
        rule: "max-file-lines",
        detail: `${file.lineCount} lines > ${rules.maxFileLines}`,
      });
    }
    for (const edge of forbidden) {
      if (!posix.matchesGlob(file.path, edge.from)) continue;
      for (const imp of file.analysis.imports) {
        if (!file.addedLines.has(imp.line)) continue;
        const resolved = resolveImport(file.path, imp.specifier);
        if (matchesModule(resolved, edge.to)) {
          violations.push({
            file: file.path,
            line: imp.line,
            rule: "forbidden-import",
            detail: `${edge.from} may not import ${edge.to}: ${imp.specifier}`,
          });
        }
      }
    }
  }
  violations.sort((a, b) =>
    a.file < b.file
      ? -1
      : a.file > b.file
        ? 1
        : a.line - b.line || (a.detail < b.detail ? -1 : a.detail > b.detail ? 1 : 0),
  );
  const raw = { rules: ruleCount, checkedFiles, violations };
  if (ruleCount === 0 || checkedFiles === 0) return { bps: null, raw };
  return { bps: Math.max(0, 10000 - violations.length * curve.penaltyBps), raw };
}
