/**
 * Validation of a scoring config (which may come from a JSON file), naming the
 * first bad field, and its hash.
 */
import { keccak256, toBytes, type Hex } from "viem";
import { validateMultiplierCurve } from "../epoch/multiplier.ts";
import { METRICS, SCORING_CONFIG_FORMAT, type ScoringConfig } from "./config.ts";
import { MalformedScoringConfigError } from "./errors.ts";
import { canonicalJson, type JsonValue, MalformedFieldError } from "@coherence/protocol";

function fail(field: string, problem: string): never {
  throw new MalformedScoringConfigError(field, problem);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (!isObject(value)) fail(field, `expected an object, got ${describeValue(value)}`);
  return value;
}

function requireInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(field, `expected an integer ${min}..${max}, got ${describeValue(value)}`);
  }
  return value;
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== "string" || value.trim() === "") fail(field, `expected a non-empty string, got ${describeValue(value)}`);
  return value;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "bigint") return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function validateGlobs(value: unknown, field: string, allowEmpty: boolean): void {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0)) fail(field, "expected a non-empty array of glob strings");
  value.forEach((pattern, i) => requireString(pattern, `${field}[${i}]`));
}

function validateRepositories(value: unknown): void {
  const repositories = requireObject(value, "repositories");
  for (const [assetId, entry] of Object.entries(repositories)) {
    const field = `repositories.${assetId}`;
    if (!/^(?:0|[1-9]\d*)$/.test(assetId)) fail(field, "asset ids are decimal integers without leading zeros");
    const repo = requireObject(entry, field);
    requireString(repo.url, `${field}.url`);
    requireString(repo.path, `${field}.path`);
    if (repo.ref !== undefined) requireString(repo.ref, `${field}.ref`);
    if (repo.architecture === undefined) continue;
    const rules = requireObject(repo.architecture, `${field}.architecture`);
    if (rules.maxFileLines !== undefined) requireInteger(rules.maxFileLines, `${field}.architecture.maxFileLines`, 1, 1_000_000);
    if (rules.forbiddenImports !== undefined) {
      if (!Array.isArray(rules.forbiddenImports)) fail(`${field}.architecture.forbiddenImports`, "expected an array of { from, to }");
      rules.forbiddenImports.forEach((edge, i) => {
        const at = `${field}.architecture.forbiddenImports[${i}]`;
        const e = requireObject(edge, at);
        requireString(e.from, `${at}.from`);
        requireString(e.to, `${at}.to`);
      });
    }
  }
}

/**
 * Throws {@link MalformedScoringConfigError} naming the first invalid field
 * (`weights.lint`, `curves.complexity.zeroAt`, `repositories.7.url`, ...) unless
 * `config` is a valid scoring config; returns it typed.
 *
 * @example
 * validateScoringConfig(JSON.parse(readFileSync("scoring.json", "utf8")));
 */
export function validateScoringConfig(config: unknown): ScoringConfig {
  const c = requireObject(config, "config");
  if (c.format !== SCORING_CONFIG_FORMAT) fail("format", `expected "${SCORING_CONFIG_FORMAT}", got ${describeValue(c.format)}`);
  const weights = requireObject(c.weights, "weights");
  let sum = 0;
  for (const metric of METRICS) sum += requireInteger(weights[metric], `weights.${metric}`, 0, 10000);
  for (const key of Object.keys(weights)) {
    if (!(METRICS as readonly string[]).includes(key)) fail(`weights.${key}`, `unknown metric; expected one of ${METRICS.join(", ")}`);
  }
  if (sum !== 10000) fail("weights", `weights must sum to 10000 basis points, they sum to ${sum}`);

  const curves = requireObject(c.curves, "curves");
  const lint = requireObject(curves.lint, "curves.lint");
  requireInteger(lint.linesPerFindingAtHalf, "curves.lint.linesPerFindingAtHalf", 1, 100_000);
  const complexity = requireObject(curves.complexity, "curves.complexity");
  const fullUpTo = requireInteger(complexity.fullUpTo, "curves.complexity.fullUpTo", 1, 1000);
  requireInteger(complexity.zeroAt, "curves.complexity.zeroAt", fullUpTo + 1, 10_000);
  const tests = requireObject(curves.tests, "curves.tests");
  requireInteger(tests.targetRatioPercent, "curves.tests.targetRatioPercent", 1, 10_000);
  validateGlobs(tests.patterns, "curves.tests.patterns", false);
  const novelty = requireObject(curves.novelty, "curves.novelty");
  requireInteger(novelty.shingleTokens, "curves.novelty.shingleTokens", 2, 1000);
  requireInteger(novelty.window, "curves.novelty.window", 1, 1000);
  const architecture = requireObject(curves.architecture, "curves.architecture");
  requireInteger(architecture.penaltyBps, "curves.architecture.penaltyBps", 0, 10000);

  try {
    validateMultiplierCurve(c.multiplier as ScoringConfig["multiplier"], "multiplier");
  } catch (error) {
    if (error instanceof MalformedFieldError) fail(error.field, error.problem);
    throw error;
  }
  validateRepositories(c.repositories);
  return config as ScoringConfig;
}

/**
 * The published part of a config: everything but the local checkout paths,
 * which differ between machines and say nothing about how work is scored.
 */
export function publishedScoringConfig(config: ScoringConfig): JsonValue {
  const repositories: Record<string, JsonValue> = {};
  for (const [assetId, repo] of Object.entries(config.repositories)) {
    const published: Record<string, JsonValue> = { url: repo.url };
    if (repo.ref !== undefined) published.ref = repo.ref;
    if (repo.architecture !== undefined) {
      const rules: Record<string, JsonValue> = {};
      if (repo.architecture.maxFileLines !== undefined) rules.maxFileLines = repo.architecture.maxFileLines;
      if (repo.architecture.forbiddenImports !== undefined) {
        rules.forbiddenImports = repo.architecture.forbiddenImports.map((e) => ({ from: e.from, to: e.to }));
      }
      published.architecture = rules;
    }
    repositories[assetId] = published;
  }
  return {
    format: config.format,
    weights: { ...config.weights },
    curves: {
      lint: { ...config.curves.lint },
      complexity: { ...config.curves.complexity },
      tests: { targetRatioPercent: config.curves.tests.targetRatioPercent, patterns: [...config.curves.tests.patterns] },
      novelty: { ...config.curves.novelty },
      architecture: { ...config.curves.architecture },
    },
    multiplier: { ...config.multiplier },
    repositories,
  };
}

/**
 * keccak256 of the canonical JSON (sorted keys, no whitespace) of
 * {@link publishedScoringConfig}: the same on every machine for the same published config.
 */
export function scoringConfigHash(config: ScoringConfig): Hex {
  return keccak256(toBytes(canonicalJson(publishedScoringConfig(config))));
}
