/**
 * Coherence scoring of one contribution: the entry point of `oracle/src/scoring`.
 * See oracle/docs/scoring.md for the metrics, curves, weights and rounding.
 */

import { type InvalidArgumentError, validateArgument } from "@coherence/protocol";
import type { Hex } from "viem";
import { multiplierBps } from "../epoch/multiplier.ts";
import { SCORING_CONFIG_FORMAT_V2, type ScoringConfig } from "./config.ts";
import {
  type CommitNotFoundError,
  type CommitNotReachableError,
  type ContributionTooLargeError,
  DuplicateClaimError,
  type GitCommandError,
  MalformedEvidenceError,
  type MalformedReviewError,
  type MalformedScoringConfigError,
  type RepositoryNotFoundError,
  ScoreConflictError,
  type UnconfiguredRepositoryError,
} from "./errors.ts";
import { measureContribution } from "./measureContribution.ts";
import { type ReviewScore, validateReviewScore } from "./reviewScore.ts";
import { SCORE_RECORD_FORMAT, type ScoreRecord } from "./scoreRecord.ts";
import type { ScoreStore } from "./scoreStore.ts";
import { scoringTools } from "./tools.ts";
import { scoringConfigHash, validateScoringConfig } from "./validateConfig.ts";

/** Asset kinds as the AssetRegistry's `AssetKind` enum names them. */
export const ASSET_KINDS = ["Code", "Model", "Design", "Docs", "Content", "Data", "Other"] as const;
/** One asset kind. */
export type AssetKind = (typeof ASSET_KINDS)[number];

/** A code contribution: its evidence is a commit or range in the asset's repository. */
export type CodeContributionInput = {
  contributionId: Hex;
  assetId: bigint;
  assetKind: "Code";
  /** `<commit>` (compared with its first parent) or `<from>..<to>`, full commit ids. */
  evidence: string;
};

/** Any other contribution: scored by a reviewer with a rationale. */
export type ReviewedContributionInput = {
  contributionId: Hex;
  assetId: bigint;
  assetKind: Exclude<AssetKind, "Code">;
  review: ReviewScore;
};

/** Parameters of {@link scoreContribution}. */
export type ScoreContributionParameters = CodeContributionInput | ReviewedContributionInput;

/** What {@link scoreContribution} returns: the record, and whether it was computed now or read from the store. */
export type ScoreContributionReturnType = { record: ScoreRecord; source: "computed" | "stored" };

/** Errors {@link scoreContribution} throws on purpose. */
export type ScoreContributionErrorType =
  | RepositoryNotFoundError
  | UnconfiguredRepositoryError
  | CommitNotFoundError
  | CommitNotReachableError
  | ContributionTooLargeError
  | DuplicateClaimError
  | MalformedEvidenceError
  | MalformedScoringConfigError
  | MalformedReviewError
  | ScoreConflictError
  | GitCommandError
  | InvalidArgumentError;

function normalizeInput(input: ScoreContributionParameters): { id: Hex; assetId: string } {
  validateArgument(typeof input === "object" && input !== null, "scoreContribution: input must be an object.");
  validateArgument(
    typeof input.contributionId === "string" && /^0x[0-9a-fA-F]{64}$/.test(input.contributionId),
    `Invalid contributionId ${JSON.stringify(input.contributionId)}: expected 0x followed by 64 hex digits.`,
  );
  validateArgument(
    typeof input.assetId === "bigint" && input.assetId >= 0n,
    `Invalid assetId ${String(input.assetId)}: expected a non-negative bigint.`,
  );
  validateArgument(
    (ASSET_KINDS as readonly string[]).includes(input.assetKind),
    `Invalid assetKind ${JSON.stringify(input.assetKind)}: expected one of ${ASSET_KINDS.join(", ")}.`,
  );
  return { id: input.contributionId.toLowerCase() as Hex, assetId: input.assetId.toString() };
}

