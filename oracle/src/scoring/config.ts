/**
 * The scoring configuration (`coherence-scoring-v1`): published weights and curve parameters, and per asset the
 * repository its code lives in with its architecture rules. Declared once with the protocol's combinators: the
 * types below, the validator and the published (hashed) part all derive from these schemas. Everything except
 * the local checkout paths is hashed into `configHash`.
 */

import {
  array,
  type Infer,
  integer,
  literal,
  type MultiplierCurve,
  multiplierCurveSchema,
  object,
  optional,
  record,
  refine,
  reportedAs,
  type Schema,
  string,
} from "@coherence/protocol";
import { DEFAULT_MULTIPLIER } from "../epoch/multiplier.ts";
import { MalformedScoringConfigError } from "./errors.ts";

/** The metrics of a code contribution. */
export const METRICS = ["lint", "complexity", "tests", "docs", "novelty", "architecture"] as const;
/** One metric's name. */
export type MetricName = (typeof METRICS)[number];

/** The configuration format this code reads. */
export const SCORING_CONFIG_FORMAT = "coherence-scoring-v1";

const bps = integer({ max: 10_000 });
/** Names, URLs, globs: blank text is a mistake, never a setting. */
const text = string({ pattern: /\S/, expected: "a non-empty string" });

/** Weight of each metric in basis points; they sum to 10000. */
const weightsSchema = refine(
  object(Object.fromEntries(METRICS.map((metric) => [metric, bps])) as { readonly [K in MetricName]: Schema<number> }),
  (weights, problem) => {
    const sum = METRICS.reduce((total, metric) => total + weights[metric], 0);
    if (sum !== 10_000) problem([], `must sum to 10000 basis points, they sum to ${sum}`);
  },
);
export type MetricWeights = Infer<typeof weightsSchema>;

/** A forbidden import edge: files matching `from` may not import modules matching `to` (globs). */
const forbiddenImportSchema = object({ from: text, to: text });
export type ForbiddenImport = Infer<typeof forbiddenImportSchema>;

/** Architecture rules of one repository. */
export const architectureRulesSchema = object({
  /** Import edges that are not allowed. */
  forbiddenImports: optional(array(forbiddenImportSchema)),
  /** A changed code file may not be longer than this many lines. */
  maxFileLines: optional(integer({ min: 1, max: 1_000_000 })),
});
export type ArchitectureRules = Infer<typeof architectureRulesSchema>;

/** What is published of a repository: everything but where it is checked out. */
const publishedRepositoryFields = {
  /** Public identity of the repository (e.g. its clone URL); published and hashed. */
  url: text,
  /** If set, a measured commit must be reachable from this ref (e.g. `refs/heads/main`). */
  ref: optional(text),
  /** Architecture rules; none means the architecture metric does not apply. */
  architecture: optional(architectureRulesSchema),
};

/** Where an asset's code lives. */
const repositoryConfigSchema = object({
  ...publishedRepositoryFields,
  /** Local checkout of it on this machine; NOT hashed, never recorded. Relative paths resolve against the working directory. */
  path: text,
});
export type RepositoryConfig = Infer<typeof repositoryConfigSchema>;

/** Parameters of the curves that turn raw measurements into basis points (see oracle/docs/scoring.md). */
const curveParametersSchema = object({
  lint: object({
    /** Lint score is `10000 * L / (L + k * F)` for L changed lines and F findings: one finding per k lines halves it. */
    linesPerFindingAtHalf: integer({ min: 1, max: 100_000 }),
  }),
  complexity: refine(
    object({
      /** Functions with cyclomatic complexity up to this score 10000 ... */
      fullUpTo: integer({ min: 1, max: 1000 }),
      /** ... falling linearly to 0 at this complexity. */
      zeroAt: integer({ min: 2, max: 10_000 }),
    }),
    (complexity, problem) => {
      if (complexity.zeroAt <= complexity.fullUpTo)
        problem(["zeroAt"], `must be more than fullUpTo (${complexity.fullUpTo}), got ${complexity.zeroAt}`);
    },
  ),
  tests: object({
    /** Added test lines per 100 added code lines that earn the full tests score. */
    targetRatioPercent: integer({ min: 1, max: 10_000 }),
    /** Globs (POSIX, repository-relative) of test files. */
    patterns: array(text, { min: 1 }),
  }),
  novelty: object({
    /** Tokens per shingle (k-gram) of normalised code. */
    shingleTokens: integer({ min: 2, max: 1000 }),
    /** Winnowing window in shingles: a copy of at least `shingleTokens + window - 1` tokens is always detected. */
    window: integer({ min: 1, max: 1000 }),
  }),
  architecture: object({
    /** Score lost per violation of an architecture rule (floored at 0). */
    penaltyBps: bps,
  }),
});
export type CurveParameters = Infer<typeof curveParametersSchema>;

