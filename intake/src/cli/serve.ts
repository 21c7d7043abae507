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
import { startIntakeService } from "../service/intakeService.ts";
import { SqliteStore } from "../store/sqliteStore.ts";
import { deploymentAt, intakeEnvironment } from "./intakeEnvironment.ts";

const log = (event: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`);

export async function serve(): Promise<void> {
  const settings = await intakeEnvironment(process.env);
  const { chainId, deployment } = await deploymentAt(settings.rpcUrl, settings.deploymentsDir);
  const client = publicClientOf(chainId, settings.rpcUrl);
  await mkdir(path.dirname(path.resolve(settings.database)), { recursive: true });
  const service = await startIntakeService({
    context: {
      store: SqliteStore.open(settings.database),
      client,
      deployment,
      forge: new GitHubForge(settings.github),
      costs: new CostStore(settings.costsDir),
    },
    webhooks: new Webhooks({ secret: settings.webhookSecret }),
    relayer: {
      attester: settings.attester,
      sender: walletClientOf(chainId, settings.rpcUrl, settings.relayer),
      batchSize: settings.batchSize,
      signatureSeconds: 3_600,
    },
    port: settings.port,
    host: settings.host,
    maxPayloadBytes: settings.maxPayloadBytes,
    batchWindowMs: settings.batchWindowMs,
    workers: settings.workers,
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
