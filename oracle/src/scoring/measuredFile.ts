/**
 * A changed text file prepared for the metrics: language, test or not, the
 * added lines, and (for code) its analysis.
 */
import type { FileAnalysis } from "./analysis.ts";
import { analyzeSolidity } from "./analyzeSolidity.ts";
import { analyzeTypeScript } from "./analyzeTypeScript.ts";
import type { ChangedFile } from "./diff.ts";
import { lineCount } from "./diff.ts";
import { type Language, languageOf, matchesAny } from "./fileKinds.ts";

/** What every metric reads about a changed file. */
export type MeasuredFile = {
  path: string;
  language: Language;
  /** Matches a test pattern of the config. */
  isTest: boolean;
  text: string;
  /** Lines of the new contents. */
  lineCount: number;
  /** Added lines (1-based) of the new contents. */
  addedLines: ReadonlySet<number>;
  /** Added lines that are not blank: the "changed lines" metrics count. */
  changedLines: number;
  /** Functions, public symbols and imports; empty for `other` files. */
  analysis: FileAnalysis;
};

const EMPTY: FileAnalysis = Object.freeze({ functions: [], publicSymbols: [], imports: [] });

/** Analyses the language's source, or nothing for files that are not code. */
export function analyzeSource(path: string, language: Language, text: string): FileAnalysis {
  if (language === "solidity") return analyzeSolidity(text);
  if (language === "typescript" || language === "javascript") return analyzeTypeScript(path, text);
  return EMPTY;
}

/** Prepares the text files of a change, keeping the order of `files` (sorted by path). */
export function measuredFiles(files: readonly ChangedFile[], testPatterns: readonly string[]): MeasuredFile[] {
  const out: MeasuredFile[] = [];
  for (const file of files) {
    const language = languageOf(file.path);
    const lines = file.text.split("\n");
    const changedLines = file.addedLines.filter((n) => (lines[n - 1] ?? "").trim() !== "").length;
    out.push({
      path: file.path,
      language,
      isTest: matchesAny(file.path, testPatterns),
      text: file.text,
      lineCount: lineCount(file.text),
      addedLines: new Set(file.addedLines),
      changedLines,
      analysis: analyzeSource(file.path, language, file.text),
    });
  }
  return out;
}
