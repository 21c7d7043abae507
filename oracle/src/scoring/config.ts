/**
 * The scoring configuration: published weights and curve parameters, and per
 * asset the repository its code lives in with its architecture rules.
 * Everything except the local checkout paths is hashed into `configHash`.
 */
import { DEFAULT_MULTIPLIER } from "../epoch/multiplier.ts";
import { type MultiplierCurve } from "@coherence/protocol";

/** The metrics of a code contribution. */
export const METRICS = ["lint", "complexity", "tests", "docs", "novelty", "architecture"] as const;
/** One metric's name. */
export type MetricName = (typeof METRICS)[number];

/** Weight of each metric in basis points; they sum to 10000. */
export type MetricWeights = { readonly [K in MetricName]: number };

/** A forbidden import edge: files matching `from` may not import modules matching `to` (globs). */
export type ForbiddenImport = { from: string; to: string };

/** Architecture rules of one repository. */
export type ArchitectureRules = {
  /** Import edges that are not allowed. */
  forbiddenImports?: readonly ForbiddenImport[] | undefined;
  /** A changed code file may not be longer than this many lines. */
  maxFileLines?: number | undefined;
};

/** Where an asset's code lives. */
export type RepositoryConfig = {
  /** Public identity of the repository (e.g. its clone URL); published and hashed. */
  url: string;
  /** Local checkout of it on this machine; NOT hashed, never recorded. Relative paths resolve against the working directory. */
  path: string;
  /** If set, a measured commit must be reachable from this ref (e.g. `refs/heads/main`). */
  ref?: string | undefined;
  /** Architecture rules; none means the architecture metric does not apply. */
  architecture?: ArchitectureRules | undefined;
};

/** Parameters of the curves that turn raw measurements into basis points (see oracle/docs/scoring.md). */
export type CurveParameters = {
  lint: {
    /** Lint score is `10000 * L / (L + k * F)` for L changed lines and F findings: one finding per k lines halves it. */
    linesPerFindingAtHalf: number;
  };
  complexity: {
    /** Functions with cyclomatic complexity up to this score 10000 ... */
    fullUpTo: number;
    /** ... falling linearly to 0 at this complexity. */
    zeroAt: number;
  };
  tests: {
    /** Added test lines per 100 added code lines that earn the full tests score. */
    targetRatioPercent: number;
    /** Globs (POSIX, repository-relative) of test files. */
    patterns: readonly string[];
  };
  novelty: {
    /** Tokens per shingle (k-gram) of normalised code. */
    shingleTokens: number;
    /** Winnowing window in shingles: a copy of at least `shingleTokens + window - 1` tokens is always detected. */
    window: number;
  };
  architecture: {
    /** Score lost per violation of an architecture rule (floored at 0). */
    penaltyBps: number;
  };
};

/** The configuration format this code reads. */
export const SCORING_CONFIG_FORMAT = "coherence-scoring-v1";

/** The complete scoring configuration. */
export type ScoringConfig = {
  format: typeof SCORING_CONFIG_FORMAT;
  weights: MetricWeights;
  curves: CurveParameters;
  /** How coherence scales cost; the design's `5000 + coherenceBps`. */
  multiplier: MultiplierCurve;
  /** Per asset id (decimal string), its repository. */
  repositories: Readonly<Record<string, RepositoryConfig>>;
};

/** Published default weights (sum 10000). Novelty weighs most: copied work must not pay as new work. */
export const DEFAULT_WEIGHTS: MetricWeights = Object.freeze({
  lint: 1500,
  complexity: 1500,
  tests: 2000,
  docs: 1500,
  novelty: 2500,
  architecture: 1000,
});

/** Published default curve parameters. */
export const DEFAULT_CURVES: CurveParameters = Object.freeze({
  lint: Object.freeze({ linesPerFindingAtHalf: 10 }),
  complexity: Object.freeze({ fullUpTo: 5, zeroAt: 25 }),
  tests: Object.freeze({
    targetRatioPercent: 50,
    patterns: Object.freeze(["**/*.test.*", "**/*.spec.*", "**/*.t.sol", "test/**", "tests/**", "**/__tests__/**"]),
  }),
  novelty: Object.freeze({ shingleTokens: 25, window: 4 }),
  architecture: Object.freeze({ penaltyBps: 2500 }),
});

/**
 * A scoring config with the published defaults and the given repositories.
 *
 * @example
 * const config = createScoringConfig({ "1": { url: "https://example.org/app.git", path: "./repos/app" } });
 */
export function createScoringConfig(
  repositories: Readonly<Record<string, RepositoryConfig>>,
  overrides: { weights?: MetricWeights; curves?: CurveParameters; multiplier?: MultiplierCurve } = {},
): ScoringConfig {
  return {
    format: SCORING_CONFIG_FORMAT,
    weights: overrides.weights ?? DEFAULT_WEIGHTS,
    curves: overrides.curves ?? DEFAULT_CURVES,
    multiplier: overrides.multiplier ?? DEFAULT_MULTIPLIER,
    repositories,
  };
}
