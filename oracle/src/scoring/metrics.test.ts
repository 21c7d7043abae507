/**
 * The six metrics on hand-made changes (no git): each curve at known points.
 */

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { architectureMetric, resolveImport } from "./architectureMetric.ts";
import { complexityBps, complexityMetric } from "./complexityMetric.ts";
import { DEFAULT_CURVES } from "./config.ts";
import { docsMetric } from "./docsMetric.ts";
import { shingleHashes, tokenize } from "./fingerprint.ts";
import { lintMetric } from "./lintMetric.ts";
import { type MeasuredFile, measuredFiles } from "./measuredFile.ts";
import { addedFingerprints, indexFingerprints, noveltyMetric } from "./noveltyMetric.ts";
import { testsMetric } from "./testsMetric.ts";

/** A change adding every line of each file (or the listed lines). */
function change(files: Record<string, string | { text: string; added: number[] }>): MeasuredFile[] {
  return measuredFiles(
    Object.entries(files).map(([path, value]) => {
      const text = typeof value === "string" ? value : value.text;
      const added =
        typeof value === "string"
          ? text
              .split("\n")
              .map((_, i) => i + 1)
              .slice(0, text.endsWith("\n") ? -1 : undefined)
          : value.added;
      return { path, status: "A" as const, blob: "0".repeat(40), addedLines: added, text };
    }),
    DEFAULT_CURVES.tests.patterns,
  );
}

const lines = (n: number, line: string): string => `${Array.from({ length: n }, () => line).join("\n")}\n`;

describe("lintMetric", () => {
  test("10000 * L / (L + 10 F): one finding per 10 changed lines halves the score", () => {
    const files = change({ "src/a.ts": lines(20, "x();") });
    const lint = () => [
      { line: 3, ruleId: "r" },
      { line: 9, ruleId: "r" },
    ];
    assert.deepEqual(lintMetric(files, DEFAULT_CURVES.lint, lint), {
      bps: 5000,
      raw: { lintedFiles: 1, changedLines: 20, findings: 2, parseErrors: 0, findingsByRule: { r: 2 } },
    });
  });

  test("counts only findings on changed lines, and blank lines are not changed lines", () => {
    const files = change({ "src/a.ts": { text: "a();\n\nb();\nc();\n", added: [1, 2, 3] } });
    const result = lintMetric(files, DEFAULT_CURVES.lint, () => [{ line: 4, ruleId: "r" }]);
    assert.equal(result.bps, 10000);
    assert.equal(result.raw.changedLines, 2);
  });

  test("a parse error counts one finding per changed line of the file", () => {
    const files = change({ "src/a.ts": lines(5, "x(") });
    assert.equal(
      lintMetric(files, DEFAULT_CURVES.lint, () => [{ line: 5, ruleId: "parse-error" }]).bps,
      Math.floor(50000 / 55),
    );
  });

  test("does not apply without changed code", () => {
    assert.equal(lintMetric(change({ "README.md": "hello\n" }), DEFAULT_CURVES.lint).bps, null);
  });
});

describe("complexityMetric", () => {
  test("complexityBps: full up to 5, linear to 0 at 25", () => {
    const curve = DEFAULT_CURVES.complexity;
    assert.deepEqual(
      [1, 5, 6, 10, 15, 24, 25, 40].map((c) => complexityBps(c, curve)),
      [10000, 10000, 9500, 7500, 5000, 500, 0, 0],
    );
  });

  test("weights changed functions by their length and skips unchanged ones", () => {
    const text = [
      "function simple() { return 1; }",
      "function branchy(a: number) {",
      ...Array.from({ length: 9 }, (_, i) => `  if (a === ${i}) return ${i};`),
      "  return -1;",
      "}",
      "function untouched(a: number) { return a ? (a > 1 ? 2 : 1) : 0; }",
    ].join("\n");
    const files = change({ "src/a.ts": { text, added: [1, 2, 3] } });
    const result = complexityMetric(files, DEFAULT_CURVES.complexity);
    // simple: 1 line at 10000; branchy: 12 lines, complexity 10 -> 7500.
    assert.equal(result.bps, Math.floor((10000 * 1 + 7500 * 12) / 13));
    assert.equal(result.raw.changedFunctions, 2);
    assert.equal(result.raw.maxComplexity, 10);
  });

  test("ignores test files and does not apply without changed functions", () => {
    assert.equal(
      complexityMetric(change({ "src/a.test.ts": "function t() { if (x) {} }\n" }), DEFAULT_CURVES.complexity).bps,
      null,
    );
    assert.equal(
      complexityMetric(change({ "src/a.ts": "export const x = 1;\n" }), DEFAULT_CURVES.complexity).bps,
      null,
    );
  });
});

