/**
 * What kind of file a path is, for scoring: which language measures it and
 * whether it is a test.
 */
import { posix } from "node:path";

/** Languages the scorer measures; everything else is `other` (docs, data, config). */
export type Language = "typescript" | "javascript" | "solidity" | "other";

const EXTENSIONS: Readonly<Record<string, Language>> = {
  ".ts": "typescript",
  ".mts": "typescript",
  ".cts": "typescript",
  ".tsx": "typescript",
  ".js": "javascript",
  ".mjs": "javascript",
  ".cjs": "javascript",
  ".jsx": "javascript",
  ".sol": "solidity",
};

/**
 * The language of a repository path, by extension; declaration files (`.d.ts`)
 * are `other` (they describe code, they are not code to measure).
 *
 * @example
 * languageOf("src/a.test.ts") // "typescript"
 */
export function languageOf(path: string): Language {
  if (/\.d\.[mc]?ts$/.test(path)) return "other";
  return EXTENSIONS[posix.extname(path)] ?? "other";
}

/** Whether the path is code the scorer measures (TypeScript, JavaScript or Solidity). */
export function isCode(path: string): boolean {
  return languageOf(path) !== "other";
}

/**
 * Whether `path` matches one of the glob `patterns` (POSIX semantics of
 * `path.posix.matchesGlob`, the same on every platform).
 *
 * @example
 * matchesAny("test/Ledger.t.sol", ["test/**"]) // true
 */
export function matchesAny(path: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => posix.matchesGlob(path, pattern));
}
