/**
 * Code that a parallel commit introduced first (scoring v2 configs with `firstIntroduction`). The base tree holds
 * everything the change is built on, but not what was written at the same time on another branch: when two
 * branches, neither an ancestor of the other, add the same code, both bases lack it, and without this each would be
 * scored as its author. Here every commit of the repository's history (its configured ref, else HEAD) that is
 * neither an ancestor nor a descendant of the change, and that precedes it (commitPrecedence.ts), is read, and the
 * shingles of the lines it added are owned by the earliest of them. The rule reads commits, never merge order or
 * scoring order, so the owner is the same whichever branch was merged first and whichever was scored first.
 * Merge commits are not read (what a merge adds is its branches' work, already read as their commits), and the
 * added lines of each hunk are tokenized apart from the rest of their file.
 */
import { correctedTimes, type Precedence, precedes } from "./commitPrecedence.ts";
import type { FirstIntroductionSettings } from "./config.ts";
import { DIFF_OPTIONS } from "./diff.ts";
import { isCode, matchesAny } from "./fileKinds.ts";
import { privateNamesAsIdentifiers, shingleHashes, tokenize } from "./fingerprint.ts";
import { gitText, runGit } from "./git.ts";

/** Patches are read this many commits at a time, so a byte bound stops the reading early. */
const BATCH = 64;

/** What the record says of the parallel history a change was compared with. */
export type ParallelRecord = {
  /** The commit whose history was read (the configured ref, else HEAD, as it was). */
  tip: string;
  /** Parallel commits that precede the change and were read. */
  read: number;
  /** Parallel commits that precede it but were not read: over `maxParallelCommits` or `maxParallelPatchBytes`. */
  leftOut: number;
};

/** The owners: per shingle, the earliest parallel commit that added it, for code and for test files apart. */
export type ParallelIntroductions = {
  /** The change's corrected committer time: that of its earliest commit. */
  time: number;
  code: ReadonlyMap<number, string>;
  tests: ReadonlyMap<number, string>;
  record: ParallelRecord;
};

function lines(text: string): string[] {
  return text.split("\n").filter((line) => line !== "");
}

/** Adds every shingle of `added` (one hunk's added lines) to `owners`, unless an earlier commit holds it. */
function own(owners: Map<number, string>, added: readonly string[], commit: string, k: number): void {
  if (added.length === 0) return;
  for (const hash of shingleHashes(tokenize(privateNamesAsIdentifiers(added.join("\n"))), k))
    if (!owners.has(hash)) owners.set(hash, commit);
}

/**
 * Reads `git log -p -U0` of `commits` (earliest first, so the first to add a shingle owns it) into the owners of
 * code and test files.
 */
function readPatches(
  patch: string,
  owners: { code: Map<number, string>; tests: Map<number, string> },
  k: number,
  testPatterns: readonly string[],
): void {
  let commit = "";
  let target: Map<number, string> | undefined;
  let inHunk = false;
  let added: string[] = [];
  const flush = () => {
    if (target !== undefined) own(target, added, commit, k);
    added = [];
  };
  for (const line of patch.split("\n")) {
    const header = /^commit ([0-9a-f]{40,64})$/.exec(line);
    if (header !== null) {
      flush();
      commit = header[1]!;
      target = undefined;
      inHunk = false;
    } else if (line.startsWith("diff --git ")) {
      flush();
      target = undefined;
      inHunk = false;
    } else if (!inHunk && line.startsWith("+++ ")) {
      // "+++ b/<path>" (quoted when unusual), or "+++ /dev/null" for a deletion.
      const path = line.slice(4).replace(/^"(.*)"$/, "$1");
      const file = path.startsWith("b/") ? path.slice(2) : undefined;
      target =
        file === undefined || !isCode(file) ? undefined : matchesAny(file, testPatterns) ? owners.tests : owners.code;
    } else if (line.startsWith("@@")) {
      flush();
      inHunk = true;
    } else if (inHunk && line.startsWith("+")) added.push(line.slice(1));
  }
  flush();
}

/**
 * The parallel commits that precede a change, and the shingles each added first. `change.commits` are the
 * change's own commits (their earliest precedence is the change's); `tip` is the history's tip commit.
 *
 * @example
 * const parallel = await parallelIntroductions(repo, { head, commits: [head] }, tip, config.firstIntroduction, 25, patterns);
 * parallel.code.get(shingle) // "4e1d...": the commit on the other branch that wrote it first
 */
export async function parallelIntroductions(
  repository: string,
  change: { head: string; commits: readonly string[] },
  tip: string,
  settings: FirstIntroductionSettings,
  k: number,
  testPatterns: readonly string[],
): Promise<ParallelIntroductions> {
  // The tip's times are shared by every change merged into it; a change not merged there adds its own history.
  let times = await correctedTimes(repository, [tip]);
  if (!times.has(change.head)) times = await correctedTimes(repository, [tip, change.head]);
  const precedence = (id: string): Precedence => ({ time: times.get(id)!, id });
  const first = change.commits.map(precedence).reduce((a, b) => (precedes(b, a) ? b : a));
  const notAncestors = lines(await gitText(repository, ["rev-list", "--no-merges", tip, "--not", change.head]));
  const descendants = new Set(
    lines(await gitText(repository, ["rev-list", "--ancestry-path", `${change.head}..${tip}`])),
  );
  // The nearest in time first: when there are too many, the ones written alongside the change are kept.
  const earlier = notAncestors
    .filter((id) => !descendants.has(id))
    .map(precedence)
    .filter((p) => precedes(p, first))
    .sort((a, b) => (precedes(a, b) ? 1 : -1));
  const wanted = earlier.slice(0, settings.maxParallelCommits).reverse();
  const owners = { code: new Map<number, string>(), tests: new Map<number, string>() };
  let read = 0;
  let bytes = 0;
  // Earliest first, so that the first commit to add a shingle owns it.
  for (let i = 0; i < wanted.length && bytes <= settings.maxParallelPatchBytes; i += BATCH) {
    const batch = wanted.slice(i, i + BATCH).map((p) => p.id);
    const log = await runGit(
      repository,
      ["log", "--no-walk=unsorted", "--stdin", "-p", "-U0", ...DIFF_OPTIONS, "--format=commit %H"],
      { stdin: `${batch.join("\n")}\n` },
    );
    const patches = log.stdout.toString("utf8").split(/^(?=commit [0-9a-f]{40,64}$)/m);
    for (const patch of patches) {
      if (patch === "") continue;
      bytes += Buffer.byteLength(patch);
      if (bytes > settings.maxParallelPatchBytes) break;
      readPatches(patch, owners, k, testPatterns);
      read++;
    }
  }
  return { time: first.time, ...owners, record: { tip, read, leftOut: earlier.length - read } };
}
