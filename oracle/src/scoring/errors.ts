import { BaseError, InvalidArgumentError, MalformedFieldError } from "@coherence/protocol";
/**
 * Errors of coherence scoring, on top of the oracle's hierarchy in `../errors.ts`.
 * Each names what is wrong (which repository, which commit, which field) so an
 * operator can fix the input without reading code.
 */

/**
 * The published scoring config names no repository for the asset (a Code asset registered after the config was
 * last published, say). Every operator reads the same config, so this is the contribution's state, not one
 * machine's fault: its contribution is unscorable (held for review, nothing paid unread), never an epoch stopped.
 */
export class UnconfiguredRepositoryError extends InvalidArgumentError {
  override name = "UnconfiguredRepositoryError";
  readonly assetId: string;

  constructor(assetId: string) {
    super(`The scoring config has no repository for asset ${assetId}.`);
    this.assetId = assetId;
  }
}

/** The asset's configured checkout is not on this machine, or not a git repository: this machine's fault. */
export class RepositoryNotFoundError extends InvalidArgumentError {
  override name = "RepositoryNotFoundError";
  readonly assetId: string;

  constructor(assetId: string, problem: string, options: { cause?: unknown } = {}) {
    super(`Repository of asset ${assetId} not found: ${problem}`, { cause: options.cause });
    this.assetId = assetId;
  }
}

/** A commit named by the evidence does not exist in the asset's repository. */
export class CommitNotFoundError extends InvalidArgumentError {
  override name = "CommitNotFoundError";
  readonly commit: string;

  constructor(commit: string, repository: string) {
    super(`Commit ${commit} not found in repository ${repository}.`);
    this.commit = commit;
  }
}

/** A commit exists but is not where the evidence says: not on the configured ref, or a range whose start is not an ancestor of its end. */
export class CommitNotReachableError extends InvalidArgumentError {
  override name = "CommitNotReachableError";
  readonly commit: string;

  constructor(commit: string, from: string, repository: string) {
    super(`Commit ${commit} is not reachable from ${from} in repository ${repository}.`);
    this.commit = commit;
  }
}

/** The evidence of a contribution is not a commit id or `a..b` range of full commit ids. */
export class MalformedEvidenceError extends InvalidArgumentError {
  override name = "MalformedEvidenceError";
  readonly evidence: string;

  constructor(evidence: unknown, problem: string) {
    const shown = typeof evidence === "string" ? evidence : String(evidence);
    super(`Malformed evidence ${JSON.stringify(shown)}: ${problem}`);
    this.evidence = shown;
  }
}

/** A field of the scoring config is missing or invalid; `field` is its path, such as `weights.lint`. */
export class MalformedScoringConfigError extends MalformedFieldError {
  override name = "MalformedScoringConfigError";
}

/** A reviewer score is invalid (bps out of range, empty rationale, bad address); `field` names the part. */
export class MalformedReviewError extends MalformedFieldError {
  override name = "MalformedReviewError";
}

/** The store already holds a different score for this contribution; scores never change. */
export class ScoreConflictError extends InvalidArgumentError {
  override name = "ScoreConflictError";
  readonly contributionId: string;

  constructor(contributionId: string, difference: string) {
    super(`A different score is already stored for contribution ${contributionId}; a score never changes.`, {
      details: difference,
    });
    this.contributionId = contributionId;
  }
}

/** The code a contribution changes is more than `limits.maxContributionBytes`: it is not measured, but reviewed. */
export class ContributionTooLargeError extends InvalidArgumentError {
  override name = "ContributionTooLargeError";
  readonly bytes: number;
  readonly limit: number;

  constructor(bytes: number, limit: number) {
    super(
      `The change's code files hold ${bytes} bytes, over limits.maxContributionBytes (${limit}): measuring it is not bounded.`,
    );
    this.bytes = bytes;
    this.limit = limit;
  }
}

/**
 * A commit of this contribution's evidence is already claimed by another stored contribution of the same
 * repository, or its change is (a cherry-pick: the same patch-id, in any repository): the same work scores once,
 * so the second claim is held for a reviewer instead of being paid again.
 */
export class DuplicateClaimError extends InvalidArgumentError {
  override name = "DuplicateClaimError";
  readonly claimedBy: string;

  /** `what` names the work: `Commit <sha>`, or for a cherry-pick `The change of commit <sha> (patch-id <id>)`. */
  constructor(what: string, claimedBy: string) {
    super(`${what} is already claimed by contribution ${claimedBy}: the same work scores once.`);
    this.claimedBy = claimedBy;
  }
}

/** A git command failed for a reason other than the ones above (corrupt repository, git missing). */
export class GitCommandError extends BaseError {
  override name = "GitCommandError";
  readonly args: readonly string[];
  readonly exitCode: number | null;
  readonly stderr: string;

  constructor(args: readonly string[], exitCode: number | null, stderr: string, options: { cause?: unknown } = {}) {
    super(`git ${args.join(" ")} failed${exitCode !== null ? ` with exit code ${exitCode}` : ""}.`, {
      details: stderr.trim() !== "" ? stderr.trim() : undefined,
      cause: options.cause,
    });
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** A package tarball is not a gzipped tar archive this reader can read. */
export class MalformedTarballError extends BaseError {
  override name = "MalformedTarballError";

  constructor(problem: string, options: { cause?: unknown } = {}) {
    super(`Malformed package tarball: ${problem}.`, { cause: options.cause });
  }
}

/**
 * The package registry could not be asked about a declared dependency (unreachable, or it answered with a server
 * error): this machine's state, not the contribution's, so the epoch stops and the operator retries or pre-builds
 * the dependency index. What the registry does answer (a package or version it does not have) is recorded instead.
 */
export class DependencyRegistryError extends BaseError {
  override name = "DependencyRegistryError";
  readonly url: string;

  constructor(url: string, problem: string, options: { cause?: unknown } = {}) {
    super(`The package registry could not be read at ${url}: ${problem}.`, { cause: options.cause });
    this.url = url;
  }
}

/**
 * An installed prose-lint package is not the version the scoring config pins: this machine would measure with
 * other rules than every other operator, so it must not score (install the pinned versions).
 */
export class ProseLinterVersionError extends BaseError {
  override name = "ProseLinterVersionError";
  readonly tool: string;

  constructor(tool: string, pinned: string, installed: string) {
    super(`The scoring config pins ${tool} ${pinned}, but ${installed} is installed.`);
    this.tool = tool;
  }
}

/**
 * The change is of a kind the scoring config's `reviewKinds` holds for a reviewer (a dependency bump, a release):
 * the metrics cannot judge it, so its contribution is unscorable, held at the neutral value until approved.
 */
export class ReviewRequiredError extends InvalidArgumentError {
  override name = "ReviewRequiredError";
  readonly kind: string;

  constructor(kind: string) {
    super(`A change of ${kind} is held for a reviewer (the scoring config's reviewKinds): no metric can judge it.`);
    this.kind = kind;
  }
}
