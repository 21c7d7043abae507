/**
 * What the added lines of a test file assert: test cases (`test(...)`, `it(...)`, `test.serial(...)`, ...) and
 * the assertions in them (`assert.*`, `expect(...).*`, `expectTypeOf(...).*`, AVA's `t.*`). An assertion counts only if it exercises
 * code: its subject is not made of literals alone, it is not `t.pass()` / `t.fail()`, and its test case calls
 * something besides assertions. The same assertion written twice counts once, so copies do not pay.
 */
import ts from "typescript";

/** What the added lines of one test file assert. */
export type TestAssertions = {
  /** Test cases that start on an added line. */
  cases: number;
  /** ... of which have at least one assertion that counts. */
  casesWithAssertions: number;
  /** Assertions on added lines that count, distinct by text. */
  assertions: readonly string[];
  /** Assertions on added lines that do not count (trivial, or in a case that exercises nothing). */
  trivial: number;
};

const AVA_ASSERTIONS = new Set([
  "is",
  "not",
  "deepEqual",
  "notDeepEqual",
  "like",
  "true",
  "false",
  "truthy",
  "falsy",
  "throws",
  "throwsAsync",
  "notThrows",
  "notThrowsAsync",
  "regex",
  "notRegex",
  "assert",
  "snapshot",
  "pass",
  "fail",
]);
const NEVER_COUNT = new Set(["pass", "fail"]);
const TEST_FUNCTIONS = new Set(["test", "it", "specify"]);

/** The callee's root identifier and the property chain: `t.is` -> ["t", "is"], `expect(x).toBe` -> ["expect()", "toBe"]. */
function calleePath(expression: ts.Expression): string[] {
  if (ts.isIdentifier(expression)) return [expression.text];
  if (ts.isPropertyAccessExpression(expression)) return [...calleePath(expression.expression), expression.name.text];
  if (ts.isCallExpression(expression)) return [`${calleePath(expression.expression).join(".")}()`];
  return ["?"];
}

/** Whether a call is an assertion, and its subject (what it checks). */
function assertionOf(call: ts.CallExpression): { name: string; subject: readonly ts.Node[] } | undefined {
  const path = calleePath(call.expression);
  const root = path[0]!;
  if (root === "assert" || root.startsWith("assert.")) return { name: path.join("."), subject: call.arguments };
  if (/^(?:expect|expectTypeOf|assertType)(?:\(\)|\.)/.test(root)) {
    // expect(subject).toBe(x): the subject is the inner call's argument.
    let inner: ts.Expression = call.expression;
    while (ts.isPropertyAccessExpression(inner)) inner = inner.expression;
    return ts.isCallExpression(inner) ? { name: path.join("."), subject: inner.arguments } : undefined;
  }
  if (path.length === 2 && root === "t" && AVA_ASSERTIONS.has(path[1]!))
    return { name: path[1]!, subject: call.arguments };
  return undefined;
}

/** Whether a subject is only literals (and `undefined`): asserting it checks no code. */
function onlyLiterals(nodes: readonly ts.Node[]): boolean {
  let literal = true;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text !== "undefined") literal = false;
    else if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isAwaitExpression(node)) literal = false;
    if (literal) ts.forEachChild(node, visit);
  };
  for (const node of nodes) visit(node);
  return literal;
}

/** Whether a test case's body calls anything besides assertions: it runs the code under test. */
function exercisesCode(body: ts.Node): boolean {
  let exercises = false;
  const visit = (node: ts.Node): void => {
    if (exercises) return;
    if (ts.isCallExpression(node) && assertionOf(node) === undefined) {
      const path = calleePath(node.expression);
      if (!(path.length === 1 && path[0] === "expect")) exercises = true;
    }
    if (ts.isNewExpression(node) || ts.isAwaitExpression(node) || ts.isTaggedTemplateExpression(node)) exercises = true;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return exercises;
}

function isTestCase(call: ts.CallExpression): ts.Node | undefined {
  const path = calleePath(call.expression);
  if (!TEST_FUNCTIONS.has(path[0]!) || path.length > 2) return undefined;
  return call.arguments.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a));
}

