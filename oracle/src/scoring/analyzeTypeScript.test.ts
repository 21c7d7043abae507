import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { analyzeTypeScript } from "./analyzeTypeScript.ts";

describe("analyzeTypeScript", () => {
  test("counts McCabe decision points per function, nested functions separately", () => {
    const source = [
      "export function f(a: number, b?: number) {", // 1
      "  if (a > 0 && b !== undefined) return 1;", // if, &&
      "  for (const x of [a]) { while (x) { break; } }", // for-of, while
      "  const g = (y: number) => (y ? 1 : 2);", // nested: ?: counts for g only
      "  switch (a) { case 1: return 2; case 2: return 3; default: return b ?? 4; }", // 2 cases, ??
      "  try { g(1); } catch { return 5; }", // catch
      "}",
    ].join("\n");
    const { functions } = analyzeTypeScript("src/f.ts", source);
    assert.deepEqual(
      functions.map((fn) => [fn.name, fn.startLine, fn.endLine, fn.complexity]),
      [
        ["f", 1, 7, 1 + 2 + 2 + 3 + 1],
        ["g", 4, 4, 2],
      ],
    );
  });

  test("names methods by class and finds exported symbols with or without JSDoc", () => {
    const source = [
      "/** Documented. */",
      "export function documented() {}",
      "export const a = 1, b = 2;",
      "function internal() {}",
      "/** A class. */",
      "export class Box {",
      "  /** Its value. */",
      "  get value() { return 1; }",
      "  set(v: number) { return v; }",
      "  private hidden() {}",
      "  #secret() {}",
      "}",
      "/* not JSDoc */",
      "export interface Shape { size: number }",
    ].join("\n");
    const analysis = analyzeTypeScript("src/a.ts", source);
    assert.deepEqual(
      analysis.publicSymbols.map((s) => [s.name, s.startLine, s.documented]),
      [
        ["documented", 2, true],
        ["a, b", 3, false],
        ["Box", 6, true],
        ["Box.value", 8, true],
        ["Box.set", 9, false],
        ["Shape", 14, false],
      ],
    );
    assert.ok(analysis.functions.some((fn) => fn.name === "Box.set"));
    assert.ok(analysis.functions.some((fn) => fn.name === "internal"));
  });

  test("finds static, re-export, dynamic and require imports with their lines", () => {
    const source =
      'import { x } from "../db/a.ts";\nexport * from "./b.ts";\nconst c = await import("./c.ts");\nconst d = require("d");\n';
    assert.deepEqual(analyzeTypeScript("src/ui/v.ts", source).imports, [
      { specifier: "../db/a.ts", line: 1 },
      { specifier: "./b.ts", line: 2 },
      { specifier: "./c.ts", line: 3 },
      { specifier: "d", line: 4 },
    ]);
  });

  test("does not throw on a syntax error", () => {
    assert.doesNotThrow(() => analyzeTypeScript("src/bad.ts", "export function (((\n"));
  });
});
