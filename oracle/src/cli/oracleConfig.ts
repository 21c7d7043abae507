/**
 * The operator's (or auditor's) configuration file: which chain, where its deployment file, score store and
 * manifests live, the scoring configuration and reviewer scores. Validated with the bad field named.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import type { AppliedScenario } from "../scenario/applyScenario.ts";
import type { ScoringConfig } from "../scoring/config.ts";
import { validateReviewScore, type ReviewScore } from "../scoring/reviewScore.ts";
import { validateScoringConfig } from "../scoring/validateConfig.ts";
import { MalformedFieldError } from "@coherence/protocol";

export const ORACLE_CONFIG_FORMAT = "coherence-oracle-v1";

export type OracleConfig = {
  format: typeof ORACLE_CONFIG_FORMAT;
  chainId: number;
  rpcUrl: string;
  /** Directory of deployments/<chainId>.json. */
  deploymentsDir: string;
  /** This operator's own score store and computed manifests. */
  dataDir: string;
  /** Where published manifests are read from (and, for the submitter, copied to). */
  manifestsDir: string;
  scoring: ScoringConfig;
  reviews: Record<string, ReviewScore>;
};

/**
 * The oracle configuration of a network the scenario was applied to, as its first operator: its data directory,
 * the published manifests, and the scoring and reviews the scenario implies.
 */
export function scenarioOracleConfig(applied: AppliedScenario, network: Pick<OracleConfig, "chainId" | "rpcUrl" | "deploymentsDir">): OracleConfig {
  return {
    format: ORACLE_CONFIG_FORMAT,
    ...network,
    dataDir: applied.operators[0]!.dataDir,
    manifestsDir: applied.manifestsDir,
    scoring: applied.scoring,
    reviews: applied.reviews,
  };
}

/** Reads a config file; relative paths in it resolve against the file's directory. `CCN_RPC_URL` overrides rpcUrl. */
export async function readOracleConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<OracleConfig> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, "utf8"));
  } catch (cause) {
    throw new MalformedFieldError(file, `cannot be read as JSON (${(cause as Error).message}); pass --config or set CCN_CONFIG`, { cause });
  }
  const config = validateOracleConfig(value, file);
  const base = path.dirname(path.resolve(file));
  const resolve = (p: string) => path.resolve(base, p);
  return {
    ...config,
    rpcUrl: env.CCN_RPC_URL ?? config.rpcUrl,
    deploymentsDir: resolve(config.deploymentsDir),
    dataDir: resolve(config.dataDir),
    manifestsDir: resolve(config.manifestsDir),
    scoring: {
      ...config.scoring,
      repositories: Object.fromEntries(Object.entries(config.scoring.repositories).map(([id, r]) => [id, { ...r, path: resolve(r.path) }])),
    },
  };
}

export function validateOracleConfig(value: unknown, source = "config"): OracleConfig {
  const fail = (field: string, problem: string): never => {
    throw new MalformedFieldError(`${source}: ${field}`, problem);
  };
  if (typeof value !== "object" || value === null) return fail("(root)", "must be an object");
  const c = value as Record<string, unknown>;
  if (c.format !== ORACLE_CONFIG_FORMAT) fail("format", `must be "${ORACLE_CONFIG_FORMAT}"`);
  if (!Number.isSafeInteger(c.chainId) || (c.chainId as number) <= 0) fail("chainId", "must be a positive integer");
  for (const key of ["rpcUrl", "deploymentsDir", "dataDir", "manifestsDir"] as const) {
    if (typeof c[key] !== "string" || c[key] === "") fail(key, "must be a non-empty string");
  }
  let scoring: ScoringConfig;
  try {
    scoring = validateScoringConfig(c.scoring);
  } catch (error) {
    if (error instanceof MalformedFieldError) fail(`scoring.${error.field.replace(/^config\.?/, "")}`, error.problem);
    throw error;
  }
  const reviewsIn = c.reviews ?? {};
  if (typeof reviewsIn !== "object" || reviewsIn === null) fail("reviews", "must be an object keyed by contribution id");
  const reviews: Record<string, ReviewScore> = {};
  for (const [id, review] of Object.entries(reviewsIn as Record<string, unknown>)) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(id)) fail(`reviews.${id}`, "keys must be contribution ids (0x + 64 hex digits)");
    try {
      reviews[id.toLowerCase()] = validateReviewScore(review);
    } catch (error) {
      fail(`reviews.${id}`, (error as Error).message);
    }
  }
  return { ...(c as unknown as OracleConfig), scoring: scoring!, reviews };
}

/** Writes a config file (paths as given; bigint-free). */
export async function writeOracleConfig(file: string, config: OracleConfig): Promise<void> {
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`);
}