/**
 * The test cases and assertions on the added lines of a test file.
 *
 * @example
 * testAssertions("test/a.test.ts", "test('x', (t) => { t.pass(); });\n", new Set([1]))
 * // { cases: 1, casesWithAssertions: 0, assertions: [], trivial: 1 }
 */
export function testAssertions(path: string, text: string, addedLines: ReadonlySet<number>): TestAssertions {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  let cases = 0;
  let casesWithAssertions = 0;
  let trivial = 0;
  const counted = new Set<string>();
  const visit = (node: ts.Node, exercising: boolean, onCounted: () => void): void => {
    if (ts.isCallExpression(node)) {
      const body = isTestCase(node);
      if (body !== undefined) {
        const added = addedLines.has(lineOf(node));
        let has = false;
        ts.forEachChild(node, (child) =>
          visit(child, exercisesCode(body), () => {
            has = true;
          }),
        );
        if (added) {
          cases++;
          if (has) casesWithAssertions++;
        }
        return;
      }
      const assertion = assertionOf(node);
      if (assertion !== undefined && addedLines.has(lineOf(node))) {
        if (!NEVER_COUNT.has(assertion.name) && exercising && !onlyLiterals(assertion.subject)) {
          counted.add(node.getText(source).replace(/\s+/g, " "));
          onCounted();
        } else trivial++;
      }
    }
    ts.forEachChild(node, (child) => visit(child, exercising, onCounted));
  };
  // Outside any test case (a helper, a top-level assertion script), the file as a whole must exercise code.
  visit(source, exercisesCode(source), () => {});
  return { cases, casesWithAssertions, assertions: [...counted].sort(), trivial };
}

/** Foundry's assertions and cheatcodes, `require(...)`, and the `if (cond) revert Error(...)` of tests without forge-std. */
const SOLIDITY_ASSERTION =
  /\b(?:assert(?:Eq|NotEq|True|False|Gt|Ge|Lt|Le|ApproxEqAbs|ApproxEqRel)?|require|vm\.expectRevert|vm\.expectEmit)\s*\(|^if\s*\(.*\)\s*revert\b/;
const SOLIDITY_CASE = /\bfunction\s+(?:test|testFuzz|invariant)\w*\s*\(/;

/**
 * The same for a Solidity test (Foundry style, as Hardhat runs it): a case is a `function test…` / `invariant…`,
 * an assertion an `assert…(`, `require(`, `vm.expectRevert(` / `vm.expectEmit(` call or an `if (…) revert` with
 * something besides literals in it,
 * read line by line (the Solidity parser gives no call positions cheaply, and these calls are one per line).
 *
 * @example
 * solidityTestAssertions("function testAdd() public {\n  assertEq(add(1, 2), 3);\n}\n", new Set([1, 2, 3]))
 * // { cases: 1, casesWithAssertions: 1, assertions: ["assertEq(add(1, 2), 3);"], trivial: 0 }
 */
export function solidityTestAssertions(text: string, addedLines: ReadonlySet<number>): TestAssertions {
  let cases = 0;
  let casesWithAssertions = 0;
  let trivial = 0;
  let inAddedCase = false;
  let caseCounted = false;
  const counted = new Set<string>();
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (SOLIDITY_CASE.test(line)) {
      inAddedCase = addedLines.has(i + 1);
      caseCounted = false;
      if (inAddedCase) cases++;
      return;
    }
    if (!addedLines.has(i + 1) || !SOLIDITY_ASSERTION.test(line)) return;
    const args = line.slice(line.indexOf("(") + 1);
    if (!/[A-Za-z_]/.test(args.replace(/\b(?:true|false)\b/g, ""))) {
      trivial++;
      return;
    }
    counted.add(line.replace(/\s+/g, " "));
    if (inAddedCase && !caseCounted) {
      casesWithAssertions++;
      caseCounted = true;
    }
  });
  return { cases, casesWithAssertions, assertions: [...counted].sort(), trivial };
}
