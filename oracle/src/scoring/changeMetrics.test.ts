import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";

import { architectureMetric } from "./architectureMetric.ts";
import { solidityTestAssertions, testAssertions } from "./assertions.ts";
import { changeKind } from "./changeKind.ts";
import { complexityChangeMetric } from "./complexityChangeMetric.ts";
import { DEFAULT_CURVES_V2, DEFAULT_PROSE } from "./config.ts";
import type { ChangedFile } from "./diff.ts";
import { docsChangeMetric } from "./docsChangeMetric.ts";
import { lintChangeMetric } from "./lintChangeMetric.ts";
import { markdownChecks } from "./markdownChecks.ts";
import { towardNeutral } from "./measureChange.ts";
import { measuredChanges } from "./measuredChange.ts";
import { noveltyChangeMetric } from "./noveltyChangeMetric.ts";
import { indexFingerprints } from "./noveltyMetric.ts";
import { restatesName } from "./restatesName.ts";
import { testsChangeMetric } from "./testsChangeMetric.ts";

const PATTERNS = DEFAULT_CURVES_V2.tests.patterns;

/** A change of one file from `before` (absent: added) to `after`, with the lines git would report. */
function changeOf(files: Record<string, { before?: string; after: string }>) {
  const changed: ChangedFile[] = Object.entries(files).map(([path, { before, after }]) => {
    const old = before?.split("\n") ?? [];
    const now = after.split("\n");
    // Line-by-line comparison is enough for these small, aligned edits.
    const added = now.flatMap((line, i) => (before === undefined || old[i] !== line ? [i + 1] : []));
    const removed = old.flatMap((line, i) => (now[i] !== line ? [i + 1] : []));
    return {
      path,
      status: before === undefined ? "A" : "M",
      blob: "0".repeat(40),
      addedLines: added.filter((n) => n <= now.length - (after.endsWith("\n") ? 1 : 0)),
      text: after,
      ...(before !== undefined ? { before: { text: before, removedLines: removed } } : {}),
    };
  });
  return measuredChanges(changed, PATTERNS);
}

const TANGLED = `export function f(a: number, b: number): number {
  if (a > 1) { if (b > 1) return 1; }
  if (a > 2) return 2;
  if (a > 3) return 3;
  if (a > 4) return 4;
  if (a > 5) return 5;
  if (a > 6) return 6;
  if (a > 7) return 7;
  return 0;
}
`;

describe("complexityChangeMetric", () => {
  test("charges a fix inside an old tangled function only for the branch it added", () => {
    const files = changeOf({
      "src/f.ts": { before: TANGLED, after: TANGLED.replace("return 0;", "return b > 9 ? 9 : 0;") },
    });
    const result = complexityChangeMetric(files, DEFAULT_CURVES_V2.complexity);
    // complexity 9 -> 10: scored as fullUpTo + 1.
    assert.equal(result.bps, 9500);
    assert.equal(result.raw.largestIncrease, 1);
  });

  test("a new function is scored by its whole complexity", () => {
    const result = complexityChangeMetric(changeOf({ "src/f.ts": { after: TANGLED } }), DEFAULT_CURVES_V2.complexity);
    assert.equal(result.bps, 8000);
  });
});

describe("lintChangeMetric", () => {
  test("counts the findings the change introduced, not the file's old ones", () => {
    const before = "var old = 1;\nexport const a = old;\n";
    const after = "var old = 1;\nexport const a = old + 1;\nvar fresh = 2;\nexport const b = fresh;\n";
    const lint = (file: { text: string }) =>
      file.text.split("\n").flatMap((line, i) => (line.startsWith("var") ? [{ line: i + 1, ruleId: "no-var" }] : []));
    const result = lintChangeMetric(changeOf({ "src/a.ts": { before, after } }), DEFAULT_CURVES_V2.lint, lint);
    assert.equal(result.raw.introducedFindings, 1);
  });

  test("a reindented line keeps its old finding as old debt", () => {
    const lint = (file: { text: string }) =>
      file.text
        .split("\n")
        .flatMap((line, i) => (line.trim().startsWith("var") ? [{ line: i + 1, ruleId: "no-var" }] : []));
    const files = changeOf({
      "src/a.ts": { before: "var x = 1;\nf(x);\n", after: "var x = 1;\nif (x) {\n  g(x);\n}\n" },
    });
    assert.equal(lintChangeMetric(files, DEFAULT_CURVES_V2.lint, lint).raw.introducedFindings, 0);
  });
});

