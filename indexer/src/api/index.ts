/**
 * The indexer's HTTP API (Ponder serves /health, /ready, /status and /metrics itself):
 * - POST /graphql: Ponder's GraphQL over every table, with depth, cost, token, alias, body-size and response-size
 *   limits, the depth and cost measured before Ponder executes anything (./queryCost.ts);
 * - GET /v1/claims/:account/slice: the account's slice of the latest finalised epoch's v3 manifest (canonical bytes;
 *   `verifySlice` of @coherence/protocol checks it against the on-chain manifest hash), cut by reading its chunks
 * - GET /v1/claims/:account/epochs/:epoch/slice: the account's slice of that epoch's v3 manifest (any indexed
 *   proposal: one is audited before it is final); NO_SUCH_EPOCH, NO_LEAVES as JSON 404s;
 * - GET /v1/claims/:account/history?limit=&cursor=: a page of the epochs the account has payouts in, newest first,
 *   each payout with how much of it is claimed and the claim transaction that completed it (./claimHistory.ts);
 * - GET /v1/claims/:account (also /claims/:account): the account's leaves of the latest finalised epoch with proofs
 *   and explanations, read from the epoch manifest that hashes to the on-chain manifestHash;
 * - GET /v1/accounts/:account/history: what the account earned in every finalised (or since revoked) epoch, per
 *   token, and every claim it made;
 * - GET /v1/accounts/:account/feed.atom: the same payouts as an Atom feed, an entry per epoch, for feed readers.
 * Paths under /v1 keep their answers' shape for as long as v1 is served; /claims is v1's first path, kept.
 * Answers are cached in memory until the indexer's checkpoint moves (./responseCache.ts).
 * Errors of the REST routes are JSON `{ "error": { "code", "message", ... } }` with a matching HTTP status, those
 * of /graphql GraphQL errors `{ "errors": [{ "message", "extensions": { "code", ... } }] }`.
 * Browsers of the configured origins only may read the answers (./corsOrigins.ts); each client has a rate limit
 * (./rateLimit.ts). On PostgreSQL a read that runs longer than the statement timeout is cancelled and answered
 * `QUERY_TIMEOUT` (./queryTimeout.ts).
 */
import { db, publicClients } from "ponder:api";
import schema from "ponder:schema";
import { accountHistoryResponseSchema, claimHistoryPageSchema, claimsResponseSchema } from "@coherence/protocol";
import { Hono } from "hono";
import { graphql, sql } from "ponder";
import { erc20Abi, type Hex } from "viem";

import { apiSettings, chainSettings } from "../../config/env.ts";
import { accountFeed, type FeedToken } from "./accountFeed.ts";
import { accountHistoryOf } from "./accountHistory.ts";
import { epochSliceOf, sliceOf } from "./accountSlice.ts";
import { claimHistoryOf } from "./claimHistory.ts";
import { claimsOf } from "./claims.ts";
import { corsOrigins } from "./corsOrigins.ts";
import { sendBytes } from "./directAnswer.ts";
import { ApiError } from "./errors.ts";
import { CheckedRequests } from "./graphqlRequest.ts";
import { ManifestStore, proposalCidReader } from "./manifestStore.ts";
import { checkQuery } from "./queryCost.ts";
import { graphqlQueryTimeout, isQueryCancelled, queryTimeoutError, readOnce } from "./queryTimeout.ts";
import { rateLimit } from "./rateLimit.ts";
import { bodyToRequest, requestBody } from "./requestBody.ts";
import { ResponseCache } from "./responseCache.ts";
import { responseSizeCap } from "./responseSizeCap.ts";

const settings = apiSettings();
const manifests = new ManifestStore(settings.manifests, settings.manifestCacheSize, {
  gateways: settings.ipfsGateways,
  cidOf: proposalCidReader(db, schema, Object.values(publicClients)[0]!),
});
const limits = settings.graphql;
/** A `ponder serve` process's statement timeout, or Ponder's own for API reads (30 s) under `ponder start`. */
const statementTimeoutMs = chainSettings().apiStatementTimeoutMs ?? 30_000;
// Ponder's global database (as its graphql() middleware reads it): the query builder of the API's reads.
readOnce(
  (globalThis as unknown as { PONDER_DATABASE: { readonlyQB: Parameters<typeof readOnce>[0] } }).PONDER_DATABASE
    .readonlyQB,
);

/** Ponder's progress: its checkpoint table moves with every indexed block and every undone reorg. */
async function readCheckpoint(): Promise<string> {
  const result = (await db.execute(
    sql`SELECT chain_id, latest_checkpoint FROM _ponder_checkpoint ORDER BY chain_id`,
  )) as unknown as {
    rows: { chain_id: unknown; latest_checkpoint: string }[];
  };
  return result.rows.map((r) => `${r.chain_id}:${r.latest_checkpoint}`).join(",");
}
const cache = new ResponseCache({
  readVersion: readCheckpoint,
  maxAgeMs: settings.cacheMaxAgeMs,
  maxEntries: 5_000,
  maxBytes: 64 * 1024 * 1024,
});

const app = new Hono();

