/**
 * Stable patch-ids (`git patch-id --stable`) of commits: the same change has the same id wherever it was committed,
 * so a cherry-pick of a claimed commit is recognised as the same work (scoring v2's duplicate claims).
 */
import { DIFF_OPTIONS } from "./diff.ts";
import { runGit } from "./git.ts";

/** Ranges with more commits than this are matched by commit ids alone. */
export const MAX_COMMITS = 1000;

/**
 * The sorted, distinct patch-ids of the commits that are not merges among `commits`; `[]` when there are more than
 * {@link MAX_COMMITS} or their patches together are longer than `maxBytes` (then only commit ids decide duplicates;
 * the bounds count commits and bytes, so every machine agrees).
 *
 * @example
 * await patchIds("/repos/app", ["9fceb02d0ae598e95dc970b74767f19372d61af8"], 2_097_152) // ["5e1c..."]
 */
export async function patchIds(repository: string, commits: readonly string[], maxBytes: number): Promise<string[]> {
  // A range of thousands of commits would make git print far more than the change itself: bounded by count first.
  if (commits.length === 0 || commits.length > MAX_COMMITS) return [];
  const log = await runGit(
    repository,
    // The scorer's pinned diff options: attributes, textconv and external drivers must not shape the patch.
    ["log", "--no-walk=unsorted", "--stdin", "--no-merges", "-p", ...DIFF_OPTIONS, "--format=commit %H"],
    { stdin: `${commits.join("\n")}\n` },
  );
  if (log.stdout.length === 0 || log.stdout.length > maxBytes) return [];
  const ids = await runGit(repository, ["patch-id", "--stable"], { stdin: log.stdout });
  const out = new Set<string>();
  for (const line of ids.stdout.toString("utf8").split("\n")) if (line !== "") out.add(line.split(" ")[0]!);
  return [...out].sort();
}
