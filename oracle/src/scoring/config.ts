/**
 * The scoring configuration, in two versions (`coherence-scoring-v1`, `coherence-scoring-v2`, told apart by
 * `format`): published weights and curve parameters, and per asset the repository its code lives in with its
 * architecture rules. Declared once with the protocol's combinators: the types below, the validator and the
 * published (hashed) part all derive from these schemas. Everything except the local checkout paths and the
 * dependency cache is hashed into `configHash`, the format with it, so a record names the version that measured it.
 */

import { homedir } from "node:os";
import { join } from "node:path";
import {
  array,
  boolean,
  byType,
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
  variant,
} from "@coherence/protocol";
import { DEFAULT_MULTIPLIER } from "../epoch/multiplier.ts";
import { MalformedScoringConfigError } from "./errors.ts";

/** The metrics of a code contribution. */
export const METRICS = ["lint", "complexity", "tests", "docs", "novelty", "architecture"] as const;
/** One metric's name. */
export type MetricName = (typeof METRICS)[number];

/**
 * The first scoring version: metrics of the new state of the changed code. Configs of this format are still
 * measured as they always were, so a score of that version can be measured again and checked (a score never
 * changes); new configs are {@link SCORING_CONFIG_FORMAT_V2}.
 */
export const SCORING_CONFIG_FORMAT = "coherence-scoring-v1";
/**
 * The second scoring version: metrics of the change (before against after), a measure per kind of work, a
 * published neutral value for metrics that do not apply, merges scored by their own resolution (see
 * oracle/docs/scoring.md). It applies to contributions first scored under a config of this format.
 */
export const SCORING_CONFIG_FORMAT_V2 = "coherence-scoring-v2";

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

const lintCurveSchema = object({
  /** Lint score is `10000 * L / (L + k * F)` for L changed lines and F findings: one finding per k lines halves it. */
  linesPerFindingAtHalf: integer({ min: 1, max: 100_000 }),
});
const complexityCurveSchema = refine(
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
);
/** Globs (POSIX, repository-relative) of test files. */
const testPatternsSchema = array(text, { min: 1 });
const noveltyCurveSchema = object({
  /** Tokens per shingle (k-gram) of normalised code. */
  shingleTokens: integer({ min: 2, max: 1000 }),
  /** Winnowing window in shingles: a copy of at least `shingleTokens + window - 1` tokens is always detected. */
  window: integer({ min: 1, max: 1000 }),
});
const architectureCurveSchema = object({
  /** Score lost per violation of an architecture rule (floored at 0). */
  penaltyBps: bps,
});

/** Parameters of the curves that turn raw measurements into basis points (see oracle/docs/scoring.md). */
const curveParametersSchema = object({
  lint: lintCurveSchema,
  complexity: complexityCurveSchema,
  tests: object({
    /** Added test lines per 100 added code lines that earn the full tests score. */
    targetRatioPercent: integer({ min: 1, max: 10_000 }),
    patterns: testPatternsSchema,
  }),
  novelty: noveltyCurveSchema,
  architecture: architectureCurveSchema,
});
export type CurveParameters = Infer<typeof curveParametersSchema>;

/** The curves of {@link SCORING_CONFIG_FORMAT_V2}: tests are measured by their assertions, not their lines. */
const curveParametersV2Schema = object({
  lint: lintCurveSchema,
  complexity: complexityCurveSchema,
  tests: object({
    /** One assertion that exercises code per this many changed code lines earns the full tests score. */
    codeLinesPerAssertion: integer({ min: 1, max: 100_000 }),
    patterns: testPatternsSchema,
  }),
  novelty: noveltyCurveSchema,
  architecture: architectureCurveSchema,
});
export type CurveParametersV2 = Infer<typeof curveParametersV2Schema>;

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

/**
 * The fingerprint index of the npm packages a repository declares (dependencyIndex.ts): code pasted from one of
 * them is not novel. Absent in v2 configs written before it was published: those are measured without it.
 */