describe("testsMetric", () => {
  test("half a test line per code line earns the full score; less scales linearly", () => {
    const curve = DEFAULT_CURVES.tests;
    assert.equal(
      testsMetric(change({ "src/a.ts": lines(40, "a();"), "src/a.test.ts": lines(20, "t();") }), curve).bps,
      10000,
    );
    assert.equal(
      testsMetric(change({ "src/a.ts": lines(40, "a();"), "test/a.ts": lines(5, "t();") }), curve).bps,
      2500,
    );
    assert.equal(testsMetric(change({ "src/a.ts": lines(40, "a();") }), curve).bps, 0);
  });

  test("Solidity tests match *.t.sol; no code change means the metric does not apply", () => {
    const curve = DEFAULT_CURVES.tests;
    assert.deepEqual(
      testsMetric(change({ "contracts/V.sol": lines(10, "x;"), "contracts/V.t.sol": lines(10, "y;") }), curve).raw,
      {
        codeFiles: 1,
        codeLines: 10,
        testFiles: 1,
        testLines: 10,
      },
    );
    assert.equal(testsMetric(change({ "src/a.test.ts": lines(3, "t();") }), curve).bps, null);
  });
});

describe("docsMetric", () => {
  test("share of changed exported symbols with JSDoc", () => {
    const text = "/** Yes. */\nexport function a() {}\nexport function b() {}\nexport function c() {}\n";
    const result = docsMetric(change({ "src/a.ts": { text, added: [1, 2, 3] } }));
    assert.equal(result.bps, 5000);
    assert.deepEqual(result.raw.undocumented, [{ file: "src/a.ts", name: "b", line: 3 }]);
  });

  test("NatSpec counts for Solidity; tests and private symbols do not count", () => {
    const sol =
      "/// @notice V.\ncontract V {\n    /// @notice F.\n    function f() external {}\n    function g() internal {}\n}\n";
    assert.equal(
      docsMetric(change({ "contracts/V.sol": sol, "src/x.test.ts": "export function t() {}\n" })).bps,
      10000,
    );
    assert.equal(docsMetric(change({ "src/a.ts": "function internal() {}\n" })).bps, null);
  });
});

