/**
 * The indexer (indexer/, `ponder start`) over a local chain, as `npm start` and the web app's end-to-end tests
 * run it: on a loopback port, on PostgreSQL or the embedded PGlite, with the epoch manifests read from a directory
 * and, for proposals that record a CID, from IPFS gateways.
 * On PostgreSQL its HTTP API can also run apart, in `ponder serve` processes over the same schema
 * ({@link startApiServer}), so no query competes with indexing.
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
  /** Trustless IPFS gateways the manifests of proposals that record a CID are fetched from, in order (none unless told). */
  ipfsGateways?: readonly string[];
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

/** `ponder start` (indexing and an API) or `ponder serve` (the API alone) with the indexer's environment. */
function startPonder(
  command: "start" | "serve",
  parameters: StartIndexerParameters,
  env: Record<string, string> = {},
): IndexerProcess {
  const ponder = packageCli("ponder", "dist/esm/bin/ponder.js", INDEXER_DIR);
  const name =
    command === "start"
      ? `indexer (${parameters.schema})`
      : `indexer API (${parameters.schema}, port ${parameters.port})`;
  const indexer = startProcess({
    name,
    command: process.execPath,
    args: [
      ...[ponder, command, "--schema", parameters.schema, "--port", String(parameters.port), "--hostname", "127.0.0.1"],
      ...(parameters.logFormat !== undefined ? ["--log-format", parameters.logFormat] : []),
    ],
    cwd: INDEXER_DIR,
    env: {
      ...process.env,
      CCN_CHAIN_ID: String(parameters.chainId),
      CCN_RPC_URL: parameters.rpcUrl,
      CCN_DEPLOYMENTS_DIR: parameters.deploymentsDir,
      CCN_MANIFEST_DIR: parameters.manifestDir,
      CCN_IPFS_GATEWAYS: parameters.ipfsGateways?.join(",") ?? "",
      ...(parameters.pgliteDir !== undefined ? { CCN_PGLITE_DIR: parameters.pgliteDir } : {}),
      CCN_POLLING_INTERVAL_MS: String(parameters.pollingIntervalMs),
      // One person (or one test, or the load benchmark) uses a local network: no per-client limit unless asked.
      CCN_RATE_LIMIT_PER_SECOND: process.env.CCN_RATE_LIMIT_PER_SECOND ?? "0",
      DATABASE_URL: parameters.databaseUrl ?? "",
      ...env,
    },
    ...(parameters.logFile !== undefined ? { logFile: parameters.logFile } : {}),
    ...(parameters.outputLimit !== undefined ? { outputLimit: parameters.outputLimit } : {}),
  });
  return { url: `http://127.0.0.1:${parameters.port}`, process: indexer };
}

/** Starts the indexer; the caller waits with {@link waitForIndexerReady} and stops `process`. */
export function startIndexer(parameters: StartIndexerParameters): IndexerProcess {
  return startPonder("start", parameters);
}

/**
 * Starts a `ponder serve` process on `parameters.port`: the indexer's HTTP API (GraphQL, the claims API, /ready,
 * /status) over the database and schema of a running `ponder start`, which must have created the schema first
 * (its own HTTP server answers only then: {@link waitForIndexerSchema}). PostgreSQL only; any number of them can
 * serve one schema, behind a load balancer. `statementTimeoutMs`: how long PostgreSQL lets one of its reads run
 * (the indexer's default unless told). The caller stops `process`.
 */
export function startApiServer(
  parameters: StartIndexerParameters & { databaseUrl: string; statementTimeoutMs?: number },
): IndexerProcess {
  const { statementTimeoutMs } = parameters;
  return startPonder(
    "serve",
    parameters,
    statementTimeoutMs !== undefined ? { CCN_API_STATEMENT_TIMEOUT_MS: String(statementTimeoutMs) } : {},
  );
}

/** Waits until `ponder start` has created its schema: it starts its HTTP server only after its migrations. */
export async function waitForIndexerSchema(indexer: IndexerProcess, timeoutMs: number): Promise<void> {
  await waitFor(
    "the indexer to create its database schema",
    async () => ((await fetch(`${indexer.url}/health`)).ok ? true : undefined),
    { timeoutMs, process: indexer.process },
  );
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
