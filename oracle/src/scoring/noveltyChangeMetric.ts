/**
 * Novelty metric of scoring v2. As in v1, the added code is fingerprinted and each fingerprint is classed against
 * the repository at the base (every commit in the history before the change) and earlier contributions, with
 * three differences:
 * - code the change moved (its fingerprint is also in code the change removed) is neither new nor copied: it is
 *   left out of the count, so a move scores as neither;
 * - earlier contributions of the same repository do not count: history decides who introduced code there (the
 *   base tree holds everything merged before the change, whatever order contributions were scored in), and the
 *   same commits claimed twice are held as a duplicate claim instead (scoreContribution.ts). Contributions of
 *   other repositories still count, in the epoch's canonical scoring order;
 * - for a change of tests only, the tests are what is measured, against the repository's code and tests (v1
 *   left tests out, so a copied test suite passed as new); a change of code is measured on its code, as test code
 *   is boilerplate by nature and a regression test must not make a fix look copied.
 * With a dependency index (a config with `dependencies`), a fingerprint in the code of a package the repository
 * declares is not novel either: it is counted, as someone else's work, with the package named.
 * With first introduction (a config with `firstIntroduction`), a fingerprint a parallel commit of the repository or
 * another repository of the network introduced before the change is not novel (counted with the commit or
 * repository named), and earlier contributions of the network's repositories no longer count: history decides.
 * `#private` names are read as identifiers (as any other name, they are normalised away), so turning `_name`
 * members into `#name` ones is a move.
 * `bps = floor(10000 * novel / (fingerprints - moved))`; does not apply when nothing is left to count.
 */
import { ratioBps } from "./bps.ts";
import type { CurveParameters } from "./config.ts";
import type { DependencyIndex } from "./dependencyIndex.ts";
import { privateNamesAsIdentifiers, shingleHashes } from "./fingerprint.ts";
import type { ExplainedMetric } from "./lintChangeMetric.ts";
import type { ChangedMeasuredFile } from "./measuredChange.ts";
import { compareStrings } from "./metric.ts";
import { addedFingerprints, type FingerprintIndex, tokenRuns } from "./noveltyMetric.ts";

/** What {@link noveltyChangeMetric} returns: the metric, and the change's fingerprints to store. */
export type NoveltyChangeResult = { metric: ExplainedMetric; fingerprints: number[] };

/** Every shingle of the code the change removed: where moved code comes from. */
function removedShingles(files: readonly ChangedMeasuredFile[], k: number): Set<number> {
  const shingles = new Set<number>();
  for (const file of files) {
    if (file.before === undefined || file.language === "other") continue;
    for (const run of tokenRuns(privateNamesAsIdentifiers(file.before.text), file.before.removedLines, k))
      for (const hash of shingleHashes(run, k)) shingles.add(hash);
  }
  return shingles;
}

/** What first introduction found outside the base: the owners of shingles, and what the record says was read. */
export type FirstIntroductionOwners = {
  /** Per shingle, the parallel commit that introduced it first (test files' shingles when `testsOnly`). */
  parallel: ReadonlyMap<number, string>;
  /** Per fingerprint, the other repository that held it first. */
  network: ReadonlyMap<number, string>;
  /** The URLs of the config's repositories, whose earlier contributions history replaces. */
  urls: ReadonlySet<string>;
  record: Record<string, unknown>;
};

/** The fingerprints of the code a change added that the metric measures, in file and position order. */
export function* changeFingerprints(
  files: readonly ChangedMeasuredFile[],
  curve: CurveParameters["novelty"],
  testsOnly: boolean,
): Generator<number> {
  for (const file of files) {
    if (file.language === "other" || file.change !== "code" || file.isTest !== testsOnly) continue;
    yield* addedFingerprints({ ...file, text: privateNamesAsIdentifiers(file.text) }, curve);
  }
}

function countedBy(counts: ReadonlyMap<string, number>, key: string) {
  return [...counts.keys()].sort(compareStrings).map((name) => ({ [key]: name, fingerprints: counts.get(name)! }));
}