const dependencySettingsSchema = object({
  /** The npm registry the declared packages' tarballs are read from (once; then from this machine's cache). */
  registry: text,
  /** A package whose tarball is larger than this many bytes is not indexed: recorded as missing. */
  maxTarballBytes: integer({ min: 1, max: 1 << 30 }),
  /** At most this many declared packages are indexed, in name order; the rest are recorded as missing. */
  maxPackages: integer({ min: 0, max: 100_000 }),
  /**
   * At most this many bytes of a package's code files are fingerprinted, in archive order; a package with more is
   * recorded as truncated. Absent in configs written before it was published (whose tarballs were of at most 1 MiB):
   * those read every code file.
   */
  maxPackageCodeBytes: optional(integer({ min: 1, max: 1 << 30 })),
  /**
   * Also read pnpm-lock.yaml and the package.json of every npm or pnpm workspace (repositoryManifests.ts), not only
   * the root package.json and npm's lockfile. Absent in configs written before it was published: those read the root.
   */
  pnpmAndWorkspaces: optional(boolean()),
});
export type DependencySettings = Infer<typeof dependencySettingsSchema>;

/**
 * Novelty by first introduction across history (parallelIntroductions.ts, networkIntroductions.ts): code that a
 * parallel branch of the same repository, or another repository of the config, introduced before the change (in
 * corrected committer time, commitPrecedence.ts) is not novel, whatever order branches were merged or contributions
 * scored in; earlier contributions of the config's repositories then no longer count (history decides). Absent in
 * v2 configs written before it was published: those compare with the base tree and earlier contributions only.
 */
const firstIntroductionSchema = object({
  /** At most this many parallel commits are read, the nearest in time to the change first; the rest are recorded. */
  maxParallelCommits: integer({ min: 0, max: 100_000 }),
  /** Their patches are read up to this many bytes together; the commits past it are recorded as left out. */
  maxParallelPatchBytes: integer({ min: 0, max: 1 << 30 }),
});
export type FirstIntroductionSettings = Infer<typeof firstIntroductionSchema>;

const PROSE_RULE = /^(?:indefinite-article|intensify|redundant-acronyms|repeated-words)(?:\/[a-z-]+)?$/;

/**
 * Prose lint of the Markdown a change adds (proseLint.ts): the exact version of every package of the linter and
 * of its word lists, checked against what is installed before anything is linted, and the rules it applies.
 * Absent in v2 configs written before it was published: those are measured without it.
 */
const proseSettingsSchema = object({
  versions: record(string({ pattern: /^\d+\.\d+\.\d+$/, expected: "an exact version" }), {
    key: /^(?:@[a-z0-9-]+\/)?[a-z0-9][a-z0-9._-]*$/,
    expectedKey: "an npm package name",
  }),
  /** `<plugin>` for all its findings, `<plugin>/<rule id>` for one kind (`intensify/filler`). */
  rules: array(string({ pattern: PROSE_RULE, expected: "a retext rule: <plugin> or <plugin>/<rule id>" }), { min: 1 }),
});
export type ProseSettings = Infer<typeof proseSettingsSchema>;

/**
 * Kinds of work (changeKind.ts) whose contributions are held for a reviewer instead of scored neutral: their
 * metrics cannot judge them, and a cheap bump must not be paid unread. Absent in v2 configs written before it was
 * published: those score every such kind neutral.
 */
const reviewKindsSchema = array(
  string({
    pattern: /^(?:dependencies|release|formatting|configuration)$/,
    expected: "a kind the metrics do not measure: dependencies, release, formatting or configuration",
  }),
);

const publishedFields = {
  format: literal(SCORING_CONFIG_FORMAT),
  weights: weightsSchema,
  curves: curveParametersSchema,
  /** How coherence scales cost; the design's `5000 + coherenceBps`. */
  multiplier: multiplierCurveSchema,
  /** Absent in configs written before limits were published: those are measured with {@link DEFAULT_LIMITS}. */
  limits: optional(limitsSchema),
};
const publishedFieldsV2 = {
  format: literal(SCORING_CONFIG_FORMAT_V2),
  weights: weightsSchema,
  curves: curveParametersV2Schema,
  multiplier: multiplierCurveSchema,
  limits: limitsSchema,
  /**
   * The value a metric that does not apply to a change counts as in the weighted mean (and the coherence of
   * work the metrics cannot judge: dependency bumps, releases, formatting), so that no single metric decides
   * a change alone.
   */
  neutralBps: bps,
  /**
   * Per metric, how much evidence (its unit: changed lines for lint, tests and complexity, fingerprints for
   * novelty, symbols and checks for docs, files for architecture) weighs as much as the neutral value: a metric's
   * value counts as `neutral + (value - neutral) * e / (e + evidenceAtHalf)` for evidence e, so a one-line change
   * is not judged with the confidence of a large one. 0 counts the value as measured.
   */
  evidenceAtHalf: object(
    Object.fromEntries(METRICS.map((metric) => [metric, integer({ min: 0, max: 1_000_000 })])) as {
      readonly [K in MetricName]: Schema<number>;
    },
  ),
  dependencies: optional(dependencySettingsSchema),
  prose: optional(proseSettingsSchema),
  reviewKinds: optional(reviewKindsSchema),
  firstIntroduction: optional(firstIntroductionSchema),
};
/** Per asset id (a decimal string), its repository. */
const byAssetId = { key: /^(?:0|[1-9]\d*)$/, expectedKey: "an asset id (a decimal integer without leading zeros)" };
const repositories = record(repositoryConfigSchema, byAssetId);
const publishedRepositories = record(object(publishedRepositoryFields), byAssetId);

