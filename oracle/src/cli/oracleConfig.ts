/**
 * The operator's (or auditor's) configuration file, `ccn.config.json`: which chain, where its deployment file,
 * score store and manifests live, the scoring configuration and reviewer scores. Declared once as a schema:
 * read through it with the file and the bad field named, written with its `encode`.
 */
import path from "node:path";

import {
  type Infer,
  integer,
  literal,
  object,
  optional,
  parse,
  record,
  string,
  transform,
  url,
} from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";

import { costConfigSchema } from "../costs/costConfig.ts";
import { writeJsonFile } from "../operator/jsonFile.ts";
import type { AppliedScenario } from "../scenario/applyScenario.ts";
import { scoringConfigSchema } from "../scoring/config.ts";
import { reviewScoreSchema } from "../scoring/reviewScore.ts";

export const ORACLE_CONFIG_FORMAT = "coherence-oracle-v1";

/** Reviewer scores by contribution id; ids are compared in lower case, as the chain reports them. */
const reviewsSchema = transform(
  record(reviewScoreSchema, { key: /^0x[0-9a-fA-F]{64}$/, expectedKey: "a contribution id (0x and 64 hex digits)" }),
  {
    decode: (reviews) => Object.fromEntries(Object.entries(reviews).map(([id, review]) => [id.toLowerCase(), review])),
    encode: (reviews) => reviews,
  },
);

const directory = string({ minLength: 1, expected: "a non-empty path" });

export const oracleConfigSchema = object({
  format: literal(ORACLE_CONFIG_FORMAT),
  chainId: integer({ min: 1 }),
  rpcUrl: url(),
  /** Directory of deployments/<chainId>.json. Relative paths resolve against the config file's directory. */
  deploymentsDir: directory,
  /** This operator's own score store and computed manifests. */
  dataDir: directory,
  /** Where published manifests are read from (and, for the submitter, copied to). */
  manifestsDir: directory,
  scoring: scoringConfigSchema,
  /** None is the same as `{}`. */
  reviews: optional(reviewsSchema),
  /** How cost reports are checked before pay; none: the defaults (oracle/docs/costs.md). */
  costs: optional(costConfigSchema),
});

/** A config as the commands use it: paths resolved, reviews present. */
export type OracleConfig = Required<Omit<Infer<typeof oracleConfigSchema>, "costs">> & {
  costs?: Infer<typeof oracleConfigSchema>["costs"];
};

/**
 * The oracle configuration of a network the scenario was applied to, as its first operator: its data directory,
 * the published manifests, and the scoring and reviews the scenario implies.
 */
export function scenarioOracleConfig(
  applied: AppliedScenario,
  network: Pick<OracleConfig, "chainId" | "rpcUrl" | "deploymentsDir">,
): OracleConfig {
  return {
    format: ORACLE_CONFIG_FORMAT,
    ...network,
    dataDir: applied.operators[0]!.dataDir,
    manifestsDir: applied.manifestsDir,
    scoring: applied.scoring,
    reviews: applied.reviews,
    costs: applied.costs.config,
  };
}

/** `CCN_RPC_URL`, checked, when it is set. */
export function rpcUrlFromEnvironment(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.CCN_RPC_URL;
  return value === undefined || value === "" ? undefined : parse(url(), value, { path: ["CCN_RPC_URL"] });
}

/** Reads a config file; relative paths in it resolve against the file's directory. `CCN_RPC_URL` overrides rpcUrl. */
export async function readOracleConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<OracleConfig> {
  const config = await readJsonFile(oracleConfigSchema, file, "pass --config or set CCN_CONFIG");
  const base = path.dirname(path.resolve(file));
  const resolve = (p: string) => path.resolve(base, p);
  return {
    ...config,
    rpcUrl: rpcUrlFromEnvironment(env) ?? config.rpcUrl,
    deploymentsDir: resolve(config.deploymentsDir),
    dataDir: resolve(config.dataDir),
    manifestsDir: resolve(config.manifestsDir),
    scoring: {
      ...config.scoring,
      repositories: Object.fromEntries(
        Object.entries(config.scoring.repositories).map(([id, r]) => [id, { ...r, path: resolve(r.path) }]),
      ),
    },
    reviews: config.reviews ?? {},
  };
}

/** Writes a config file (paths as given). */
export async function writeOracleConfig(file: string, config: OracleConfig): Promise<void> {
  await writeJsonFile(oracleConfigSchema, file, config);
}
