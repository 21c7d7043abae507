/**
 * The indexer as a real `ponder start` process (@coherence/devnet's `startIndexer`) in a test's process group (on
 * PostgreSQL with its API in `ponder serve` processes of their own if asked), a
 * GraphQL client that fails on `errors` (Ponder answers GraphQL errors with HTTP 200), and a claims API client
 * that decodes the answer as the web app does.
 */
import {
  freePort,
  type IndexerProcess,
  type ManagedProcess,
  type ProcessGroup,
  startApiServer,
  startIndexer as startIndexerProcess,
  waitForIndexedBlock,
  waitForIndexerSchema,
} from "@coherence/devnet";
import { type ClaimsResponse, claimsResponseSchema, parse } from "@coherence/protocol";

export type IndexerOptions = {
  chainId: number;
  rpcUrl: string;
  deploymentsDir: string;
  /** Database schema name (`ponder start --schema`). */
  schema: string;
  /** PostgreSQL connection string; PGlite in `pgliteDir` otherwise. */
  databaseUrl?: string;
  pgliteDir?: string;
  manifestDir: string;
  /** IPFS gateways for the manifests of proposals that record a CID. */
  ipfsGateways?: readonly string[];
  /** How often it polls the chain; 100 ms unless told. */
  pollingIntervalMs?: number;
  /** `ponder serve` processes serving the API (PostgreSQL only); none unless told: `ponder start` serves it. */
  apiServers?: number;
};

/**
 * `url` is where the API is served: the first `ponder serve` process's when there are any (`apiUrls` has all of
 * them), else `ponder start`'s own (`indexingUrl`). `process` is `ponder start`.
 */
export type Indexer = IndexerProcess & {
  options: IndexerOptions;
  indexingUrl: string;
  apiUrls: string[];
  apiProcesses: ManagedProcess[];
};

/** The `ponder start` parameters of `options` (JSON logs, 200 kB of output kept), on `port`. */
function ponderParameters(options: IndexerOptions, port: number) {
  const { pollingIntervalMs = 100, apiServers: _, ...rest } = options;
  // 200 kB of output: enough to find Ponder's reorg message after the blocks that follow it.
  return { ...rest, port, pollingIntervalMs, logFormat: "json" as const, outputLimit: 200_000 };
}

/**
 * Starts `ponder start` on a free port with JSON logs, and its `ponder serve` processes once it has created its
 * schema (not waiting for the backfill); the group stops them.
 */
export async function startIndexer(group: ProcessGroup, options: IndexerOptions): Promise<Indexer> {
  const indexer = startIndexerProcess(ponderParameters(options, await freePort()));
  group.add(indexer.process);
  const servers: IndexerProcess[] = [];
  if ((options.apiServers ?? 0) > 0) await waitForIndexerSchema(indexer, 180_000);
  for (let i = 0; i < (options.apiServers ?? 0); i++) servers.push(await addApiServer(group, options));
  return {
    url: servers[0]?.url ?? indexer.url,
    process: indexer.process,
    options,
    indexingUrl: indexer.url,
    apiUrls: servers.length > 0 ? servers.map((s) => s.url) : [indexer.url],
    apiProcesses: servers.map((s) => s.process),
  };
}

/**
 * Starts one more `ponder serve` process over the schema of an indexer started with `options` (which must have
 * created it), on a free port; the group stops it.
 */
export async function addApiServer(
  group: ProcessGroup,
  options: IndexerOptions,
  statementTimeoutMs?: number,
): Promise<IndexerProcess> {
  const { databaseUrl } = options;
  if (databaseUrl === undefined) throw new Error("ponder serve needs PostgreSQL: set databaseUrl");
  const server = startApiServer({
    ...ponderParameters(options, await freePort()),
    databaseUrl,
    ...(statementTimeoutMs !== undefined ? { statementTimeoutMs } : {}),
  });
  group.add(server.process);
  return server;
}

/** How long the API may answer from its response cache after the data moved (CCN_API_CACHE_MS default). */
export const API_CACHE_MS = 50;

/** Waits until the indexer has indexed `block` (or later) and its API answers from that data. */
export async function waitIndexed(indexer: Indexer, block: number, timeoutMs = 60_000): Promise<void> {
  await waitForIndexedBlock(indexer, BigInt(block), timeoutMs);
  await new Promise((resolve) => setTimeout(resolve, 2 * API_CACHE_MS));
}

export type GraphQLResponse<T> = { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };

/** Posts a GraphQL request and returns the raw response (status and body). */
export async function graphqlRaw<T = unknown>(
  indexer: Indexer,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ status: number; body: GraphQLResponse<T> }> {
  const response = await fetch(`${indexer.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<T> };
}

/** Posts a GraphQL query; throws with the messages when the answer has `errors`. */
export async function graphql<T = unknown>(
  indexer: Indexer,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const { status, body } = await graphqlRaw<T>(indexer, query, variables);
  if (status !== 200 || body.errors?.length || body.data === undefined) {
    throw new Error(`GraphQL failed (HTTP ${status}): ${JSON.stringify(body.errors ?? body)}\nquery: ${query}`);
  }
  return body.data;
}

/**
 * GET /claims/:account decoded by the protocol's `claimsResponseSchema`, so a field the schema does not declare,
 * or a malformed one, fails the test as it would fail the web app.
 */
export async function fetchClaims(indexer: Indexer, account: string): Promise<ClaimsResponse> {
  const response = await fetch(`${indexer.url}/claims/${account}`);
  if (response.status !== 200)
    throw new Error(`GET /claims/${account}: HTTP ${response.status} ${await response.text()}`);
  return parse(claimsResponseSchema, await response.json(), { source: `GET /claims/${account}` });
}

/** Every row of a table through its plural query, paginated (Ponder returns at most 1000 per page). */
export async function allRows<T = unknown>(
  indexer: Indexer,
  plural: string,
  fields: string,
  orderBy = "id",
): Promise<T[]> {
  const rows: T[] = [];
  let after: string | null = null;
  for (;;) {
    const data: Record<string, { items: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> =
      await graphql(
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
