/**
 * Tests metric of scoring v2: what the change's tests assert, not how many lines they have (assertions.ts says
 * which assertions count). For a change of code, with C changed code lines and A distinct assertions that count,
 * `bps = min(10000, floor(10000 * A * codeLinesPerAssertion / C))`: one real assertion per `codeLinesPerAssertion`
 * changed lines earns the full score. For a change of tests only, `bps = floor(10000 * cases with a counted
 * assertion / cases added)` (all or nothing when it adds assertions to existing cases): `t.pass()`, empty tests
 * and tests that call nothing count for nothing.
 */
import { testAssertions } from "./assertions.ts";
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
  let cases = 0;
  let casesWithAssertions = 0;
  let trivial = 0;
  const assertions = new Set<string>();
  for (const file of files) {
    if (file.language === "other" || file.changedLines === 0 || file.change !== "code") continue;
    if (!file.isTest) {
      codeLines += file.changedLines;
      continue;
    }
    if (file.language === "solidity") continue;
    const found = testAssertions(file.path, file.text, file.addedLines);
    cases += found.cases;
    casesWithAssertions += found.casesWithAssertions;
    trivial += found.trivial;
    for (const a of found.assertions) assertions.add(a);
  }
  const raw = {
    codeLines,
    testCases: cases,
    testCasesWithAssertions: casesWithAssertions,
    assertions: assertions.size,
    trivialAssertions: trivial,
  };
  const counted = `${assertions.size} assertion(s) that exercise code (${trivial} trivial not counted)`;
  if (kind === "tests") {
    if (cases > 0) {
      return {
        bps: Math.floor((10000 * casesWithAssertions) / cases),
        raw,
        reason: `${casesWithAssertions} of ${cases} added test case(s) assert something that exercises code; ${counted}`,
      };
    }
    return { bps: assertions.size > 0 ? 10000 : 0, raw, reason: `no new test case; ${counted}` };
  }
  if (codeLines === 0) return { bps: null, raw, reason: "no code changed" };
  const bps = Math.min(10000, Math.floor((10000 * assertions.size * curve.codeLinesPerAssertion) / codeLines));
  return {
    bps,
    raw,
    reason: `${counted} for ${codeLines} changed code line(s); one per ${curve.codeLinesPerAssertion} lines earns the full score`,
  };
}
