import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { INLINE_DISABLE_RULE, lintFile } from "./lintFile.ts";

const rules = (findings: readonly { ruleId: string }[]): string[] => findings.map((f) => f.ruleId);

describe("lintFile with ESLint", () => {
  test("reports the pinned rules on TypeScript with their lines", () => {
    const findings = lintFile(
      "src/a.ts",
      "typescript",
      "export function f(a: any) {\n  var x = a;\n  return x == 1;\n}\n",
    );
    assert.deepEqual(findings, [
      { line: 1, ruleId: "@typescript-eslint/no-explicit-any" },
      { line: 2, ruleId: "no-var" },
      { line: 3, ruleId: "eqeqeq" },
    ]);
  });

  test("lints JavaScript with ESLint's own parser", () => {
    assert.deepEqual(rules(lintFile("src/a.js", "javascript", "export const f = (a) => { var b = a; return b; };\n")), [
      "no-var",
    ]);
  });

  test("ignores inline disable comments: a contributor cannot switch rules off", () => {
    const findings = lintFile(
      "src/a.ts",
      "typescript",
      "/* eslint-disable */\nexport var x = 1; // eslint-disable-line\n",
    );
    assert.ok(rules(findings).includes("no-var"));
  });

  test("a parse error is a finding", () => {
    assert.deepEqual(rules(lintFile("src/a.ts", "typescript", "export function (\n")), ["parse-error"]);
  });

  test("clean code has no findings", () => {
    assert.deepEqual(
      lintFile(
        "src/a.ts",
        "typescript",
        "/** Sum. */\nexport function sum(a: number, b: number): number {\n  return a + b;\n}\n",
      ),
      [],
    );
  });
});

describe("lintFile with solhint", () => {
  test("reports the pinned rules on Solidity", () => {
    const source =
      'pragma solidity ^0.8.0;\ncontract bank {\n    function f() public { require(tx.origin == msg.sender, "eoa"); }\n}\n';
    const found = rules(lintFile("contracts/Bank.sol", "solidity", source));
    assert.ok(found.includes("contract-name-capwords"));
    assert.ok(found.includes("avoid-tx-origin"));
    assert.ok(found.includes("gas-custom-errors"));
  });

  test("counts solhint-disable comments, which solhint itself honours", () => {
    const source =
      "pragma solidity ^0.8.0;\n// solhint-disable-next-line contract-name-capwords\ncontract bank {\n    uint256 public x;\n}\n";
    assert.deepEqual(rules(lintFile("contracts/Bank.sol", "solidity", source)), [INLINE_DISABLE_RULE]);
  });

  test("a parse error is a finding", () => {
    const found = rules(lintFile("contracts/Bad.sol", "solidity", "contract {"));
    assert.ok(found.length > 0 && found.every((rule) => rule === "parse-error"));
  });
});

test("files that are not code are not linted", () => {
  assert.deepEqual(lintFile("README.md", "other", "var x == 1"), []);
});
