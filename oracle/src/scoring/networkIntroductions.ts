/**
 * Code that another repository of the network held first (scoring v2 configs with `firstIntroduction`): the config
 * names every asset's repository of the epoch, so code copied from one into another can be told from new code by
 * history instead of by which contribution was scored first. A fingerprint of a change is another repository's when
 * that repository's code held it at the last commit of its first-parent line (of its configured ref, else HEAD) that
 * precedes the change in corrected committer time (commitPrecedence.ts), and still holds it at that line's tip: the
 * tip's shingles are read first (cached per process, as they are the same for every contribution) and the earlier
 * snapshot only for a change that shares code with it, which copies alone do. Code the other repository removed
 * since, or held only on a branch not merged by then, is not seen.
 */
import { correctedTimes } from "./commitPrecedence.ts";
import type { RepositoryConfig } from "./config.ts";
import { gitText } from "./git.ts";
import { openRepository } from "./measureCode.ts";
import { repositoryShingles } from "./repositoryShingles.ts";

/** What the record says of each other repository a change was compared with. */
export type NetworkRecord = {
  url: string;
  /** The tip of its configured ref (else HEAD) as it was. */
  tip: string;
  /** The last commit of the tip's first-parent line before the change; `null` if none precedes it. */
  before: string | null;
}[];

/** Per fingerprint, the URL of the first (by URL) other repository that held it before the change; and the record. */
export type NetworkIntroductions = { ownerOf: ReadonlyMap<number, string>; record: NetworkRecord };

/** The last commit of `tip`'s first-parent line whose corrected time is before `time`. */
async function lastBefore(path: string, tip: string, time: number): Promise<string | null> {
  const times = await correctedTimes(path, [tip]);
  // Corrected times never decrease from parent to child, so the line is read from the tip back.
  const line = (await gitText(path, ["rev-list", "--first-parent", tip])).split("\n");
  return line.find((commit) => times.get(commit)! < time) ?? null;
}

/**
 * Which of `fingerprints` another repository of `repositories` (all but `url`) held before `time` (the change's
 * corrected committer time). `testPatterns` are left out of their code, as of the change's own base.
 *
 * @example
 * const network = await networkIntroductions(config.repositories, url, 1733318400, fingerprints, 25, patterns);
 * network.ownerOf.get(fingerprint) // "https://example.org/lib.git"
 * @throws {RepositoryNotFoundError} when another repository's checkout is not here.
 */
export async function networkIntroductions(
  repositories: Readonly<Record<string, RepositoryConfig>>,
  url: string,
  time: number,
  fingerprints: readonly number[],
  k: number,
  testPatterns: readonly string[],
): Promise<NetworkIntroductions> {
  const others = Object.entries(repositories)
    .filter(([, repository]) => repository.url !== url)
    .sort(([, a], [, b]) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const ownerOf = new Map<number, string>();
  const record: NetworkRecord = [];
  const options = { privateNamesAsIdentifiers: true };
  for (const [assetId, repository] of others) {
    if (record.some((r) => r.url === repository.url)) continue;
    const path = await openRepository(assetId, repository);
    const tip = await gitText(path, ["rev-parse", "--verify", `${repository.ref ?? "HEAD"}^{commit}`]);
    const before = await lastBefore(path, tip, time);
    record.push({ url: repository.url, tip, before });
    if (before === null) continue;
    const atTip = await repositoryShingles(path, tip, k, testPatterns, options);
    const shared = fingerprints.filter((fp) => !ownerOf.has(fp) && atTip.has(fp));
    if (shared.length === 0) continue;
    const then = await repositoryShingles(path, before, k, testPatterns, options);
    for (const fp of shared) if (then.has(fp)) ownerOf.set(fp, repository.url);
  }
  return { ownerOf, record };
}
