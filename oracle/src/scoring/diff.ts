/**
 * The change a score measures: files changed between two trees, with the line
 * numbers (in the new file) that the change added, and the new contents.
 */

import { InvariantError } from "@coherence/protocol";
import type { ScoringLimits } from "./config.ts";
import { fileContent, type SkippedFile, skipBySize } from "./fileContent.ts";
import { objectSizes, readObjects, runGit } from "./git.ts";
import { compareStrings } from "./metric.ts";

/** A text file the change added to or modified (deleted files, submodules and symlinks are left out). */
export type ChangedFile = {
  /** Repository-relative path in the new tree, `/`-separated. */
  path: string;
  /** `A` added, `M` modified, `R` renamed, `C` copied, `T` type changed. */
  status: "A" | "M" | "R" | "C" | "T";
  /** Blob id of the new contents. */
  blob: string;
  /** 1-based line numbers of the new file that the change added, ascending. */
  addedLines: readonly number[];
  /** New contents as UTF-8 text. */
  text: string;
  /** With `before`: the old side (absent for an added file, or an old side that is not text). */
  before?: FileBefore | undefined;
};

/** The old side of a changed file: its contents and the lines the change removed from them. */
export type FileBefore = {
  /** Old contents as UTF-8 text. */
  text: string;
  /** 1-based line numbers of the old file that the change removed, ascending. */
  removedLines: readonly number[];
};

/** What {@link changedFiles} returns: the text files measured, and those skipped with their reasons. */
export type ChangedFilesReturnType = { files: ChangedFile[]; skipped: SkippedFile[] };

/**
 * Options pinned on every diff so that git configuration (diff.algorithm,
 * diff.renames, external drivers) cannot change what is measured.
 */
export const DIFF_OPTIONS: readonly string[] = [
  "--no-color",
  "--no-ext-diff",
  "--no-textconv",
  // Text whatever a .gitattributes `binary` or `-diff` says: only the bytes decide (see fileContent.ts).
  "--text",
  "--diff-algorithm=myers",
  "--indent-heuristic",
  "-l1000",
  "--find-renames=50%",
  "--no-relative",
  "--ignore-submodules=none",
];

type RawEntry = {
  status: ChangedFile["status"] | "D" | "U" | "X";
  newMode: string;
  oldBlob: string;
  blob: string;
  path: string;
};

/** Parses `git diff --raw -z --no-abbrev` output. */
function parseRaw(raw: string): RawEntry[] {
  const fields = raw.split("\0");
  const entries: RawEntry[] = [];
  let i = 0;
  while (i < fields.length && fields[i] !== "") {
    // ":<old mode> <new mode> <old blob> <new blob> <status>[score]", then one path (two for R and C).
    const meta = fields[i++]!.slice(1).split(" ");
    const status = meta[4]!.charAt(0) as RawEntry["status"];
    const paths = status === "R" || status === "C" ? 2 : 1;
    const path = fields[i + paths - 1]!;
    i += paths;
    entries.push({ status, newMode: meta[1]!, oldBlob: meta[2]!, blob: meta[3]!, path });
  }
  return entries;
}

/** Removed line numbers (in the old text) and added ones (in the new text) of a `-U0` patch of one file. */
export function parseHunks(patch: string): { removed: number[]; added: number[] } {
  const removed: number[] = [];
  const added: number[] = [];
  const push = (lines: number[], start: string, count: string | undefined) => {
    for (let n = 0; n < (count === undefined ? 1 : Number(count)); n++) lines.push(Number(start) + n);
  };
  for (const line of patch.split("\n")) {
    if (!line.startsWith("@@ ")) continue;
    const match = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (match === null) throw new InvariantError(`Unparseable hunk header from git diff: ${line}`);
    push(removed, match[1]!, match[2]);
    push(added, match[3]!, match[4]);
  }
  return { removed, added };
}

/** Added line numbers (in the new text) of a `-U0` patch of one file. */
export function parseAddedLines(patch: string): number[] {
  return parseHunks(patch).added;
}

