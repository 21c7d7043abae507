/**
 * The intake's settings, all from the environment (a service's usual place, and never the repository for keys):
 * which chain and deployment, the forges (a GitHub App, a GitLab token: each taken when its settings are there, at
 * least one), their webhook secrets, the attester's key (and a relayer's), where the store and the published cost
 * reports are, and the batching. Each missing or malformed one is named.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type KeyVariables, loadAccount } from "@coherence/oracle";
import { InvalidArgumentError, integerText, parse } from "@coherence/protocol";
import { DEPLOYMENTS_DIR, loadDeployment } from "@coherence/protocol/node";
import { createPublicClient, http } from "viem";
import type { LocalAccount } from "viem/accounts";

import { type CorsOrigins, parseCorsOrigins } from "../http/cors.ts";
import type { ScoreChangeParameters } from "../preview/scoreChange.ts";
import { DEFAULT_MAX_PAYLOAD_BYTES } from "../webhook/receiveDelivery.ts";

export const ATTESTER_KEY: KeyVariables = {
  key: "CCN_ATTESTER_PRIVATE_KEY",
  keystore: "CCN_ATTESTER_KEYSTORE",
  password: "CCN_ATTESTER_KEYSTORE_PASSWORD",
  whose: "attester",
};

export const RELAYER_KEY: KeyVariables = {
  key: "CCN_RELAYER_PRIVATE_KEY",
  keystore: "CCN_RELAYER_KEYSTORE",
  password: "CCN_RELAYER_KEYSTORE_PASSWORD",
  whose: "relayer",
};

export type IntakeEnvironment = {
  rpcUrl: string;
  deploymentsDir: string;
  host: string;
  port: number;
  /** The SQLite file, unless `databaseUrl` names a PostgreSQL database. */
  database: string;
  databaseUrl: string | undefined;
  costsDir: string;
  /** The GitHub App, when its settings are set. */
  github: { appId: string; privateKey: string; baseUrl: string; webhookSecret: string } | undefined;
  /** GitLab, when its settings are set. */
  gitlab: { token: string; host: string; webhookSecret: string } | undefined;
  attester: LocalAccount;
  /** The account that sends batches: the attester's own unless a relayer key is set. */
  relayer: LocalAccount;
  batchSize: number;
  batchWindowMs: number;
  workers: number;
  maxPayloadBytes: number;
  /** `CCN_INTAKE_CORS_ORIGINS`: the web pages allowed to call the intake from a browser (none unless set). */
  corsOrigins: CorsOrigins;
  /** Where open change requests are fetched and scored for their preview, and for how long at most. */
  preview: ScoreChangeParameters;
};

function required(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = env[name];
  if (value === undefined || value === "") throw new InvalidArgumentError(`${name} is not set: ${what}.`);
  return value;
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const value = env[name];
  return value === undefined || value === "" ? fallback : parse(integerText({ min }), value, { source: name });
}

const hasKey = (env: NodeJS.ProcessEnv, variables: KeyVariables) =>
  (env[variables.key] ?? "") !== "" || (env[variables.keystore] ?? "") !== "";

/**
 * @example
 * const settings = await intakeEnvironment(process.env);
 */
const GITHUB_SETTINGS = [
  "CCN_GITHUB_APP_ID",
  "CCN_GITHUB_PRIVATE_KEY",
  "CCN_GITHUB_PRIVATE_KEY_FILE",
  "CCN_GITHUB_WEBHOOK_SECRET",
];
const GITLAB_SETTINGS = ["CCN_GITLAB_TOKEN", "CCN_GITLAB_WEBHOOK_SECRET"];
const anySet = (env: NodeJS.ProcessEnv, names: readonly string[]) => names.some((name) => (env[name] ?? "") !== "");

/** The GitHub App, when any of its settings is set (then all are required). */
async function githubSettings(env: NodeJS.ProcessEnv): Promise<IntakeEnvironment["github"]> {
  if (!anySet(env, GITHUB_SETTINGS)) return undefined;
  const keyFile = env.CCN_GITHUB_PRIVATE_KEY_FILE;
  const privateKey =
    keyFile !== undefined && keyFile !== ""
      ? await readFile(keyFile, "utf8")
      : required(env, "CCN_GITHUB_PRIVATE_KEY", "the GitHub App's private key (PEM), or CCN_GITHUB_PRIVATE_KEY_FILE");
  return {
    appId: required(env, "CCN_GITHUB_APP_ID", "the GitHub App's id"),
    privateKey,
    baseUrl: env.CCN_GITHUB_API_URL ?? "https://api.github.com",
    webhookSecret: required(env, "CCN_GITHUB_WEBHOOK_SECRET", "the GitHub App's webhook secret"),
  };
}

