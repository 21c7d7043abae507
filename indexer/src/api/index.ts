/**
 * The indexer's HTTP API (Ponder serves /health, /ready, /status and /metrics itself):
 * - POST /graphql: Ponder's GraphQL over every table, with depth, token, alias and body-size limits;
 * - GET /claims/:account: the account's leaves of the latest finalised epoch with proofs and explanations,
 *   read from the epoch manifest that hashes to the on-chain manifestHash.
 * Answers are cached in memory until the indexer's checkpoint moves (./responseCache.ts).
 * Errors of the REST routes are JSON `{ "error": { "code", "message", ... } }` with a matching HTTP status.
 */
import { db } from "ponder:api";
import schema from "ponder:schema";
import { claimsResponseSchema } from "@coherence/protocol";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { graphql, sql } from "ponder";

import { apiSettings } from "../../config/env.ts";
import { claimsOf } from "./claims.ts";
import { ApiError } from "./errors.ts";
import { ManifestStore } from "./manifestStore.ts";
import { ResponseCache } from "./responseCache.ts";

const settings = apiSettings();
const manifests = new ManifestStore(settings.manifests, settings.manifestCacheSize);
const limits = settings.graphql;

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

app.use(
  "/graphql",
  bodyLimit({
    maxSize: limits.maxBodyBytes,
    onError: (c) =>
      c.json(
        {
          errors: [
            {
              message: `Request body too large: the limit is ${limits.maxBodyBytes} bytes.`,
              extensions: { code: "PAYLOAD_TOO_LARGE" },
            },
          ],
        },
        413,
      ),
  }),
);
app.use("/graphql", cache.middleware());
app.use(
  "/graphql",
  graphql(
    { db, schema },
    {
      maxOperationDepth: limits.maxOperationDepth,
      maxOperationTokens: limits.maxOperationTokens,
      maxOperationAliases: limits.maxOperationAliases,
    },
  ),
);

app.use("/claims/*", cache.middleware());
app.get("/claims/:account", async (c) =>
  c.json(claimsResponseSchema.encode(await claimsOf(db, schema, manifests, c.req.param("account")))),
);

app.onError((error, c) => {
  if (error instanceof ApiError) return c.json(error.toJSON(), error.status);
  console.error(error);
  return c.json(new ApiError("INTERNAL", `Internal error: ${error.message}`).toJSON(), 500);
});

app.notFound((c) => c.json(new ApiError("NOT_FOUND", `No route ${c.req.method} ${c.req.path}.`).toJSON(), 404));

export default app;
