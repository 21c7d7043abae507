/**
 * Contributions that cannot be scored: a commit missing from the repository, a change over the limits, work that
 * is not code without a reviewer score, a scorer failure on some input. An epoch must not stop for one of them,
 * so the failure becomes a record with its reason, and the cost checks hold the contribution for a reviewer
 * (oracle/docs/scoring.md, "Bounds and unscorable contributions").
 */
import type { Hex } from "viem";
import { multiplierBps } from "../epoch/multiplier.ts";
import type { ScoringConfig } from "./config.ts";
import {
  DependencyRegistryError,
  GitCommandError,
  ProseLinterVersionError,
  RepositoryNotFoundError,
} from "./errors.ts";
import { SCORE_RECORD_FORMAT, type UnscorableScoreRecord } from "./scoreRecord.ts";
import { scoringConfigHash } from "./validateConfig.ts";

/**
 * The coherence of an unscorable contribution: the middle of the scale, neither rewarded nor penalised (1.0x
 * under the default curve), paid only once a reviewer approves it.
 */
export const NEUTRAL_COHERENCE_BPS = 5000;

/**
 * Whether `error` is the contribution's failure to be scored, rather than this machine's: a repository this
 * machine has not configured or checked out, a system error (a store it cannot write, `ENOSPC`), git that
 * cannot be started, a package registry it cannot reach or prose-lint packages other than the pinned ones would
 * fail every contribution alike, and must stop the epoch so the operator can fix it.
 */
export function isUnscorable(error: unknown): error is Error {
  if (!(error instanceof Error) || "syscall" in error) return false;
  if (
    error instanceof RepositoryNotFoundError ||
    error instanceof DependencyRegistryError ||
    error instanceof ProseLinterVersionError
  )
    return false;
  return !(error instanceof GitCommandError && error.exitCode === null);
}

/** The contribution an unscorable record is for. */
export type UnscorableContribution = { contributionId: Hex; assetId: bigint; assetKind: string };

/**
 * The record of a contribution that could not be scored, with the error's name and its first line (no details:
 * they may hold a local path or git's own wording, which differ between machines).
 *
 * @example
 * unscorableRecord({ contributionId, assetId: 1n, assetKind: "Code" }, config, error).unscorable
 * // { error: "CommitNotFoundError", reason: "Commit 9fce… not found in repository https://example.org/app.git." }
 */
export function unscorableRecord(
  contribution: UnscorableContribution,
  config: ScoringConfig,
  error: Error,
): UnscorableScoreRecord {
  const reason = "shortMessage" in error && typeof error.shortMessage === "string" ? error.shortMessage : error.message;
  return {
    format: SCORE_RECORD_FORMAT,
    contributionId: contribution.contributionId.toLowerCase() as Hex,
    assetId: contribution.assetId.toString(),
    assetKind: contribution.assetKind,
    coherenceBps: NEUTRAL_COHERENCE_BPS,
    multiplierBps: multiplierBps(config.multiplier, NEUTRAL_COHERENCE_BPS),
    configHash: scoringConfigHash(config),
    method: "unscorable",
    unscorable: { error: error.name, reason: reason.split("\n")[0]! },
  };
}