/**
 * Bounds on what one contribution makes the scorer read, so that scoring takes bounded time and memory on any
 * input. Counted in bytes and characters, never in wall-clock time: a score must be the same on every machine.
 */
const limitsSchema = object({
  /** A changed file larger than this many bytes is not read, parsed or linted; it is recorded as skipped. */
  maxFileBytes: integer({ min: 1, max: 1 << 30 }),
  /** A file with a line longer than this many characters is minified: recorded as skipped. */
  maxLineLength: integer({ min: 1, max: 1 << 30 }),
  /** The code files a contribution measures hold at most this many bytes together; a larger one is unscorable. */
  maxContributionBytes: integer({ min: 1, max: 1 << 30 }),
});
export type ScoringLimits = Infer<typeof limitsSchema>;

const publishedFields = {
  format: literal(SCORING_CONFIG_FORMAT),
  weights: weightsSchema,
  curves: curveParametersSchema,
  /** How coherence scales cost; the design's `5000 + coherenceBps`. */
  multiplier: multiplierCurveSchema,
  /** Absent in configs written before limits were published: those are measured with {@link DEFAULT_LIMITS}. */
  limits: optional(limitsSchema),
};
/** Per asset id (a decimal string), its repository. */
const byAssetId = { key: /^(?:0|[1-9]\d*)$/, expectedKey: "an asset id (a decimal integer without leading zeros)" };

/** The complete scoring configuration; a malformed one is a {@link MalformedScoringConfigError}. */
export const scoringConfigSchema = reportedAs(
  object({ ...publishedFields, repositories: record(repositoryConfigSchema, byAssetId) }),
  MalformedScoringConfigError,
);
export type ScoringConfig = Infer<typeof scoringConfigSchema>;

/** The published part of a configuration: its encoder leaves out the local checkout paths. */
export const publishedScoringConfigSchema = object({
  ...publishedFields,
  repositories: record(object(publishedRepositoryFields), byAssetId),
});

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
 * Published default limits: 256 KiB per file (larger source is generated or vendored, and linting it would take
 * seconds), lines of at most 1000 characters, 2 MiB of code per contribution.
 */
export const DEFAULT_LIMITS: ScoringLimits = Object.freeze({
  maxFileBytes: 262_144,
  maxLineLength: 1000,
  maxContributionBytes: 2_097_152,
});

/** The limits a config measures with: its own, or the defaults for a config written before they were published. */
export function limitsOf(config: ScoringConfig): ScoringLimits {
  return config.limits ?? DEFAULT_LIMITS;
}

/**
 * A scoring config with the published defaults and the given repositories.
 *
 * @example
 * const config = createScoringConfig({ "1": { url: "https://example.org/app.git", path: "./repos/app" } });
 */
export function createScoringConfig(
  repositories: Readonly<Record<string, RepositoryConfig>>,
  overrides: {
    weights?: MetricWeights;
    curves?: CurveParameters;
    multiplier?: MultiplierCurve;
    limits?: ScoringLimits;
  } = {},
): ScoringConfig {
  return {
    format: SCORING_CONFIG_FORMAT,
    weights: overrides.weights ?? DEFAULT_WEIGHTS,
    curves: overrides.curves ?? DEFAULT_CURVES,
    multiplier: overrides.multiplier ?? DEFAULT_MULTIPLIER,
    limits: overrides.limits ?? DEFAULT_LIMITS,
    repositories,
  };
}
