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
 * `#private` names are read as identifiers (as any other name, they are normalised away), so turning `_name`
 * members into `#name` ones is a move.
 * `bps = floor(10000 * novel / (fingerprints - moved))`; does not apply when nothing is left to count.
 */
import { ratioBps } from "./bps.ts";
import type { CurveParameters } from "./config.ts";
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
  },
): NoveltyChangeResult {
  const { curve, repository, earlier } = options;
  const moved = removedShingles(files, curve.shingleTokens);
  let total = 0;
  let movedCount = 0;
  let inRepository = 0;
  let inEarlier = 0;
  let duplicatedWithin = 0;
  const seen = new Set<number>();
  const matched = new Map<string, number>();
  for (const file of files) {
    if (file.language === "other" || file.change !== "code" || file.isTest !== options.testsOnly) continue;
    for (const fp of addedFingerprints({ ...file, text: privateNamesAsIdentifiers(file.text) }, curve)) {
      total++;
      if (moved.has(fp)) movedCount++;
      else if (repository.has(fp)) inRepository++;
      else {
        const owners = (earlier.owners.get(fp) ?? []).filter(
          (id) => earlier.repositoryOf?.get(id) !== options.repositoryUrl,
        );
        if (owners.length > 0) {
          inEarlier++;
          for (const owner of owners) matched.set(owner, (matched.get(owner) ?? 0) + 1);
        } else if (seen.has(fp)) duplicatedWithin++;
      }
      seen.add(fp);
    }
  }
  const counted = total - movedCount;
  const novel = counted - inRepository - inEarlier - duplicatedWithin;
  const raw = {
    fingerprints: total,
    moved: movedCount,
    novel,
    inRepository,
    inEarlierContributions: inEarlier,
    duplicatedWithin,
    matchedContributions: [...matched.keys()]
      .sort(compareStrings)
      .map((id) => ({ contributionId: id, fingerprints: matched.get(id)! })),
  };
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
          reason: `${novel} of ${counted} fingerprint(s) new; ${inRepository} already in the repository, ${inEarlier} in other contributions, ${duplicatedWithin} repeated within the change, ${movedCount} moved (not counted)`,
        };
  return { metric, fingerprints: [...seen].sort((a, b) => a - b) };
}
