/**
 * Evidence of a code contribution: one commit (`<sha>`, compared with its first
 * parent) or a range (`<sha>..<sha>`, the change from the first to the second).
 * Only full commit ids are accepted: an abbreviation can become ambiguous as a
 * repository grows, and a score must never change.
 */
import { CommitNotFoundError, CommitNotReachableError, MalformedEvidenceError } from "./errors.ts";
import { gitText, runGit } from "./git.ts";

/** Evidence as parsed: `from` is absent for a single commit. */
export type ParsedEvidence = { from?: string | undefined; to: string };

/** The commits a score measures. */
export type ResolvedEvidence = {
  /** The tree compared against: the first parent, the range start, or the empty tree for a root commit. */
  base: string;
  /** The commit measured (the range end). */
  head: string;
  /** Every commit in `base..head`, oldest first (topological order). */
  commits: readonly string[];
};

const FULL_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * Parses evidence text. Throws {@link MalformedEvidenceError} unless it is a full
 * lower-case commit id (40 or 64 hex digits) or two of them joined by `..`.
 *
 * @example
 * parseEvidence("3f9c...e1..8a2b...07") // { from: "3f9c...e1", to: "8a2b...07" }
 */
export function parseEvidence(evidence: unknown): ParsedEvidence {
  if (typeof evidence !== "string") throw new MalformedEvidenceError(evidence, "expected a string");
  const parts = evidence.split("..");
  if (parts.length > 2) throw new MalformedEvidenceError(evidence, "expected <commit> or <commit>..<commit>");
  for (const part of parts) {
    if (!FULL_ID.test(part)) {
      throw new MalformedEvidenceError(
        evidence,
        `${JSON.stringify(part)} is not a full lower-case commit id (40 or 64 hex digits)`,
      );
    }
  }
  if (parts.length === 2) {
    if (parts[0] === parts[1]) throw new MalformedEvidenceError(evidence, "an empty range (both ends equal)");
    return { from: parts[0]!, to: parts[1]! };
  }
  return { to: parts[0]! };
}

/** Throws {@link CommitNotFoundError} unless `id` names a commit in `repository`. */
async function requireCommit(repository: string, label: string, id: string): Promise<void> {
  const { exitCode } = await runGit(repository, ["cat-file", "-e", `${id}^{commit}`], { okExitCodes: [1, 128] });
  if (exitCode !== 0) throw new CommitNotFoundError(id, label);
}

/** Whether `ancestor` is `descendant` or one of its ancestors. */
async function isAncestor(repository: string, ancestor: string, descendant: string): Promise<boolean> {
  const { exitCode } = await runGit(repository, ["merge-base", "--is-ancestor", ancestor, descendant], {
    okExitCodes: [1],
  });
  return exitCode === 0;
}

/** Options of {@link resolveEvidence}. */
export type ResolveEvidenceOptions = {
  /** Name of the repository in error messages (its published URL, never a local path). */
  label: string;
  /** If set, the measured commit must be reachable from this ref (e.g. `refs/heads/main`). */
  ref?: string | undefined;
};

/**
 * Checks that the evidence's commits exist (and are related as claimed) and
 * returns the base and head to compare.
 */
export async function resolveEvidence(
  repository: string,
  evidence: ParsedEvidence,
  options: ResolveEvidenceOptions,
): Promise<ResolvedEvidence> {
  const { label } = options;
  await requireCommit(repository, label, evidence.to);
  let base: string;
  if (evidence.from !== undefined) {
    await requireCommit(repository, label, evidence.from);
    if (!(await isAncestor(repository, evidence.from, evidence.to))) {
      throw new CommitNotReachableError(evidence.to, `range start ${evidence.from} (not an ancestor)`, label);
    }
    base = evidence.from;
  } else {
    const parents = (await gitText(repository, ["rev-list", "--parents", "-n", "1", evidence.to])).split(" ").slice(1);
    // A root commit is compared with the empty tree of the repository's hash function.
    base = parents[0] ?? (await gitText(repository, ["hash-object", "-t", "tree", "--stdin"]));
  }
  if (options.ref !== undefined) {
    const { exitCode } = await runGit(repository, ["rev-parse", "--verify", "--quiet", `${options.ref}^{commit}`], {
      okExitCodes: [1],
    });
    if (exitCode !== 0 || !(await isAncestor(repository, evidence.to, options.ref))) {
      throw new CommitNotReachableError(evidence.to, `ref ${options.ref}`, label);
    }
  }
  const commits =
    evidence.from === undefined
      ? [evidence.to]
      : (await gitText(repository, ["rev-list", "--reverse", "--topo-order", `${evidence.from}..${evidence.to}`]))
          .split("\n")
          .filter((line) => line !== "");
  return { base, head: evidence.to, commits };
}