/** GitLab, when any of its settings is set (then all are required). */
function gitlabSettings(env: NodeJS.ProcessEnv): IntakeEnvironment["gitlab"] {
  if (!anySet(env, GITLAB_SETTINGS)) return undefined;
  return {
    token: required(
      env,
      "CCN_GITLAB_TOKEN",
      "a GitLab access token with api on the projects the intake serves (it reads them and comments)",
    ),
    host: env.CCN_GITLAB_API_URL || "https://gitlab.com",
    webhookSecret: required(env, "CCN_GITLAB_WEBHOOK_SECRET", "the secret token of the GitLab projects' webhook"),
  };
}

/**
 * `CCN_INTAKE_GIT_INSTEAD_OF`: whitespace-separated `<prefix>=<replacement>` pairs; a clone URL starting with a
 * prefix is fetched from its replacement instead (git's `url.<replacement>.insteadOf <prefix>`).
 */
function insteadOf(env: NodeJS.ProcessEnv): ScoreChangeParameters["insteadOf"] {
  return (env.CCN_INTAKE_GIT_INSTEAD_OF ?? "")
    .split(/\s+/)
    .filter((pair) => pair !== "")
    .map((pair) => {
      const at = pair.indexOf("=");
      if (at <= 0 || at === pair.length - 1)
        throw new InvalidArgumentError(
          `CCN_INTAKE_GIT_INSTEAD_OF: ${JSON.stringify(pair)} is not <prefix>=<replacement>.`,
        );
      return [pair.slice(0, at), pair.slice(at + 1)] as const;
    });
}

export async function intakeEnvironment(env: NodeJS.ProcessEnv): Promise<IntakeEnvironment> {
  const github = await githubSettings(env);
  const gitlab = gitlabSettings(env);
  if (github === undefined && gitlab === undefined)
    throw new InvalidArgumentError(
      `no forge is configured: set the GitHub App's (${GITHUB_SETTINGS.filter((n) => n !== "CCN_GITHUB_PRIVATE_KEY_FILE").join(", ")}) or GitLab's (${GITLAB_SETTINGS.join(", ")}), or both.`,
    );
  const dataDir = env.CCN_INTAKE_DATA_DIR ?? path.join(".ccn", "intake");
  const attester = await loadAccount(env, ATTESTER_KEY);
  return {
    rpcUrl: required(env, "CCN_RPC_URL", "the JSON-RPC URL of the chain the intake attests on"),
    deploymentsDir: env.CCN_DEPLOYMENTS_DIR ?? DEPLOYMENTS_DIR,
    host: env.CCN_INTAKE_HOST ?? "127.0.0.1",
    port: number(env, "CCN_INTAKE_PORT", 8790),
    database: env.CCN_INTAKE_DATABASE ?? path.join(dataDir, "intake.sqlite"),
    databaseUrl: env.CCN_INTAKE_DATABASE_URL === "" ? undefined : env.CCN_INTAKE_DATABASE_URL,
    costsDir: required(
      env,
      "CCN_INTAKE_COSTS_DIR",
      "where the oracle reads published cost reports (<manifests>/costs of its ccn.config.json)",
    ),
    github,
    gitlab,
    attester,
    relayer: hasKey(env, RELAYER_KEY) ? await loadAccount(env, RELAYER_KEY) : attester,
    batchSize: number(env, "CCN_INTAKE_BATCH_SIZE", 50, 1),
    batchWindowMs: number(env, "CCN_INTAKE_BATCH_WINDOW_MS", 1_000),
    workers: number(env, "CCN_INTAKE_WORKERS", 4, 1),
    maxPayloadBytes: number(env, "CCN_INTAKE_MAX_PAYLOAD_BYTES", DEFAULT_MAX_PAYLOAD_BYTES, 1),
    corsOrigins: parseCorsOrigins(env.CCN_INTAKE_CORS_ORIGINS),
    preview: {
      mirrorsDir: env.CCN_INTAKE_MIRRORS_DIR || path.join(dataDir, "mirrors"),
      insteadOf: insteadOf(env),
      timeoutMs: number(env, "CCN_INTAKE_PREVIEW_TIMEOUT_MS", 120_000, 1),
    },
  };
}

/** The chain at `rpcUrl` and its deployment file: the intake attests where its RPC points. */
export async function deploymentAt(rpcUrl: string, deploymentsDir: string) {
  const chainId = await createPublicClient({ transport: http(rpcUrl) }).getChainId();
  return { chainId, deployment: await loadDeployment(chainId, deploymentsDir) };
}