describe("noveltyMetric", () => {
  const curve = { shingleTokens: 8, window: 3 };
  const fresh = "export function area(w: number, h: number) { return w * h; }\n";
  const other = "while (queue.length > 0) { const item = queue.pop(); if (item) visit(item); }\n";

  test("new code is fully novel and its fingerprints are returned", () => {
    const result = noveltyMetric(change({ "src/a.ts": fresh }), curve, new Set(), indexFingerprints([]));
    assert.equal(result.metric.bps, 10000);
    assert.ok(result.fingerprints.length > 0);
    assert.deepEqual(
      result.fingerprints,
      [...result.fingerprints].sort((a, b) => a - b),
    );
  });

  test("code already in the repository (renamed) is not novel", () => {
    const repository = new Set(
      shingleHashes(tokenize("function size(a: number, b: number) { return a * b; }"), curve.shingleTokens),
    );
    const result = noveltyMetric(change({ "src/a.ts": fresh }), curve, repository, indexFingerprints([]));
    assert.ok(result.metric.bps! <= 2000, `bps ${result.metric.bps}`);
    assert.ok((result.metric.raw.inRepository as number) > 0);
  });

  test("code of an earlier contribution is not novel, and the match is named", () => {
    const earlier = noveltyMetric(change({ "src/a.ts": fresh }), curve, new Set(), indexFingerprints([]));
    const index = indexFingerprints([{ contributionId: "0xaa", fingerprints: earlier.fingerprints }]);
    const result = noveltyMetric(change({ "src/b.ts": fresh }), curve, new Set(), index);
    assert.equal(result.metric.bps, 0);
    assert.deepEqual(result.metric.raw.matchedContributions, [
      { contributionId: "0xaa", fingerprints: earlier.fingerprints.length },
    ]);
  });

  test("code duplicated within the change counts once", () => {
    const result = noveltyMetric(
      change({ "src/a.ts": fresh + other, "src/b.ts": fresh }),
      curve,
      new Set(),
      indexFingerprints([]),
    );
    assert.ok((result.metric.raw.duplicatedWithin as number) > 0);
    assert.ok(result.metric.bps! < 10000 && result.metric.bps! > 3000, `bps ${result.metric.bps}`);
  });

  test("fingerprints a 1.5 MB added file without overflowing the stack", () => {
    // One unbroken run of added tokens: its fingerprints once went to push() as arguments, over V8's limit.
    const text = lines(50_000, "total = total + price * quantity - discount;");
    assert.ok(text.length > 1_500_000);
    const file: MeasuredFile = {
      path: "src/big.ts",
      language: "typescript",
      isTest: false,
      text,
      lineCount: 50_000,
      addedLines: new Set(Array.from({ length: 50_000 }, (_, i) => i + 1)),
      changedLines: 50_000,
      analysis: { functions: [], publicSymbols: [], imports: [] },
    };
    assert.ok(addedFingerprints(file, DEFAULT_CURVES.novelty).length > 100_000);
  });

  test("does not apply to changes too short for one shingle, or to tests", () => {
    assert.equal(
      noveltyMetric(change({ "src/a.ts": "x();\n" }), curve, new Set(), indexFingerprints([])).metric.bps,
      null,
    );
    assert.equal(
      noveltyMetric(change({ "src/a.test.ts": fresh }), curve, new Set(), indexFingerprints([])).metric.bps,
      null,
    );
  });
});

describe("architectureMetric", () => {
  const curve = DEFAULT_CURVES.architecture;
  const rules = { forbiddenImports: [{ from: "src/ui/**", to: "src/db/**" }], maxFileLines: 3 };

  test("resolveImport resolves relative specifiers and keeps bare ones", () => {
    assert.equal(resolveImport("src/ui/view.ts", "../db/client.ts"), "src/db/client.ts");
    assert.equal(resolveImport("src/ui/view.ts", "./a"), "src/ui/a");
    assert.equal(resolveImport("src/ui/view.ts", "react"), "react");
  });

  test("each violation costs penaltyBps: a forbidden import on a changed line and a file too long", () => {
    const text =
      'import { q } from "../db/query.ts";\nimport { s } from "../db";\nimport { v } from "./view.ts";\nexport const x = q(s, v);\n';
    const result = architectureMetric(change({ "src/ui/a.ts": text }), rules, curve);
    assert.equal(result.bps, 10000 - 3 * 2500);
    assert.deepEqual(
      (result.raw.violations as { rule: string; line: number }[]).map((v) => [v.rule, v.line]),
      [
        ["forbidden-import", 1],
        ["forbidden-import", 2],
        ["max-file-lines", 4],
      ],
    );
  });

  test("an import on an unchanged line is not this change's violation", () => {
    const text = 'import { q } from "../db/query.ts";\nexport const x = q;\n';
    assert.equal(architectureMetric(change({ "src/ui/a.ts": { text, added: [2] } }), rules, curve).bps, 10000);
  });

  test("does not apply without rules or without changed code", () => {
    assert.equal(architectureMetric(change({ "src/ui/a.ts": "export const x = 1;\n" }), undefined, curve).bps, null);
    assert.equal(architectureMetric(change({ "docs/a.md": "# A\n" }), rules, curve).bps, null);
  });
});