/** Number of lines of a text (a final newline does not start another line). */
export function lineCount(text: string): number {
  if (text === "") return 0;
  let count = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return text.endsWith("\n") ? count - 1 : count;
}

const NULL_BLOB = /^0+$/;

/**
 * Files changed from `base` to `head` (trees or commits), sorted by path in
 * code-unit order, with their added lines and new contents. Renames are
 * detected (50% similarity), so a moved file adds only the lines it changed.
 * Files over `limits.maxFileBytes` are never read; they, binary, non-UTF-8,
 * minified and generated files are returned as skipped, with the reason.
 *
 * @example
 * const { files, skipped } = await changedFiles(repo, parentSha, commitSha, DEFAULT_LIMITS);
 * files[0] // { path: "src/a.ts", status: "A", addedLines: [1, 2, 3], text: "...", blob: "..." }
 * skipped[0] // { path: "dist/app.min.js", reason: "minified", detail: "line 1 has 48211 characters, ..." }
 */
export async function changedFiles(
  repository: string,
  base: string,
  head: string,
  limits: ScoringLimits,
  options: { before?: boolean } = {},
): Promise<ChangedFilesReturnType> {
  const raw = await runGit(repository, ["diff", "--raw", "-z", "--no-abbrev", ...DIFF_OPTIONS, base, head]);
  // Regular files only: 100644 or 100755 (not symlinks 120000, submodules 160000, deletions 000000).
  const entries = parseRaw(raw.stdout.toString("utf8")).filter((e) => e.status !== "D" && e.newMode.startsWith("100"));
  const sizes = await objectSizes(
    repository,
    entries.map((e) => e.blob),
  );
  const skipped: SkippedFile[] = [];
  const readable: RawEntry[] = [];
  entries.forEach((entry, i) => {
    const tooLarge = skipBySize(sizes[i]!, limits);
    if (tooLarge === undefined) readable.push(entry);
    else skipped.push({ path: entry.path, ...tooLarge });
  });
  const blobs = await readObjects(
    repository,
    readable.map((e) => e.blob),
  );
  const files: ChangedFile[] = [];
  for (const [i, entry] of readable.entries()) {
    const content = fileContent(blobs[i]!, limits);
    if ("skipped" in content) {
      skipped.push({ path: entry.path, ...content.skipped });
      continue;
    }
    const { text } = content;
    let addedLines: number[];
    let before: FileBefore | undefined;
    if (NULL_BLOB.test(entry.oldBlob)) addedLines = Array.from({ length: lineCount(text) }, (_, n) => n + 1);
    else {
      // Blob against blob: one patch section per file, whatever the change type.
      const patch = await runGit(repository, ["diff", "-U0", ...DIFF_OPTIONS, entry.oldBlob, entry.blob]);
      const hunks = parseHunks(patch.stdout.toString("utf8"));
      addedLines = hunks.added;
      if (options.before === true) before = await oldSide(repository, entry.oldBlob, hunks.removed, limits);
    }
    files.push({
      path: entry.path,
      status: entry.status as ChangedFile["status"],
      blob: entry.blob,
      addedLines,
      text,
      ...(before !== undefined ? { before } : {}),
    });
  }
  return { files: files.sort(byPath), skipped: skipped.sort(byPath) };
}

/** The old side of a modified file, read under the same limits as the new side, or `undefined` if it is not text. */
async function oldSide(
  repository: string,
  oldBlob: string,
  removedLines: readonly number[],
  limits: ScoringLimits,
): Promise<FileBefore | undefined> {
  const [size] = await objectSizes(repository, [oldBlob]);
  if (skipBySize(size!, limits) !== undefined) return undefined;
  const [bytes] = await readObjects(repository, [oldBlob]);
  const content = fileContent(bytes!, limits);
  return "text" in content ? { text: content.text, removedLines } : undefined;
}

function byPath(a: { path: string }, b: { path: string }): number {
  return compareStrings(a.path, b.path);
}