describe("testAssertions and testsChangeMetric", () => {
  test("t.pass(), literal-only assertions and tests that call nothing count for nothing", () => {
    const text = [
      "test('a', (t) => { t.pass(); });",
      "test('b', (t) => { t.is(1, 1); });",
      "test('c', (t) => { t.truthy(ky); });",
      "test('d', async (t) => { t.is(await ky.get('x').text(), 'ok'); });",
      "test('e', async (t) => { t.is(await ky.get('x').text(), 'ok'); });",
      "",
    ].join("\n");
    const found = testAssertions("test/a.test.ts", text, new Set([1, 2, 3, 4, 5]));
    assert.equal(found.cases, 5);
    assert.equal(found.casesWithAssertions, 2);
    // The same assertion twice counts once.
    assert.equal(found.assertions.length, 1);
    assert.equal(found.trivial, 3);
  });

  test("expect(...) and assert.* count when they check code", () => {
    const text = "it('x', () => { expect(sum(1, 2)).toBe(3); assert.equal(parse('1'), 1); });\n";
    assert.equal(testAssertions("a.spec.ts", text, new Set([1])).assertions.length, 2);
  });

  test("a test-only change is measured by the share of its cases that assert something", () => {
    const files = changeOf({
      "test/a.test.ts": { after: "test('a', (t) => { t.pass(); });\ntest('b', (t) => { t.is(f(), 1); });\n" },
    });
    const result = testsChangeMetric(files, changeKind(files), DEFAULT_CURVES_V2.tests);
    assert.equal(changeKind(files), "tests");
    assert.equal(result.bps, 5000);
  });

  test("for code, one counted assertion per codeLinesPerAssertion changed lines earns the full score", () => {
    const code = Array.from({ length: 20 }, (_, i) => `export const v${i} = ${i};`).join("\n");
    const files = changeOf({
      "src/v.ts": { after: `${code}\n` },
      "test/v.test.ts": { after: "test('v', (t) => { t.is(f(v0), 0); });\n" },
    });
    assert.equal(testsChangeMetric(files, "code", DEFAULT_CURVES_V2.tests).bps, 5000);
  });
});

describe("restatesName and docsChangeMetric", () => {
  test("a doc comment that repeats the name says nothing", () => {
    assert.equal(restatesName("Gets the user name.", "getUserName"), true);
    assert.equal(restatesName("The ky instance.", "ky"), true);
    assert.equal(restatesName("Retries a failed request with exponential backoff.", "retry"), false);
  });

  test("only symbols the change added or whose signature changed are counted", () => {
    const before = "export function old(a: number) {\n  return a;\n}\n";
    const after = `export function old(a: number) {\n  return a + 1;\n}\n/** Parse. */\nexport function parse(text: string) {\n  return text;\n}\n`;
    const result = docsChangeMetric(changeOf({ "src/a.ts": { before, after } }), () => true);
    assert.equal(result.raw.symbols, 1);
    assert.equal(result.raw.restating, 1);
    assert.equal(result.bps, 0);
  });

  test("markdownChecks: broken relative links, examples that do not parse, skipped heading levels", () => {
    const text = "# Title\n### Deep\nSee [a](a.md) and [b](missing.md).\n```ts\nconst = ;\n```\n";
    const found = markdownChecks("docs/x.md", text, new Set([1, 2, 3, 4, 5, 6]), (p) => p === "docs/a.md");
    assert.equal(found.checks, 5);
    assert.deepEqual(
      found.problems.map((p) => p.line),
      [2, 3, 4],
    );
  });

  test("with prose lint, each finding the change introduced is a failed check; clean padding earns nothing", () => {
    const before = "# Guide\n\nSee [the API](api.md).\n";
    const clean = `${before}\nRetries wait for the server's Retry-After header.\nEach hook receives the request.\n`;
    const filler = `${before}\nIt basically just works, and it is really very simple.\n`;
    const docs = (after: string, prose = DEFAULT_PROSE) =>
      docsChangeMetric(changeOf({ "docs/guide.md": { before, after } }), () => true, prose);
    assert.equal(docs(clean).bps, null);
    const flagged = docs(filler);
    assert.equal(flagged.raw.proseLintFindings, 4);
    assert.equal(flagged.bps, 0);
    assert.match(flagged.reason!, /4 prose-lint finding\(s\) introduced/);
    // Without prose lint in the config (configs written before it), the same change is measured as before.
    const unlinted = docsChangeMetric(changeOf({ "docs/guide.md": { before, after: filler } }), () => true);
    assert.equal(unlinted.bps, null);
    assert.equal("proseLintFindings" in unlinted.raw, false);
  });
});

describe("changeKind", () => {
  test("formatting only, comments only, dependencies, release and tests are told apart", () => {
    const code = "export const a = (x: number) => x + 1;\n";
    assert.equal(
      changeKind(changeOf({ "src/a.ts": { before: code, after: code.replaceAll(" ", "  ") } })),
      "formatting",
    );
    assert.equal(
      changeKind(changeOf({ "src/a.ts": { before: code, after: `/** Adds one to x. */\n${code}` } })),
      "docs",
    );
    assert.equal(
      changeKind(
        changeOf({
          "package.json": {
            before: '{\n"version": "1.0.0",\n"dependencies": {"a": "1"}\n}\n',
            after: '{\n"version": "1.0.0",\n"dependencies": {"a": "2"}\n}\n',
          },
        }),
      ),
      "dependencies",
    );
    assert.equal(
      changeKind(
        changeOf({ "package.json": { before: '{\n"version": "1.0.0"\n}\n', after: '{\n"version": "1.1.0"\n}\n' } }),
      ),
      "release",
    );
    assert.equal(changeKind(changeOf({ "readme.md": { after: "# Hi\n" } })), "docs");
    assert.equal(changeKind([]), "empty");
  });

  test("reformatting any code never reads as a code change (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(" ", "\n", "\t", "  "), { minLength: 1, maxLength: 8 }), (spaces) => {
        const code = "export function f(a: number) { return a > 1 ? a : 0; }\n";
        let i = 0;
        const after = code.replace(/ /g, () => spaces[i++ % spaces.length]!);
        return changeKind(changeOf({ "src/f.ts": { before: code, after } })) === "formatting";
      }),
    );
  });
});

