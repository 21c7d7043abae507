/**
 * Which of two commits counts as first to introduce code (scoring v2 configs with `firstIntroduction`): the one of
 * the earlier corrected committer time, the commit ids (compared as text) breaking a tie. A commit's corrected time
 * is the latest committer time of the commit and all its ancestors, so a commit never counts as earlier than what it
 * is built on: a committer sets their own dates, and without the correction a copy dated 1970 would precede
 * everything. Both orders depend on the commits alone, not on when or in which order branches were merged or
 * contributions scored, so every machine with the same history agrees.
 */
import { runGit } from "./git.ts";

/** A commit's place in the order: its corrected committer time (seconds since the epoch) and id. */
export type Precedence = { time: number; id: string };

/** Whether `a` counts as introduced before `b`. */
export function precedes(a: Precedence, b: Precedence): boolean {
  return a.time < b.time || (a.time === b.time && a.id < b.id);
}

const CACHE_LIMIT = 8;
const cache = new Map<string, Promise<ReadonlyMap<string, number>>>();

async function compute(repository: string, tips: readonly string[]): Promise<ReadonlyMap<string, number>> {
  // Parents before children, so each commit's parents are corrected before it: "<time> <commit> <parent>...".
  const listing = await runGit(repository, [
    "rev-list",
    "--topo-order",
    "--reverse",
    "--parents",
    "--timestamp",
    ...tips,
  ]);
  const times = new Map<string, number>();
  for (const line of listing.stdout.toString("utf8").split("\n")) {
    if (line === "") continue;
    const [time, commit, ...parents] = line.split(" ");
    let corrected = Number(time);
    for (const parent of parents) corrected = Math.max(corrected, times.get(parent) ?? corrected);
    times.set(commit!, corrected);
  }
  return times;
}

/**
 * The corrected committer time of every commit reachable from `tips` (full commit ids: results are cached by them
 * for the life of the process, as a commit's ancestry never changes).
 *
 * @example
 * const head = "9fceb02d0ae598e95dc970b74767f19372d61af8";
 * (await correctedTimes("/repos/app", [head])).get(head) // 1733318400
 */
export function correctedTimes(repository: string, tips: readonly string[]): Promise<ReadonlyMap<string, number>> {
  const key = `${repository}\0${tips.join(" ")}`;
  let entry = cache.get(key);
  if (entry === undefined) {
    entry = compute(repository, tips);
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  }
  return entry;
}
