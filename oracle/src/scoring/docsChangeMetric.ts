/**
 * Docs metric of scoring v2: documentation of what the change added, and the quality of prose it added.
 * - Code: the public symbols the change added, or whose signature it changed, or whose doc comment it changed;
 *   a symbol counts as documented when its doc comment says more than its name (restatesName.ts). A symbol
 *   that was already there, undocumented, with the same signature, is old debt: not counted.
 * - Prose (Markdown): each check of markdownChecks.ts on an added line; with a config's `prose`, each prose-lint
 *   finding the change introduced (proseLint.ts) is one more failed check. Clean prose earns nothing for its
 *   length, so padding a change with prose never pays; flagged prose costs.
 * `bps = floor(10000 * (documented symbols + passed checks) / (symbols + checks))`; does not apply when there is
 * nothing to count.
 */
import { touches } from "./analysis.ts";
import type { ProseSettings } from "./config.ts";
import type { ExplainedMetric } from "./lintChangeMetric.ts";
import { markdownChecks } from "./markdownChecks.ts";
import type { ChangedMeasuredFile } from "./measuredChange.ts";
import { introducedProseFindings } from "./proseLint.ts";
import { restatesName } from "./restatesName.ts";

const MARKDOWN = /\.(?:md|mdx|markdown)$/i;

/**
 * The docs metric of a change; `exists` says whether a path exists in the repository after the change, `prose`
 * is the config's prose lint (none: not linted).
 */
export function docsChangeMetric(
  files: readonly ChangedMeasuredFile[],
  exists: (path: string) => boolean,
  prose?: ProseSettings | undefined,
): ExplainedMetric {
  let symbols = 0;
  let documented = 0;
  let restating = 0;
  let checks = 0;
  let proseFindings = 0;
  const undocumented: { file: string; name: string; line: number }[] = [];
  const problems: { file: string; line: number; problem: string }[] = [];
  for (const file of files) {
    if (file.change === "formatting") continue;
    if (file.language === "other") {
      if (!MARKDOWN.test(file.path)) continue;
      const found = markdownChecks(file.path, file.text, file.addedLines, exists);
      checks += found.checks;
      for (const p of found.problems) problems.push({ file: file.path, ...p });
      if (prose === undefined) continue;
      for (const finding of introducedProseFindings(file.text, file.before?.text, file.addedLines, prose)) {
        proseFindings++;
        problems.push({ file: file.path, line: finding.line, problem: `prose: ${finding.rule} "${finding.words}"` });
      }
      continue;
    }
    if (file.isTest) continue;
    const old = new Map((file.before?.analysis.publicSymbols ?? []).map((s) => [s.name, s]));
    for (const symbol of file.analysis.publicSymbols) {
      if (!touches(file.addedLines, symbol.startLine, symbol.endLine)) continue;
      const previous = old.get(symbol.name);
      if (previous !== undefined && previous.signature === symbol.signature && previous.doc === symbol.doc) continue;
      symbols++;
      const says = symbol.documented && (symbol.doc === undefined || !restatesName(symbol.doc, symbol.name));
      if (says) documented++;
      else {
        if (symbol.documented) restating++;
        undocumented.push({ file: file.path, name: symbol.name, line: symbol.startLine });
      }
    }
  }
  checks += proseFindings;
  const raw = {
    symbols,
    documented,
    restating,
    undocumented,
    proseChecks: checks,
    proseProblems: problems,
    ...(prose !== undefined ? { proseLintFindings: proseFindings } : {}),
  };
  const total = symbols + checks;
  if (total === 0)
    return { bps: null, raw, reason: "no public symbol added or changed, no prose to check", evidence: 0 };
  return {
    bps: Math.floor((10000 * (documented + checks - problems.length)) / total),
    evidence: total,
    raw,
    reason: `${documented} of ${symbols} new or changed public symbol(s) documented (${restating} doc comment(s) only restate the name); ${checks - problems.length} of ${checks} prose check(s) pass${prose !== undefined ? ` (${proseFindings} prose-lint finding(s) introduced)` : ""}`,
  };
}
