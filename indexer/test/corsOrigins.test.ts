/**
 * CORS and the response-size cap as mounted in Ponder's server: an outer app answering every route with
 * `Access-Control-Allow-Origin: *` (as Ponder's does) and the indexer's app routed under it.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { LOCAL_WEB_ORIGINS } from "../config/env.ts";
import { corsOrigins, originAllowed } from "../src/api/corsOrigins.ts";
import { ApiError } from "../src/api/errors.ts";
import { responseSizeCap } from "../src/api/responseSizeCap.ts";

function server(allowed: readonly string[]) {
  const app = new Hono();
  app.use("*", corsOrigins(allowed));
  app.use("/big", responseSizeCap(1024));
  app.get("/small", (c) => c.json({ ok: true }));
  app.get("/big", (c) => c.json({ rows: "x".repeat(2048) }));
  app.onError((error, c) => {
    assert.ok(error instanceof ApiError);
    return c.json(error.toGraphQL(), error.status);
  });
  return new Hono().use(cors({ origin: "*", maxAge: 86400 })).route("/", app);
}

test("only the configured origins may read answers; the default is the local web app's", async () => {
  const outer = server(["https://app.example"]);
  let response = await outer.request("/small", { headers: { origin: "https://app.example" } });
  assert.equal(response.headers.get("access-control-allow-origin"), "https://app.example");
  assert.match(response.headers.get("vary") ?? "", /Origin/);
  response = await outer.request("/small", { headers: { origin: "https://evil.example" } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("access-control-allow-origin"), null, "the browser will not show it");

  assert.ok(originAllowed(LOCAL_WEB_ORIGINS, "http://localhost:5173"));
  assert.ok(originAllowed(LOCAL_WEB_ORIGINS, "http://127.0.0.1:4173"));
  assert.ok(!originAllowed(LOCAL_WEB_ORIGINS, "http://localhost.evil.example"));
  assert.ok(!originAllowed(LOCAL_WEB_ORIGINS, "http://localhost:5173.evil.example"));
  assert.ok(!originAllowed(LOCAL_WEB_ORIGINS, "https://app.example"));
});

test("an answer over the size cap is replaced by a JSON error naming the cap", async () => {
  const outer = server(LOCAL_WEB_ORIGINS);
  assert.equal((await outer.request("/small")).status, 200);
  const response = await outer.request("/big");
  assert.equal(response.status, 400);
  assert.deepStrictEqual(await response.json(), {
    errors: [
      {
        message: "The answer is larger than the limit of 1024 bytes: ask for fewer rows (limit) or fields.",
        extensions: { code: "RESPONSE_TOO_LARGE", limit: "1024" },
      },
    ],
  });
});
