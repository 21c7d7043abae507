/**
 * `npm run intake` (`serve`): the intake service alone, against the deployment of the chain at `CCN_RPC_URL`,
 * configured by the environment (`intakeEnvironment.ts`). Logs one JSON line per event; SIGINT or SIGTERM stops
 * it after the step in progress.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { CostStore, publicClientOf, walletClientOf } from "@coherence/oracle";
import { Webhooks } from "@octokit/webhooks";

import { GitHubForge } from "../forge/githubForge.ts";
import { GitLabForge } from "../forge/gitlabForge.ts";
import { startIntakeService } from "../service/intakeService.ts";
import type { IntakeStore } from "../store/intakeStore.ts";
import { PostgresStore } from "../store/postgresStore.ts";
import { SqliteStore } from "../store/sqliteStore.ts";
import { githubSource, gitlabSource, type WebhookSource } from "../webhook/webhookSources.ts";
import { deploymentAt, type IntakeEnvironment, intakeEnvironment } from "./intakeEnvironment.ts";

const log = (event: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`);

/** PostgreSQL when `CCN_INTAKE_DATABASE_URL` is set, else the embedded database's file. */
async function openStore(settings: IntakeEnvironment): Promise<IntakeStore> {
  if (settings.databaseUrl !== undefined) return PostgresStore.open(settings.databaseUrl);
  await mkdir(path.dirname(path.resolve(settings.database)), { recursive: true });
  return SqliteStore.open(settings.database);
}

export async function serve(): Promise<void> {
  const settings = await intakeEnvironment(process.env);
  const { chainId, deployment } = await deploymentAt(settings.rpcUrl, settings.deploymentsDir);
  const client = publicClientOf(chainId, settings.rpcUrl);
  const store = await openStore(settings);
  const { github, gitlab } = settings;
  const sources: WebhookSource[] = [];
  if (github !== undefined) sources.push(githubSource(new Webhooks({ secret: github.webhookSecret })));
  if (gitlab !== undefined) sources.push(gitlabSource(gitlab.webhookSecret));
  const service = await startIntakeService({
    context: {
      store,
      client,
      deployment,
      forges: {
        github: github === undefined ? undefined : new GitHubForge(github),
        gitlab: gitlab === undefined ? undefined : new GitLabForge(gitlab),
      },
      costs: new CostStore(settings.costsDir),
    },
    sources,
    relayer: {
      attester: settings.attester,
      sender: walletClientOf(chainId, settings.rpcUrl, settings.relayer),
      batchSize: settings.batchSize,
      signatureSeconds: 3_600,
    },
    port: settings.port,
    host: settings.host,
    maxPayloadBytes: settings.maxPayloadBytes,
    corsOrigins: settings.corsOrigins,
    batchWindowMs: settings.batchWindowMs,
    workers: settings.workers,
    preview: settings.preview,
    now: () => Math.floor(Date.now() / 1000),
    log,
  });
  const stop = () => {
    log("stopping");
    void service.stop().then(() => log("stopped"));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
