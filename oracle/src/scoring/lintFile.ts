/**
 * Lints one file's full new contents with the pinned tools: ESLint (Node API,
 * `Linter` class, no file system access) for JS/TS, solhint (`processStr`) for
 * Solidity. Returns every finding with its line; the lint metric keeps those on
 * changed lines.
 */
import { createRequire } from "node:module";
import { Linter } from "eslint";
import { ESLINT_CONFIG } from "./eslintConfig.ts";
import type { Language } from "./fileKinds.ts";
import { SOLHINT_CONFIG } from "./solhintConfig.ts";

/** One lint finding. A parse error has `ruleId` `"parse-error"`. */
export type LintFinding = { line: number; ruleId: string };

type SolhintReport = { line: number; ruleId?: string | null; message: string };
type Solhint = { processStr(input: string, config: unknown, fileName: string): { reports: SolhintReport[] } };

const solhint = createRequire(import.meta.url)("solhint") as Solhint;
const linter = new Linter({ configType: "flat" });

/** Rule id given to a `solhint-disable` comment, which solhint honours and the scorer counts as a finding. */
export const INLINE_DISABLE_RULE = "coherence/no-inline-disable";

function lintSolidity(path: string, text: string): LintFinding[] {
  // A fresh copy: solhint may normalise the config object it is given.
  const report = solhint.processStr(text, structuredClone(SOLHINT_CONFIG), path);
  const findings = report.reports.map((r) => ({
    line: r.line,
    ruleId: r.ruleId ?? (r.message.startsWith("Parse error") ? "parse-error" : "unknown"),
  }));
  text.split("\n").forEach((line, i) => {
    if (line.includes("solhint-disable")) findings.push({ line: i + 1, ruleId: INLINE_DISABLE_RULE });
  });
  return findings;
}

function lintScript(path: string, text: string): LintFinding[] {
  return linter.verify(text, ESLINT_CONFIG, { filename: path }).map((m) => ({
    line: m.line,
    ruleId: m.fatal === true ? "parse-error" : (m.ruleId ?? "eslint"),
  }));
}

/**
 * Findings of the pinned linters for a file, sorted by line then rule id
 * (code-unit order); `[]` for languages without a linter.
 *
 * @example
 * lintFile("src/a.ts", "typescript", "var x = 1\n") // [{ line: 1, ruleId: "no-var" }, ...]
 */
export function lintFile(path: string, language: Language, text: string): LintFinding[] {
  const findings =
    language === "solidity" ? lintSolidity(path, text) : language === "other" ? [] : lintScript(path, text);
  return findings.sort((a, b) => a.line - b.line || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}