function count(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** The novelty metric of a change of the repository published as `repositoryUrl`. */
export function noveltyChangeMetric(
  files: readonly ChangedMeasuredFile[],
  options: {
    curve: CurveParameters["novelty"];
    /** Shingles of the repository at the base (its code; with its tests too when `testsOnly`). */
    repository: ReadonlySet<number>;
    earlier: FingerprintIndex;
    repositoryUrl: string;
    /** Measure the test files (a change of tests only) instead of the code files. */
    testsOnly: boolean;
    /** The declared packages' shingles, when the config has a dependency index. */
    dependencies?: DependencyIndex | undefined;
    /** Under a config with `firstIntroduction`. */
    firstIntroduction?: FirstIntroductionOwners | undefined;
  },
): NoveltyChangeResult {
  const { curve, repository, earlier } = options;
  const moved = removedShingles(files, curve.shingleTokens);
  let total = 0;
  let movedCount = 0;
  let inRepository = 0;
  let inEarlier = 0;
  let duplicatedWithin = 0;
  let inDependencies = 0;
  let inParallel = 0;
  let inNetwork = 0;
  const seen = new Set<number>();
  const matched = new Map<string, number>();
  const fromPackages = new Map<string, number>();
  const fromCommits = new Map<string, number>();
  const fromRepositories = new Map<string, number>();
  const { dependencies, firstIntroduction } = options;
  const historyDecides = (id: string) => {
    const url = earlier.repositoryOf?.get(id);
    return url === options.repositoryUrl || (url !== undefined && firstIntroduction?.urls.has(url) === true);
  };
  for (const fp of changeFingerprints(files, curve, options.testsOnly)) {
    total++;
    const parallelCommit = firstIntroduction?.parallel.get(fp);
    const network = firstIntroduction?.network.get(fp);
    if (moved.has(fp)) movedCount++;
    else if (repository.has(fp)) inRepository++;
    else if (parallelCommit !== undefined) {
      inParallel++;
      count(fromCommits, parallelCommit);
    } else if (network !== undefined) {
      inNetwork++;
      count(fromRepositories, network);
    } else {
      const fromPackage = dependencies?.packageOf(fp);
      const owners = (earlier.owners.get(fp) ?? []).filter((id) => !historyDecides(id));
      if (fromPackage !== undefined) {
        inDependencies++;
        count(fromPackages, fromPackage);
      } else if (owners.length > 0) {
        inEarlier++;
        for (const owner of owners) count(matched, owner);
      } else if (seen.has(fp)) duplicatedWithin++;
    }
    seen.add(fp);
  }
  const counted = total - movedCount;
  const novel = counted - inRepository - inParallel - inNetwork - inDependencies - inEarlier - duplicatedWithin;
  const raw = {
    fingerprints: total,
    moved: movedCount,
    novel,
    inRepository,
    inEarlierContributions: inEarlier,
    duplicatedWithin,
    matchedContributions: countedBy(matched, "contributionId"),
    // Only under a config with the index, so records of configs without it stay as they were.
    ...(dependencies !== undefined
      ? {
          inDependencies,
          dependencies: {
            ...dependencies.record,
            matched: countedBy(fromPackages, "package"),
          },
        }
      : {}),
    ...(firstIntroduction !== undefined
      ? {
          inParallelCommits: inParallel,
          inOtherRepositories: inNetwork,
          firstIntroduction: {
            ...firstIntroduction.record,
            matchedCommits: countedBy(fromCommits, "commit"),
            matchedRepositories: countedBy(fromRepositories, "repository"),
          },
        }
      : {}),
  };
  const fromDependencies =
    dependencies === undefined
      ? ""
      : `, ${inDependencies} in declared dependencies${dependencies.record.missing.length > 0 ? ` (${dependencies.record.missing.length} declared package(s) not indexed)` : ""}`;
  const fromHistory =
    firstIntroduction === undefined
      ? ""
      : `, ${inParallel} introduced first by a parallel commit, ${inNetwork} first in another repository`;
  const metric: ExplainedMetric =
    counted === 0
      ? {
          bps: null,
          raw,
          evidence: 0,
          reason: total === 0 ? "too little added code to fingerprint" : "the added code was moved, not written",
        }
      : {
          bps: ratioBps(novel, counted),
          raw,
          evidence: counted,
          reason: `${novel} of ${counted} fingerprint(s) new; ${inRepository} already in the repository${fromHistory}${fromDependencies}, ${inEarlier} in other contributions, ${duplicatedWithin} repeated within the change, ${movedCount} moved (not counted)`,
        };
  return { metric, fingerprints: [...seen].sort((a, b) => a - b) };
}
