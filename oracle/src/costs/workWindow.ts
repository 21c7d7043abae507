/**
 * When a code contribution's work was done and how big it is, read from its commit range: the earliest author
 * time and the latest committer time of the range's commits, and the lines it added and deleted. Time entries
 * and tool sessions must fall in that window (with the oracle's margins), and the rate card may bound the labor
 * per changed line.
 */
import { parseEvidence, resolveEvidence } from "../scoring/evidence.ts";
import { gitText } from "../scoring/git.ts";
import type { WorkWindow } from "./checkContributionCosts.ts";

/**
 * @example
 * await workWindowOf("/repos/parser", "https://github.com/o/parser.git", `${base}..${merge}`)
 * // { firstCommitSeconds: 1764493200, lastCommitSeconds: 1764612000, changedLines: 412 }
 */
export async function workWindowOf(
  repository: string,
  label: string,
  work: string,
  ref?: string | undefined,
): Promise<WorkWindow> {
  const { base, head, commits } = await resolveEvidence(repository, parseEvidence(work), { label, ref });
  const times = (await gitText(repository, ["show", "-s", "--no-walk=unsorted", "--format=%at %ct", ...commits]))
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.split(" ").map(Number) as [number, number]);
  // Renames found as the scorer finds them, so a moved file counts only what changed; a binary file counts no
  // lines (numstat prints "-").
  const changedLines = (
    await gitText(repository, [
      "diff",
      "--numstat",
      "-M50%",
      "--no-color",
      "--no-ext-diff",
      "--no-textconv",
      base,
      head,
    ])
  )
    .split("\n")
    .filter((line) => line !== "")
    .reduce((total, line) => {
      const [added, deleted] = line.split("\t");
      return total + (Number(added) || 0) + (Number(deleted) || 0);
    }, 0);
  // A loop, not Math.min(...times): spreading a huge range's commits as arguments overflows the stack.
  let firstCommitSeconds = Number.POSITIVE_INFINITY;
  let lastCommitSeconds = Number.NEGATIVE_INFINITY;
  for (const [author, committer] of times) {
    firstCommitSeconds = Math.min(firstCommitSeconds, author);
    lastCommitSeconds = Math.max(lastCommitSeconds, committer);
  }
  return { firstCommitSeconds, lastCommitSeconds, changedLines };
}
