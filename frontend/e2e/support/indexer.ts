/**
 * The real indexer (indexer/, `ponder start`) on a free port over the e2e chain, with an embedded database in a
 * temporary directory and the epoch manifests read from a directory.
 */
import path from "node:path";

import { BIN, REPO_ROOT } from "./paths.ts";
import { freePort, type Managed, start, waitFor } from "./processes.ts";

export type Indexer = { proc: Managed; url: string };

export type StartIndexerParameters = {
  rpcUrl: string;
  chainId: number;
  deploymentsDir: string;
  manifestDir: string;
  workDir: string;
  logDir: string;
};

/** Starts the indexer and waits until its backfill is done (`/ready`); the caller stops `proc`. */
export async function startIndexer(parameters: StartIndexerParameters): Promise<Indexer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = start({
    name: "indexer",
    command: process.execPath,
    args: [BIN.ponder, "start", "--schema", "frontend_e2e", "--port", String(port), "--hostname", "127.0.0.1"],
    cwd: path.join(REPO_ROOT, "indexer"),
    env: {
      CCN_CHAIN_ID: String(parameters.chainId),
      CCN_RPC_URL: parameters.rpcUrl,
      CCN_DEPLOYMENTS_DIR: parameters.deploymentsDir,
      CCN_MANIFEST_DIR: parameters.manifestDir,
      CCN_PGLITE_DIR: path.join(parameters.workDir, "pglite"),
      CCN_POLLING_INTERVAL_MS: "100",
      DATABASE_URL: "",
    },
    logDir: parameters.logDir,
  });
  try {
    await waitFor("the indexer to be ready", async () => (await fetch(`${url}/ready`)).status === 200, 120_000, proc);
    return { proc, url };
  } catch (error) {
    await proc.stop();
    throw error;
  }
}

/** Waits until the indexer has indexed up to `block` (its /status), so the UI reads what the chain has. */
export async function waitForIndexedBlock(indexer: Indexer, block: bigint, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    `the indexer to reach block ${block}`,
    async () => {
      const status = (await (await fetch(`${indexer.url}/status`)).json()) as Record<string, { block?: { number?: number } }>;
      return Object.values(status).some((chain) => BigInt(chain.block?.number ?? -1) >= block);
    },
    timeoutMs,
    indexer.proc,
  );
}
