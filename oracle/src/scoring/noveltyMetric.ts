/**
 * Novelty metric: how much of the added code is new. The added code of
 * non-test code files is cut into runs of consecutive added tokens, and each
 * run is fingerprinted (fingerprint.ts). Each fingerprint, in file and
 * position order, is classed as
 * - `inRepository`: its shingle occurs anywhere in the code of the repository
 *   at the base commit (every shingle there, not only winnowed ones);
 * - `inEarlierContributions`: among the stored fingerprints of a contribution
 *   scored earlier (any asset);
 * - `duplicatedWithin`: already seen in this same change;
 * - `novel`: none of these.
 * `bps = floor(10000 * novel / fingerprints)`; does not apply when the added
 * code is too short for one shingle.
 */

import { ratioBps } from "./bps.ts";
import type { CurveParameters } from "./config.ts";
import { shingleHashes, type Token, tokenize, winnow } from "./fingerprint.ts";
import type { MeasuredFile } from "./measuredFile.ts";
import { compareStrings, type MetricResult } from "./metric.ts";

/** Fingerprints stored for a contribution scored earlier. */
export type EarlierFingerprints = { contributionId: string; fingerprints: readonly number[] };

/**
 * Earlier contributions' fingerprints indexed by fingerprint: the ids holding each, ascending; and (from a store)
 * the repository each measured contribution is of, which scoring v2 reads.
 */
export type FingerprintIndex = {
  contributions: number;
  owners: ReadonlyMap<number, readonly string[]>;
  repositoryOf?: ReadonlyMap<string, string> | undefined;
};

/**
 * Indexes earlier contributions' fingerprints.
 *
 * @example
 * indexFingerprints([{ contributionId: "0x01", fingerprints: [5, 9] }]).owners.get(9) // ["0x01"]
 */
export function indexFingerprints(earlier: readonly EarlierFingerprints[]): FingerprintIndex {
  const owners = new Map<number, string[]>();
  const sorted = [...earlier].sort((a, b) => compareStrings(a.contributionId, b.contributionId));
  for (const { contributionId, fingerprints } of sorted) {
    for (const fp of fingerprints) {
      const list = owners.get(fp);
      if (list === undefined) owners.set(fp, [contributionId]);
      else if (list[list.length - 1] !== contributionId) list.push(contributionId);
    }
  }
  return { contributions: earlier.length, owners };
}

/** The metric and this change's own fingerprints (sorted, unique), to store for later contributions. */
export type NoveltyResult = { metric: MetricResult; fingerprints: number[] };

/** The runs of consecutive tokens of `text` that lie on `lines`, each at least `minTokens` long, in order. */
export function tokenRuns(text: string, lines: ReadonlySet<number>, minTokens: number): Token[][] {
  const runs: Token[][] = [];
  let run: Token[] = [];
  for (const token of tokenize(text)) {
    if (lines.has(token.line)) run.push(token);
    else if (run.length > 0) {
      if (run.length >= minTokens) runs.push(run);
      run = [];
    }
  }
  if (run.length >= minTokens) runs.push(run);
  return runs;
}

/** Winnowed fingerprints of the added code of one file, in order. */
export function addedFingerprints(file: MeasuredFile, curve: CurveParameters["novelty"]): number[] {
  const out: number[] = [];
  for (const run of tokenRuns(file.text, file.addedLines, curve.shingleTokens)) {
    // A loop, not push(...winnow()): spreading a large file's fingerprints as arguments overflows the stack.
    for (const fp of winnow(shingleHashes(run, curve.shingleTokens), curve.window)) out.push(fp);
  }
  return out;
}

/**
 * The novelty metric of a change against the repository's shingles at the base
 * (`repository`) and earlier contributions' fingerprints.
 */
export function noveltyMetric(
  files: readonly MeasuredFile[],
  curve: CurveParameters["novelty"],
  repository: ReadonlySet<number>,
  earlier: FingerprintIndex,
): NoveltyResult {
  let total = 0;
  let inRepository = 0;
  let inEarlierContributions = 0;
  let duplicatedWithin = 0;
  const seen = new Set<number>();
  const matched = new Map<string, number>();
  for (const file of files) {
    if (file.isTest || file.language === "other") continue;
    for (const fp of addedFingerprints(file, curve)) {
      total++;
      if (repository.has(fp)) {
        inRepository++;
      } else {
        const owners = earlier.owners.get(fp);
        if (owners !== undefined) {
          inEarlierContributions++;
          for (const owner of owners) matched.set(owner, (matched.get(owner) ?? 0) + 1);
        } else if (seen.has(fp)) {
          duplicatedWithin++;
        }
      }
      seen.add(fp);
    }
  }
  const novel = total - inRepository - inEarlierContributions - duplicatedWithin;
  const matchedContributions = [...matched.keys()]
    .sort(compareStrings)
    .map((id) => ({ contributionId: id, fingerprints: matched.get(id)! }));
  const raw = {
    fingerprints: total,
    novel,
    inRepository,
    inEarlierContributions,
    duplicatedWithin,
    earlierContributionsCompared: earlier.contributions,
    matchedContributions,
  };
  return {
    metric: { bps: total === 0 ? null : ratioBps(novel, total), raw },
    fingerprints: [...seen].sort((a, b) => a - b),
  };
}
