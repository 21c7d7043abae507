/**
 * A changed file with both sides prepared for the change metrics of scoring v2: the new side as the v1 metrics
 * see it, the old side's text, removed lines and analysis, and whether the change to it is only formatting or
 * only comments (then it changes no code, and no code metric may charge or credit it).
 */
import ts from "typescript";
import type { FileAnalysis } from "./analysis.ts";
import type { ChangedFile } from "./diff.ts";
import { lineCount } from "./diff.ts";
import { analyzeSource, type MeasuredFile, measuredFiles } from "./measuredFile.ts";

/** The old side of a changed file. */
export type MeasuredBefore = {
  text: string;
  lineCount: number;
  removedLines: ReadonlySet<number>;
  /** Removed lines that are not blank. */
  removedChangedLines: number;
  analysis: FileAnalysis;
};

/** How a file's code changed. */
export type CodeChange = "code" | "comments" | "formatting";

/** A changed file, both sides. */
export type ChangedMeasuredFile = MeasuredFile & {
  /** Absent for an added file (or an old side that is not text). */
  before: MeasuredBefore | undefined;
  /** `formatting`: the same tokens and comments; `comments`: the same tokens, other comments; else `code`. */
  change: CodeChange;
};

/** The tokens and the comments of a TS/JS text, each as one string (whitespace never matters to either). */
function tokensAndComments(path: string, text: string): { tokens: string; comments: string } {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, /\.[jt]sx$/.test(path) ? 1 : 0, text);
  const tokens: string[] = [];
  const comments: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.WhitespaceTrivia || kind === ts.SyntaxKind.NewLineTrivia) continue;
    const isComment = kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia;
    (isComment ? comments : tokens).push(scanner.getTokenText().replace(/\s+/g, " "));
  }
  return { tokens: tokens.join("\n"), comments: comments.join("\n") };
}

/** Whether `before` and `after` differ in code, only in comments, or only in layout. */
function codeChange(file: MeasuredFile, before: string): CodeChange {
  if (file.language === "typescript" || file.language === "javascript") {
    const a = tokensAndComments(file.path, before);
    const b = tokensAndComments(file.path, file.text);
    if (a.tokens !== b.tokens) return "code";
    return a.comments === b.comments ? "formatting" : "comments";
  }
  // Other files (Solidity, docs, data): only a change of layout is recognised.
  return before.replace(/\s+/g, "") === file.text.replace(/\s+/g, "") ? "formatting" : "code";
}

/** How many of `lines` (1-based) of `text` are not blank. */
function nonBlank(text: string, lines: readonly number[]): number {
  const all = text.split("\n");
  return lines.filter((n) => (all[n - 1] ?? "").trim() !== "").length;
}

/** Prepares both sides of the text files of a change, keeping the order of `files` (sorted by path). */
export function measuredChanges(files: readonly ChangedFile[], testPatterns: readonly string[]): ChangedMeasuredFile[] {
  const after = measuredFiles(files, testPatterns);
  return after.map((file, i) => {
    const old = files[i]!.before;
    if (old === undefined) return { ...file, before: undefined, change: "code" };
    const before: MeasuredBefore = {
      text: old.text,
      lineCount: lineCount(old.text),
      removedLines: new Set(old.removedLines),
      removedChangedLines: nonBlank(old.text, old.removedLines),
      analysis: analyzeSource(file.path, file.language, old.text),
    };
    return { ...file, before, change: codeChange(file, old.text) };
  });
}
