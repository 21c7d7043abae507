/**
 * The score record: everything needed to see why a contribution got its
 * coherence and to re-run the measurement. Canonical JSON only (integers and
 * strings, no floats, no timestamps, no local paths), so its hash is the same
 * on every machine.
 */

import { canonicalJson, type EpochScore, type JsonValue } from "@coherence/protocol";
import { type Hex, keccak256, toBytes } from "viem";
import type { MetricName } from "./config.ts";
import type { SkippedFile } from "./fileContent.ts";
import type { MetricResult } from "./metric.ts";
import type { ToolVersion } from "./tools.ts";

/** The record format this code writes and reads. */
export const SCORE_RECORD_FORMAT = "coherence-score-v1";

/**
 * A metric in the record: its value (or null if it did not apply), its weight, its raw measurements, and (scoring
 * v2) the sentence that explains its value.
 */
export type RecordedMetric = MetricResult & {
  weightBps: number;
  reason?: string | undefined;
  /** Scoring v2: the evidence the value rests on, in the metric's unit (see `evidenceAtHalf`). */
  evidence?: number | undefined;
  /** Scoring v2: what the value counted as in the mean (neutral when it does not apply, else moved toward it). */
  countedBps?: number | undefined;
};

/** Fields every record has. */
type RecordBase = {
  format: typeof SCORE_RECORD_FORMAT;
  /** The ContributionLedger id, lower-case 0x hex of 32 bytes. */
  contributionId: Hex;
  /** Asset id as a decimal string. */
  assetId: string;
  /** The asset kind as the AssetRegistry names it (`Code`, `Design`, ...). */
  assetKind: string;
  /** Coherence in basis points, 0..10000. */
  coherenceBps: number;
  /** `multiplier.baseBps + floor(coherenceBps * multiplier.slopeBps / 10000)`: 5000 + coherence by default. */
  multiplierBps: number;
  /** keccak256 of the canonical JSON of the published scoring config. */
  configHash: Hex;
};

/** A code contribution's measured score. */
export type MeasuredScoreRecord = RecordBase & {
  method: "measured";
  evidence: {
    /** The evidence as attested (`<sha>` or `<sha>..<sha>`). */
    text: string;
    /** The repository's published URL (from the config). */
    repository: string;
    /** Tree or commit compared against (first parent, range start, or the empty tree). */
    base: string;
    /** The measured commit. */
    head: string;
    /** Commits in the range, oldest first. */
    commits: readonly string[];
    /** Scoring v2: the stable patch-id of each commit that is not a merge, sorted, to find cherry-picks. */
    patchIds?: readonly string[] | undefined;
  };
  /** Scoring v2: the kind of work (changeKind.ts), which decides how it is measured. */
  kind?: string | undefined;
  /**
   * Every metric, by name; `coherenceBps` is the weighted mean of those that apply (scoring v2: of all, those
   * that do not apply counting as the config's `neutralBps`).
   */
  metrics: { readonly [K in MetricName]: RecordedMetric };
  /** Sum of the weights of the metrics that apply: the denominator of the mean. */
  appliedWeightBps: number;
  tools: readonly ToolVersion[];
  /** Changed files with their changed-line counts, sorted by path. */
  files: readonly { path: string; language: string; test: boolean; changedLines: number }[];
  /**
   * Changed files not measured (too large, binary, UTF-16, not UTF-8, minified, generated), sorted by path.
   * Present only when there is one, so the records of changes without any are those written before it existed.
   */
  skipped?: readonly SkippedFile[];
};

/** A non-code contribution's reviewer score. */
export type ReviewScoreRecord = RecordBase & {
  method: "review";
  review: { reviewer: Hex; bps: number; rationale: string };
};

/**
 * A contribution that could not be scored (its commit is missing, it is over the limits, it has no reviewer
 * score, ...): recorded with the reason, at the neutral coherence, and held for a reviewer by the cost checks.
 * Never stored: it is tried again in the next epoch.
 */
export type UnscorableScoreRecord = RecordBase & {
  method: "unscorable";
  /** The error's name (`CommitNotFoundError`, `ContributionTooLargeError`, ...) and its message. */
  unscorable: { error: string; reason: string };
};

/** A stored score. */
export type ScoreRecord = MeasuredScoreRecord | ReviewScoreRecord;

/** A score as an epoch records it: stored, or unscorable this time. */
export type EpochScoreRecord = ScoreRecord | UnscorableScoreRecord;

/** The canonical JSON text of a record. */
export function scoreRecordJson(record: EpochScoreRecord): string {
  return canonicalJson(record as unknown as JsonValue);
}

/**
 * keccak256 of the record's canonical JSON: the `metricsHash` the epoch's scores
 * tree commits to, so any single score can be proven and re-checked.
 */
export function scoreRecordHash(record: EpochScoreRecord): Hex {
  return keccak256(toBytes(scoreRecordJson(record)));
}

/**
 * The epoch computation's view of a score.
 *
 * @example
 * toEpochScore(record) // { contributionId: "0x..", coherenceBps: 8125, metricsHash: "0x.." }
 */
export function toEpochScore(record: EpochScoreRecord): EpochScore {
  return {
    contributionId: record.contributionId,
    coherenceBps: record.coherenceBps,
    metricsHash: scoreRecordHash(record),
  };
}