/** The complete scoring configuration of either version; a malformed one is a {@link MalformedScoringConfigError}. */
export const scoringConfigSchema = reportedAs(
  // An object first, so that anything else is named as the wrong type rather than as a missing format.
  byType({
    object: variant("format", {
      [SCORING_CONFIG_FORMAT]: object({ ...publishedFields, repositories }),
      [SCORING_CONFIG_FORMAT_V2]: object({
        ...publishedFieldsV2,
        /** This machine's cache of the registry's tarballs and their shingles; NOT hashed, never recorded. */
        dependencyCache: optional(text),
        repositories,
      }),
    }),
  }),
  MalformedScoringConfigError,
);
export type ScoringConfig = Infer<typeof scoringConfigSchema>;
/** A configuration of the first version. */
export type ScoringConfigV1 = Extract<ScoringConfig, { format: typeof SCORING_CONFIG_FORMAT }>;
/** A configuration of the second version. */
export type ScoringConfigV2 = Extract<ScoringConfig, { format: typeof SCORING_CONFIG_FORMAT_V2 }>;

/** The published part of a configuration: its encoder leaves out the local checkout paths. */
export const publishedScoringConfigSchema = variant("format", {
  [SCORING_CONFIG_FORMAT]: object({ ...publishedFields, repositories: publishedRepositories }),
  [SCORING_CONFIG_FORMAT_V2]: object({ ...publishedFieldsV2, repositories: publishedRepositories }),
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

/** Published default curves of {@link SCORING_CONFIG_FORMAT_V2}. */
export const DEFAULT_CURVES_V2: CurveParametersV2 = Object.freeze({
  ...DEFAULT_CURVES,
  tests: Object.freeze({ codeLinesPerAssertion: 10, patterns: DEFAULT_CURVES.tests.patterns }),
});

/** Published default neutral value: the middle of the scale (1.0x under the default multiplier). */
export const DEFAULT_NEUTRAL_BPS = 5000;

/** Published default evidence at half weight (see `evidenceAtHalf`). */
export const DEFAULT_EVIDENCE_AT_HALF: { readonly [K in MetricName]: number } = Object.freeze({
  lint: 20,
  complexity: 10,
  tests: 10,
  docs: 2,
  novelty: 20,
  architecture: 0,
});

/**
 * Published default dependency index: the npm registry, 100 packages, tarballs of up to 32 MiB (typescript's is
 * 4.4 MB; a tarball is streamed, never held whole) and 16 MiB of code fingerprinted per package (each code file of
 * at most 1 MiB, MAX_CORPUS_FILE_BYTES: a larger one is a bundle, as typescript's lib/typescript.js).
 */
export const DEFAULT_DEPENDENCIES: DependencySettings = Object.freeze({
  registry: "https://registry.npmjs.org",
  maxTarballBytes: 33_554_432,
  maxPackages: 100,
  maxPackageCodeBytes: 16_777_216,
  pnpmAndWorkspaces: true,
});

/**
 * Published default prose lint: findings that are mistakes or filler whatever the subject (a repeated word, a
 * wrong article, a redundant acronym, a filler word), not matters of taste; retext-intensify's hedges and
 * weasels are left out, as technical prose needs "may", "should" and "some".
 */
export const DEFAULT_PROSE: ProseSettings = Object.freeze({
  versions: Object.freeze({
    fillers: "2.0.1",
    "number-to-words": "1.2.4",
    "parse-english": "7.0.0",
    pluralize: "8.0.0",
    "retext-english": "5.0.0",
    "retext-indefinite-article": "5.0.0",
    "retext-intensify": "7.0.0",
    "retext-redundant-acronyms": "5.0.0",
    "retext-repeated-words": "5.0.0",
    unified: "11.0.5",
  }),
  rules: Object.freeze(["indefinite-article", "intensify/filler", "redundant-acronyms", "repeated-words"]),
});

/** Published default kinds held for review: dependency bumps and releases, the cheapest work to claim a cost for. */
export const DEFAULT_REVIEW_KINDS: readonly string[] = Object.freeze(["dependencies", "release"]);

/**
 * Published default first introduction: 500 parallel commits and 8 MiB of their patches, a few weeks of a busy
 * repository's other branches, read in well under a second.
 */
export const DEFAULT_FIRST_INTRODUCTION: FirstIntroductionSettings = Object.freeze({
  maxParallelCommits: 500,
  maxParallelPatchBytes: 8_388_608,
});

/** The directory a config without `dependencyCache` caches the registry's tarballs in: the user's cache. */
export function dependencyCacheOf(config: ScoringConfigV2): string {
  return (
    config.dependencyCache ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "coherence-network", "npm")
  );
}

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
 * A scoring config of the current version ({@link SCORING_CONFIG_FORMAT_V2}) with the published defaults and the
 * given repositories.
 *
 * @example
 * const config = createScoringConfig({ "1": { url: "https://example.org/app.git", path: "./repos/app" } });
 */
export function createScoringConfig(
  repositories: Readonly<Record<string, RepositoryConfig>>,
  overrides: {
    weights?: MetricWeights;
    curves?: CurveParametersV2;
    multiplier?: MultiplierCurve;
    limits?: ScoringLimits;
    neutralBps?: number;
    evidenceAtHalf?: { readonly [K in MetricName]: number };
    /** `undefined` for a config without the dependency index. */
    dependencies?: DependencySettings | undefined;
    /** `undefined` for a config without prose lint. */
    prose?: ProseSettings | undefined;
    /** `undefined` for a config that scores every kind the metrics do not measure neutral. */
    reviewKinds?: readonly string[] | undefined;
    /** `undefined` for a config that compares novelty with the base tree and earlier contributions only. */
    firstIntroduction?: FirstIntroductionSettings | undefined;
  } = {},
): ScoringConfigV2 {
  const dependencies = "dependencies" in overrides ? overrides.dependencies : DEFAULT_DEPENDENCIES;
  const prose = "prose" in overrides ? overrides.prose : DEFAULT_PROSE;
  const reviewKinds = "reviewKinds" in overrides ? overrides.reviewKinds : DEFAULT_REVIEW_KINDS;
  const firstIntroduction = "firstIntroduction" in overrides ? overrides.firstIntroduction : DEFAULT_FIRST_INTRODUCTION;
  return {
    format: SCORING_CONFIG_FORMAT_V2,
    weights: overrides.weights ?? DEFAULT_WEIGHTS,
    curves: overrides.curves ?? DEFAULT_CURVES_V2,
    multiplier: overrides.multiplier ?? DEFAULT_MULTIPLIER,
    limits: overrides.limits ?? DEFAULT_LIMITS,
    neutralBps: overrides.neutralBps ?? DEFAULT_NEUTRAL_BPS,
    evidenceAtHalf: overrides.evidenceAtHalf ?? DEFAULT_EVIDENCE_AT_HALF,
    ...(dependencies !== undefined ? { dependencies } : {}),
    ...(prose !== undefined ? { prose } : {}),
    ...(reviewKinds !== undefined ? { reviewKinds } : {}),
    ...(firstIntroduction !== undefined ? { firstIntroduction } : {}),
    repositories,
  };
}

/**
 * A scoring config of the first version, with its published defaults: how contributions scored under it are
 * measured again.
 */
export function createScoringConfigV1(
  repositories: Readonly<Record<string, RepositoryConfig>>,
  overrides: {
    weights?: MetricWeights;
    curves?: CurveParameters;
    multiplier?: MultiplierCurve;
    limits?: ScoringLimits;
  } = {},
): ScoringConfigV1 {
  return {
    format: SCORING_CONFIG_FORMAT,
    weights: overrides.weights ?? DEFAULT_WEIGHTS,
    curves: overrides.curves ?? DEFAULT_CURVES,
    multiplier: overrides.multiplier ?? DEFAULT_MULTIPLIER,
    limits: overrides.limits ?? DEFAULT_LIMITS,
    repositories,
  };
}
