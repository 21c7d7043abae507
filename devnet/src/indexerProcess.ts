/**
 * The indexer (indexer/, `ponder start`) over a local chain, as `npm start` and the web app's end-to-end tests
 * run it: on a loopback port, on PostgreSQL or the embedded PGlite, with the epoch manifests read from a directory.
 */
import path from "node:path";

import { REPOSITORY_ROOT } from "./localChain.ts";
import { type ManagedProcess, packageCli, type StartProcessOptions, startProcess, waitFor } from "./processes.ts";

const INDEXER_DIR = path.join(REPOSITORY_ROOT, "indexer");

export type StartIndexerParameters = {
  port: number;
  chainId: number;
  rpcUrl: string;
  /** Directory of deployments/<chainId>.json: the contracts and start blocks it indexes. */
  deploymentsDir: string;
  /** Where published epoch manifests are read from. */
  manifestDir: string;
  /** The PGlite database directory, used when there is no `databaseUrl`. */
  pgliteDir?: string;
  /** A PostgreSQL database instead of PGlite. */
  databaseUrl?: string;
  /** The database schema Ponder keeps its tables in. */
  schema: string;
  /** How often it polls the chain for new blocks. */
  pollingIntervalMs: number;
  /** Ponder's log format; its default (pretty) unless told. */
  logFormat?: "pretty" | "json";
  logFile?: string;
  /** How much of its output the process keeps in memory (see {@link StartProcessOptions.outputLimit}). */
  outputLimit?: number;
};

export type IndexerProcess = { url: string; process: ManagedProcess };

/** Starts the indexer; the caller waits with {@link waitForIndexerReady} and stops `process`. */
export function startIndexer(parameters: StartIndexerParameters): IndexerProcess {
  const ponder = packageCli("ponder", "dist/esm/bin/ponder.js", INDEXER_DIR);
  const indexer = startProcess({
    name: `indexer (${parameters.schema})`,
    command: process.execPath,
    args: [
      ...[ponder, "start", "--schema", parameters.schema, "--port", String(parameters.port), "--hostname", "127.0.0.1"],
      ...(parameters.logFormat !== undefined ? ["--log-format", parameters.logFormat] : []),
    ],
    cwd: INDEXER_DIR,
    env: {
      ...process.env,
      CCN_CHAIN_ID: String(parameters.chainId),
      CCN_RPC_URL: parameters.rpcUrl,
      CCN_DEPLOYMENTS_DIR: parameters.deploymentsDir,
      CCN_MANIFEST_DIR: parameters.manifestDir,
      ...(parameters.pgliteDir !== undefined ? { CCN_PGLITE_DIR: parameters.pgliteDir } : {}),
      CCN_POLLING_INTERVAL_MS: String(parameters.pollingIntervalMs),
      // One person (or one test, or the load benchmark) uses a local network: no per-client limit unless asked.
      CCN_RATE_LIMIT_PER_SECOND: process.env.CCN_RATE_LIMIT_PER_SECOND ?? "0",
      DATABASE_URL: parameters.databaseUrl ?? "",
    },
    ...(parameters.logFile !== undefined ? { logFile: parameters.logFile } : {}),
    ...(parameters.outputLimit !== undefined ? { outputLimit: parameters.outputLimit } : {}),
  });
  return { url: `http://127.0.0.1:${parameters.port}`, process: indexer };
}

/**
 * Waits until the indexer has finished its backfill (`/ready`). A fresh local chain is all within the finality
 * depth, so this answers before the realtime sync has caught up: see {@link waitForIndexedBlock}.
 */
export async function waitForIndexerReady(indexer: IndexerProcess, timeoutMs: number): Promise<void> {
  await waitFor(
    "the indexer to finish indexing",
    async () => ((await fetch(`${indexer.url}/ready`)).ok ? true : undefined),
    {
      timeoutMs,
      process: indexer.process,
    },
  );
}

/** Waits until the indexer has indexed up to `block` (its `/status`), so what it serves is what the chain has. */
export async function waitForIndexedBlock(indexer: IndexerProcess, block: bigint, timeoutMs: number): Promise<void> {
  await waitFor(
    `the indexer to reach block ${block}`,
    async () => {
      const status = (await (await fetch(`${indexer.url}/status`)).json()) as Record<
        string,
        { block?: { number?: number } }
      >;
      return Object.values(status).some((chain) => BigInt(chain.block?.number ?? -1) >= block) ? true : undefined;
    },
    { timeoutMs, process: indexer.process },
  );
}