// Outermost: writes the cache's hits once the middlewares below have given them their headers.
app.use("*", sendBytes());
app.use("*", corsOrigins(settings.corsOrigins));
app.use("*", rateLimit(settings.rateLimit));

const graphqlRequests = new CheckedRequests({
  maxBodyBytes: limits.maxBodyBytes,
  check: (request) =>
    checkQuery(request.document, request.variables, request.operationName, {
      maxDepth: limits.maxOperationDepth,
      maxCost: limits.maxCost,
    }),
  maxEntries: 1_000,
});
app.use("/graphql", async (c, next) => {
  // GET (and HEAD) is Ponder's GraphiQL page, which has no body and executes nothing.
  if (c.req.method === "GET" || c.req.method === "HEAD") return next();
  await requestBody(c, limits.maxBodyBytes);
  if (c.req.method === "POST") await graphqlRequests.cacheKey(c);
  return next();
});
app.use(
  "/graphql",
  cache.middleware((c) => (c.req.method === "POST" ? graphqlRequests.cacheKey(c) : "")),
);
// A miss goes on to Ponder's GraphQL server, which reads the body from the Request.
app.use("/graphql", bodyToRequest);
app.use("/graphql", graphqlQueryTimeout(statementTimeoutMs));
app.use("/graphql", responseSizeCap(limits.maxResponseBytes));
app.use(
  "/graphql",
  graphql(
    { db, schema },
    {
      // The depth is checked above, where introspection is told apart (Ponder's check counts it too).
      maxOperationDepth: Number.MAX_SAFE_INTEGER,
      maxOperationTokens: limits.maxOperationTokens,
      maxOperationAliases: limits.maxOperationAliases,
    },
  ),
);

const SLICE_HEADERS = { "content-type": "application/json; charset=utf-8" };
app.get("/v1/claims/:account/slice", async (c) =>
  c.body(await sliceOf(db, schema, manifests, c.req.param("account")), 200, SLICE_HEADERS),
);
// Registered before /v1/claims/*'s cache, which keys on the path alone: a page is also its query.
app.use(
  "/v1/claims/:account/history",
  cache.middleware((c) => new URL(c.req.url).search),
);
app.get("/v1/claims/:account/history", async (c) =>
  c.json(
    claimHistoryPageSchema.encode(await claimHistoryOf(db, schema, manifests, c.req.param("account"), c.req.queries())),
  ),
);
for (const path of ["/claims", "/v1/claims"]) {
  app.use(`${path}/*`, cache.middleware());
  app.get(`${path}/:account`, async (c) =>
    c.json(claimsResponseSchema.encode(await claimsOf(db, schema, manifests, c.req.param("account")))),
  );
}
app.get("/v1/claims/:account/epochs/:epoch/slice", async (c) =>
  c.body(await epochSliceOf(db, schema, manifests, c.req.param("account"), c.req.param("epoch")), 200, SLICE_HEADERS),
);
app.use("/v1/accounts/*", cache.middleware());
app.get("/v1/accounts/:account/history", async (c) =>
  c.json(accountHistoryResponseSchema.encode(await accountHistoryOf(db, schema, manifests, c.req.param("account")))),
);

/** Token symbols and decimals never change: each is read from the chain once. */
const tokenInfo = new Map<Hex, Promise<FeedToken>>();
function feedToken(token: Hex): Promise<FeedToken> {
  let info = tokenInfo.get(token);
  if (info === undefined) {
    const client = Object.values(publicClients)[0]!;
    const read = { address: token, abi: erc20Abi } as const;
    info = Promise.all([
      client.readContract({ ...read, functionName: "symbol" }),
      client.readContract({ ...read, functionName: "decimals" }),
    ]).then(([symbol, decimals]) => ({ symbol, decimals }));
    // A failed read is asked again next time, not remembered.
    info.catch(() => tokenInfo.delete(token));
    tokenInfo.set(token, info);
  }
  return info;
}
app.get("/v1/accounts/:account/feed.atom", async (c) => {
  const history = await accountHistoryOf(db, schema, manifests, c.req.param("account"));
  const addresses = [...new Set(history.epochs.flatMap((e) => e.payouts.map((p) => p.token)))];
  const tokens = new Map(await Promise.all(addresses.map(async (t) => [t, await feedToken(t)] as const)));
  const body = accountFeed(history, { chainId: chainSettings().chainId, selfUrl: c.req.url, tokens });
  return c.body(body, 200, { "content-type": "application/atom+xml; charset=utf-8" });
});

app.onError((error, c) => {
  const apiError =
    error instanceof ApiError
      ? error
      : isQueryCancelled(error)
        ? queryTimeoutError(statementTimeoutMs, error)
        : // The message stays in the log: it can name server paths.
          new ApiError("INTERNAL", "Internal error: the indexer logged it.", {}, { cause: error });
  if (apiError.code === "INTERNAL") console.error(error);
  return c.json(c.req.path === "/graphql" ? apiError.toGraphQL() : apiError.toJSON(), apiError.status);
});

// Ponder's own fallback answers plain text: every path the app and Ponder do not serve gets a JSON 404.
app.all("*", (c) => c.json(new ApiError("NOT_FOUND", `No route ${c.req.method} ${c.req.path}.`).toJSON(), 404));

export default app;
