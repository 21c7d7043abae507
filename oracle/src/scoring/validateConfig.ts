/**
 * Validation of a scoring config (which may come from a JSON file) by its schema in `config.ts`, naming the
 * first bad field, and its hash.
 */

import { canonicalJson, type JsonValue, parse } from "@coherence/protocol";
import { type Hex, keccak256, toBytes } from "viem";
import { publishedScoringConfigSchema, type ScoringConfig, scoringConfigSchema } from "./config.ts";

/**
 * Throws `MalformedScoringConfigError` naming the first invalid field (`weights.lint: expected an integer
 * 0..10000, got "high"`, `curves.complexity.zeroAt`, `repositories.7.url`, ...) unless `config` is a valid scoring
 * config; returns it decoded. A file that embeds the config (the operator's) embeds `scoringConfigSchema` instead.
 *
 * @example
 * validateScoringConfig(JSON.parse(readFileSync("scoring.json", "utf8")));
 */
export function validateScoringConfig(config: unknown): ScoringConfig {
  return parse(scoringConfigSchema, config);
}

/**
 * The published part of a config: everything but the local checkout paths,
 * which differ between machines and say nothing about how work is scored.
 */
export function publishedScoringConfig(config: ScoringConfig): JsonValue {
  return publishedScoringConfigSchema.encode(config);
}

/**
 * keccak256 of the canonical JSON (sorted keys, no whitespace) of
 * {@link publishedScoringConfig}: the same on every machine for the same published config.
 */
export function scoringConfigHash(config: ScoringConfig): Hex {
  return keccak256(toBytes(canonicalJson(publishedScoringConfig(config))));
}