describe("evidence and kinds of test change", () => {
  test("towardNeutral: little evidence moves a value little, and never past it (property)", () => {
    assert.equal(towardNeutral(10000, 20, 20, 5000), 7500);
    assert.equal(towardNeutral(0, 1, 9, 5000), 4500);
    assert.equal(towardNeutral(1234, 3, 0, 5000), 1234);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10000 }),
        fc.nat(1000),
        fc.integer({ min: 1, max: 1000 }),
        (value, evidence, atHalf) => {
          const counted = towardNeutral(value, evidence, atHalf, 5000);
          return Math.abs(counted - 5000) <= Math.abs(value - 5000) && (counted - 5000) * (value - 5000) >= 0;
        },
      ),
    );
  });

  test("rewriting or loosening existing assertions, with no new case, does not apply", () => {
    const before = "test('a', (t) => {\n  t.is(count(), 1);\n});\n";
    const after = "test('a', (t) => {\n  t.true(count() <= 1);\n});\n";
    const files = changeOf({ "test/a.test.ts": { before, after } });
    const result = testsChangeMetric(files, changeKind(files), DEFAULT_CURVES_V2.tests);
    assert.equal(result.bps, null);
    assert.equal(result.raw.removedAssertions, 1);
  });

  test("a fix that only removes code earns its regression test", () => {
    const files = changeOf({
      "src/a.ts": { before: "export const a = 1;\nexport const b = 2;\n", after: "export const a = 1;\n" },
      "test/a.test.ts": { after: "test('a', (t) => { t.is(load(), 1); });\n" },
    });
    assert.equal(testsChangeMetric(files, "code", DEFAULT_CURVES_V2.tests).bps, 10000);
  });

  test("expectTypeOf(...) assertions count", () => {
    const text = "it('types', () => { expectTypeOf(create(f)).toEqualTypeOf<Store>(); });\n";
    assert.equal(testAssertions("tests/t.test.ts", text, new Set([1])).assertions.length, 1);
  });
});

test("solidityTestAssertions: Foundry-style cases and assertions, literal-only ones trivial", () => {
  const text = [
    "function testDeposit() public {",
    "  vault.deposit(1);",
    "  assertEq(vault.balance(), 1);",
    "}",
    "function testNothing() public {",
    "  assertTrue(true);",
    "}",
    "",
  ].join("\n");
  const found = solidityTestAssertions(text, new Set([1, 2, 3, 4, 5, 6, 7]));
  assert.deepEqual(found, {
    cases: 2,
    casesWithAssertions: 1,
    assertions: ["assertEq(vault.balance(), 1);"],
    trivial: 1,
  });
});

test("noveltyChangeMetric: code the change moved, or whose _name members became #name, is neither new nor copied", () => {
  const body = (p: string) =>
    Array.from(
      { length: 8 },
      (_, i) => `  step${i}(value) { this.${p}total += value * ${i}; return this.${p}total; }`,
    ).join("\n");
  const before = `export class Counter {\n${body("_")}\n}\n`;
  const after = `export class Counter {\n${body("#")}\n}\n`;
  const result = noveltyChangeMetric(changeOf({ "src/counter.ts": { before, after } }), {
    curve: DEFAULT_CURVES_V2.novelty,
    repository: new Set(),
    earlier: indexFingerprints([]),
    repositoryUrl: "https://example.org/lib.git",
    testsOnly: false,
  });
  assert.equal(result.metric.bps, null, result.metric.reason);
  assert.ok((result.metric.raw.moved as number) > 0);
});

test("architectureMetric with the old side: only a change that pushes a file past maxFileLines is charged", () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join("\n");
  const grown = changeOf({ "src/a.ts": { before: `${lines(9)}\n`, after: `${lines(12)}\n` } });
  const already = changeOf({ "src/a.ts": { before: `${lines(11)}\n`, after: `${lines(12)}\n` } });
  const rules = { maxFileLines: 10 };
  const check = (files: typeof grown) =>
    architectureMetric(
      files,
      rules,
      DEFAULT_CURVES_V2.architecture,
      (f) => files.find((g) => g.path === f.path)?.before?.lineCount,
    ).bps;
  assert.equal(check(grown), 7500);
  assert.equal(check(already), 10000);
});
