/**
 * Tests metric of scoring v2: what the change's tests assert, not how many lines they have (assertions.ts says
 * which assertions count). For a change of code, with C changed code lines and A distinct assertions that count,
 * `bps = min(10000, floor(10000 * A * codeLinesPerAssertion / C))`: one real assertion per `codeLinesPerAssertion`
 * changed lines earns the full score. For a change of tests only, `bps = floor(10000 * cases with a counted
 * assertion / cases added)`; a change that adds no case is scored by its net assertions: more than it removed
 * earns 10000, rewriting or loosening existing ones does not apply (neutral). `t.pass()`, empty tests and tests
 * that call nothing count for nothing. The evidence is the changed code lines plus `codeLinesPerAssertion` per
 * counted assertion (for a change of tests only: its changed test lines).
 */
import { solidityTestAssertions, testAssertions } from "./assertions.ts";
import type { ChangeKind } from "./changeKind.ts";
import type { CurveParametersV2 } from "./config.ts";
import type { ExplainedMetric } from "./lintChangeMetric.ts";
import type { ChangedMeasuredFile } from "./measuredChange.ts";

/** The tests metric of a change of the given kind. */
export function testsChangeMetric(
  files: readonly ChangedMeasuredFile[],
  kind: ChangeKind,
  curve: CurveParametersV2["tests"],
): ExplainedMetric {
  let codeLines = 0;
  let testLines = 0;
  let cases = 0;
  let casesWithAssertions = 0;
  let trivial = 0;
  let removed = 0;
  let removedCodeLines = 0;
  const assertions = new Set<string>();
  for (const file of files) {
    if (file.language === "other" || file.change !== "code") continue;
    if (!file.isTest) {
      codeLines += file.changedLines;
      removedCodeLines += file.before?.removedChangedLines ?? 0;
      continue;
    }
    testLines += file.changedLines;
    const assertionsOf = (text: string, lines: ReadonlySet<number>) =>
      file.language === "solidity" ? solidityTestAssertions(text, lines) : testAssertions(file.path, text, lines);
    const found = assertionsOf(file.text, file.addedLines);
    cases += found.cases;
    casesWithAssertions += found.casesWithAssertions;
    trivial += found.trivial;
    for (const a of found.assertions) assertions.add(a);
    if (file.before !== undefined)
      removed += assertionsOf(file.before.text, file.before.removedLines).assertions.length;
  }
  const raw = {
    codeLines,
    removedCodeLines,
    testLines,
    testCases: cases,
    testCasesWithAssertions: casesWithAssertions,
    assertions: assertions.size,
    removedAssertions: removed,
    trivialAssertions: trivial,
  };
  const counted = `${assertions.size} assertion(s) that exercise code (${trivial} trivial not counted, ${removed} removed)`;
  if (kind === "tests") {
    if (cases > 0) {
      return {
        bps: Math.floor((10000 * casesWithAssertions) / cases),
        raw,
        evidence: testLines,
        reason: `${casesWithAssertions} of ${cases} added test case(s) assert something that exercises code; ${counted}`,
      };
    }
    if (assertions.size <= removed)
      return { bps: null, raw, evidence: 0, reason: `no new test case, no net new assertion; ${counted}` };
    return { bps: 10000, raw, evidence: testLines, reason: `no new test case; ${counted}` };
  }
  // A change that only removes code needs no test, but a fix made by removing code earns its regression test.
  if (codeLines === 0 && assertions.size > 0) codeLines = removedCodeLines;
  if (codeLines === 0) return { bps: null, raw, evidence: 0, reason: "no code added" };
  const bps = Math.min(10000, Math.floor((10000 * assertions.size * curve.codeLinesPerAssertion) / codeLines));
  return {
    bps,
    raw,
    // Each counted assertion is evidence worth the lines it covers: a one-line fix with a real regression test is
    // judged with confidence, while tests that assert nothing add no weight.
    evidence: codeLines + assertions.size * curve.codeLinesPerAssertion,
    reason: `${counted} for ${codeLines} changed code line(s); one per ${curve.codeLinesPerAssertion} lines earns the full score`,
  };
}