/** Throws {@link ScoreConflictError} if a stored record is for different work than `input` describes. */
function checkStoredMatches(stored: ScoreRecord, input: ScoreContributionParameters, assetId: string): void {
  const problems: string[] = [];
  if (stored.assetId !== assetId) problems.push(`asset ${stored.assetId} != ${assetId}`);
  if (stored.assetKind !== input.assetKind) problems.push(`kind ${stored.assetKind} != ${input.assetKind}`);
  if (input.assetKind === "Code") {
    if (stored.method !== "measured" || stored.evidence.text !== input.evidence) problems.push("different evidence");
  } else {
    const review = validateReviewScore(input.review);
    const same =
      stored.method === "review" &&
      stored.review.reviewer === review.reviewer &&
      stored.review.bps === review.bps &&
      stored.review.rationale === review.rationale;
    if (!same) problems.push("different review");
  }
  if (problems.length > 0) throw new ScoreConflictError(stored.contributionId, problems.join("; "));
}

/**
 * Scores a contribution once. If `store` already holds its score, returns that
 * (never recomputed, even under a newer config); otherwise measures it (code:
 * lint, complexity, tests, docs, novelty and architecture of the evidence's
 * change, combined with the config's weights, by the config's scoring version)
 * or records the reviewer's score (any other kind), stores it, and returns it.
 * Under scoring v2, evidence whose commits another stored contribution of the
 * same repository already claims, or whose changes one claims in any repository
 * (the same patch-id: a cherry-pick), throws {@link DuplicateClaimError}: an epoch
 * records it unscorable and holds it for a reviewer, so the same work is never
 * paid twice.
 *
 * The record has no timestamps or local paths and lists every metric with its
 * raw measurements, the tools and their versions, the config hash and the
 * commits: the same repository, commit, config and store contents give the same
 * record on any machine.
 *
 * @example
 * const config = createScoringConfig({ "1": { url: "https://example.org/app.git", path: "./app" } });
 * const store = await ScoreStore.open("./scores");
 * const { record } = await scoreContribution(
 *   { contributionId: "0x5a...", assetId: 1n, assetKind: "Code", evidence: "9fceb02d0ae598e95dc970b74767f19372d61af8" },
 *   config,
 *   store,
 * );
 * record.coherenceBps // e.g. 8350
 * record.multiplierBps // 13350 (5000 + coherence)
 *
 * @throws {ScoreContributionErrorType}
 */
export async function scoreContribution(
  input: ScoreContributionParameters,
  config: ScoringConfig,
  store: ScoreStore,
): Promise<ScoreContributionReturnType> {
  const { id, assetId } = normalizeInput(input);
  validateScoringConfig(config);
  const stored = await store.get(id);
  if (stored !== undefined) {
    checkStoredMatches(stored, input, assetId);
    return { record: stored, source: "stored" };
  }
  const common = {
    format: SCORE_RECORD_FORMAT,
    contributionId: id,
    assetId,
    assetKind: input.assetKind,
    configHash: scoringConfigHash(config),
  } as const;

  let record: ScoreRecord;
  let fingerprints: number[] = [];
  if (input.assetKind === "Code") {
    if (typeof input.evidence !== "string")
      throw new MalformedEvidenceError(input.evidence, "a code contribution needs commit evidence");
    const measured = await measureContribution(assetId, input.evidence, config, await store.fingerprintIndex());
    if (config.format === SCORING_CONFIG_FORMAT_V2) {
      const { repository, commits, patchIds } = measured.evidence;
      const claim = await store.claimOf(repository, commits, patchIds);
      if (claim !== undefined) throw new DuplicateClaimError(claim.what, claim.contributionId);
    }
    fingerprints = measured.fingerprints;
    record = {
      ...common,
      method: "measured",
      coherenceBps: measured.coherenceBps,
      multiplierBps: multiplierBps(config.multiplier, measured.coherenceBps),
      evidence: measured.evidence,
      ...(measured.kind !== undefined ? { kind: measured.kind } : {}),
      metrics: measured.metrics,
      appliedWeightBps: measured.appliedWeightBps,
      tools: scoringTools(),
      files: measured.files,
      ...(measured.skipped.length > 0 ? { skipped: measured.skipped } : {}),
    };
  } else {
    const review = validateReviewScore((input as ReviewedContributionInput).review);
    record = {
      ...common,
      method: "review",
      coherenceBps: review.bps,
      multiplierBps: multiplierBps(config.multiplier, review.bps),
      review,
    };
  }
  // A concurrent scorer may have stored the same score meanwhile: "unchanged" is fine, a difference throws.
  await store.put(record, fingerprints);
  return { record, source: "computed" };
}
