/**
 * The indexer as a real `ponder start` process, and a GraphQL client that fails on `errors` (Ponder answers
 * GraphQL errors with HTTP 200).
 */
import path from "node:path";

import { REPO_ROOT } from "../../config/env.ts";
import { freePort, type Managed, type ProcessGroup, waitFor } from "./processes.ts";

const PONDER_CLI = path.join(REPO_ROOT, "node_modules", "ponder", "dist", "esm", "bin", "ponder.js");
export const INDEXER_DIR = path.join(REPO_ROOT, "indexer");

export type IndexerOptions = {
  chainId: number;
  rpcUrl: string;
  deploymentsDir: string;
  /** Database schema name (`ponder start --schema`). */
  schema: string;
  /** PostgreSQL connection string; PGlite in `pgliteDir` otherwise. */
  databaseUrl?: string;
  pgliteDir?: string;
  manifestDir?: string;
  /** Extra environment. */
  env?: Record<string, string>;
};

export type Indexer = { url: string; port: number; process: Managed; options: IndexerOptions };

/** Starts `ponder start` on a free port (not waiting for it). */
export async function startIndexer(group: ProcessGroup, options: IndexerOptions): Promise<Indexer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CCN_CHAIN_ID: String(options.chainId),
    CCN_RPC_URL: options.rpcUrl,
    CCN_DEPLOYMENTS_DIR: options.deploymentsDir,
    CCN_POLLING_INTERVAL_MS: "100",
    ...(options.manifestDir ? { CCN_MANIFEST_DIR: options.manifestDir } : {}),
    ...(options.pgliteDir ? { CCN_PGLITE_DIR: options.pgliteDir } : {}),
    ...options.env,
  };
  delete env.DATABASE_URL;
  delete env.DATABASE_PRIVATE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const child = group.start(`ponder (${options.schema})`, process.execPath, [PONDER_CLI, "start", "--schema", options.schema, "--port", String(port), "--log-format", "json"], {
    cwd: INDEXER_DIR,
    env,
  });
  return { url: `http://127.0.0.1:${port}`, port, process: child, options };
}

/** Waits until the indexer answers 200 on /ready (backfill done). */
export async function waitReady(indexer: Indexer, timeoutMs = 120_000): Promise<void> {
  await waitFor(
    "the indexer to be ready",
    async () => {
      const exited = await Promise.race([indexer.process.exited.then(() => true), Promise.resolve(false)]);
      if (exited) throw new Error(`ponder exited early:\n${indexer.process.output()}`);
      const response = await fetch(`${indexer.url}/ready`).catch(() => undefined);
      return response?.status === 200 ? true : undefined;
    },
    timeoutMs,
    200,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n--- ponder output ---\n${indexer.process.output().slice(-8000)}`);
  });
}

/** The latest block the indexer has indexed (`/status`). */
export async function indexedBlock(indexer: Indexer): Promise<number> {
  const status = (await (await fetch(`${indexer.url}/status`)).json()) as Record<string, { block?: { number: number } }>;
  const chain = Object.values(status)[0];
  return chain?.block?.number ?? -1;
}

/** How long the API may answer from its response cache after the data moved (CCN_API_CACHE_MS default). */
export const API_CACHE_MS = 50;

/** Waits until the indexer has indexed `block` (or later) and its API answers from that data. */
export async function waitIndexed(indexer: Indexer, block: number, timeoutMs = 60_000): Promise<void> {
  await waitFor(`block ${block} to be indexed`, async () => ((await indexedBlock(indexer)) >= block ? true : undefined), timeoutMs, 50);
  await new Promise((resolve) => setTimeout(resolve, 2 * API_CACHE_MS));
}

export type GraphQLResponse<T> = { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };

/** Posts a GraphQL request and returns the raw response (status and body). */
export async function graphqlRaw<T = unknown>(indexer: Indexer, query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; body: GraphQLResponse<T> }> {
  const response = await fetch(`${indexer.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<T> };
}

/** Posts a GraphQL query; throws with the messages when the answer has `errors`. */
export async function graphql<T = Record<string, any>>(indexer: Indexer, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const { status, body } = await graphqlRaw<T>(indexer, query, variables);
  if (status !== 200 || body.errors?.length || body.data === undefined) {
    throw new Error(`GraphQL failed (HTTP ${status}): ${JSON.stringify(body.errors ?? body)}\nquery: ${query}`);
  }
  return body.data;
}

/** Every row of a table through its plural query, paginated (Ponder returns at most 1000 per page). */
export async function allRows<T = Record<string, any>>(indexer: Indexer, plural: string, fields: string, orderBy = "id"): Promise<T[]> {
  const rows: T[] = [];
  let after: string | null = null;
  for (;;) {
    const data: Record<string, { items: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> = await graphql(
      indexer,
      `query($after: String) { ${plural}(limit: 1000, after: $after, orderBy: "${orderBy}", orderDirection: "asc") { items { ${fields} } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    const page = data[plural]!;
    rows.push(...page.items);
    if (!page.pageInfo.hasNextPage) return rows;
    after = page.pageInfo.endCursor;
  }
}
