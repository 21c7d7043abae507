/**
 * Cache hits written straight to Node's response, and bodies read straight from Node's request, in the server
 * Ponder runs: Hono's Node adapter (the one Ponder depends on) serving an outer app that answers every route with
 * `Access-Control-Allow-Origin: *` (as Ponder's does) with the indexer's middlewares routed under it.
 */
import assert from "node:assert/strict";
import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { Hono } from "hono";
import { cors } from "hono/cors";

import { corsOrigins } from "../src/api/corsOrigins.ts";
import { sendBytes } from "../src/api/directAnswer.ts";
import { ApiError } from "../src/api/errors.ts";
import { bodyToRequest, requestBody } from "../src/api/requestBody.ts";
import { ResponseCache } from "../src/api/responseCache.ts";

// The adapter of the Ponder installed, resolved as Ponder resolves it.
const { getRequestListener } = createRequire(import.meta.resolve("ponder"))("@hono/node-server") as {
  getRequestListener: (fetch: Hono["fetch"]) => http.RequestListener;
};

const ORIGIN = "https://app.example";
const MAX_BODY = 1024;

async function server(t: { after: (f: () => unknown) => void }) {
  let executions = 0;
  const cache = new ResponseCache({ readVersion: async () => "v1", maxAgeMs: 60_000, maxEntries: 10, maxBytes: 1e6 });
  const app = new Hono();
  app.use("*", sendBytes());
  app.use("*", corsOrigins([ORIGIN]));
  app.use("/echo", async (c, next) => {
    await requestBody(c, MAX_BODY);
    return next();
  });
  app.use(
    "/echo",
    cache.middleware(async (c) => Buffer.from(await requestBody(c, MAX_BODY)).toString("hex")),
  );
  app.use("/echo", bodyToRequest);
  // The handler reads the Request, as Ponder's GraphQL server does.
  app.post("/echo", async (c) => {
    executions++;
    return c.json({ echo: await c.req.raw.text(), n: "é".repeat(3) });
  });
  app.use("/claims/*", cache.middleware());
  app.get("/claims/:account", (c) => {
    executions++;
    return c.json({ account: c.req.param("account") });
  });
  app.onError((error, c) => {
    assert.ok(error instanceof ApiError, String(error));
    return c.json(error.toJSON(), error.status);
  });
  const outer = new Hono().use(cors({ origin: "*", maxAge: 86400 })).route("/", app);
  const httpServer = http.createServer(getRequestListener(outer.fetch));
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise((resolve) => httpServer.close(resolve)));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  return { url, executions: () => executions };
}

test("a cache hit is the miss's bytes with their length, its own CORS headers and x-cache", async (t) => {
  const { url, executions } = await server(t);
  const post = (origin: string) =>
    fetch(`${url}/echo`, { method: "POST", headers: { origin, "content-type": "application/json" }, body: "{}" });
  const miss = await post(ORIGIN);
  const missBody = await miss.text();
  assert.equal(miss.headers.get("x-cache"), null);
  for (const origin of [ORIGIN, "https://evil.example"]) {
    const hit = await post(origin);
    const body = await hit.arrayBuffer();
    assert.equal(hit.status, 200);
    assert.equal(hit.headers.get("x-cache"), "hit");
    assert.equal(Buffer.from(body).toString("utf8"), missBody);
    assert.equal(hit.headers.get("content-length"), String(body.byteLength), "the length of the bytes, not characters");
    assert.match(hit.headers.get("content-type") ?? "", /^application\/json/);
    assert.match(hit.headers.get("vary") ?? "", /Origin/);
    assert.equal(hit.headers.get("access-control-allow-origin"), origin === ORIGIN ? ORIGIN : null, origin);
    assert.equal(hit.headers.get("x-hono-already-sent"), null, "the adapter's marker is not sent");
  }
  assert.deepStrictEqual(JSON.parse(missBody), { echo: "{}", n: "ééé" }, "the handler read the body on the miss");
  const claims = [await fetch(`${url}/claims/0x1`), await fetch(`${url}/claims/0x1`)];
  assert.deepStrictEqual(await Promise.all(claims.map((r) => r.json())), [{ account: "0x1" }, { account: "0x1" }]);
  assert.equal(claims[1]!.headers.get("x-cache"), "hit");
  assert.equal(executions(), 2);
});

test("a body past the limit is refused, declared or streamed, and a new body is a new answer", async (t) => {
  const { url } = await server(t);
  const big = "x".repeat(MAX_BODY + 1);
  const declared = await fetch(`${url}/echo`, { method: "POST", body: big });
  assert.equal(declared.status, 413);
  assert.equal(((await declared.json()) as { error: { code: string } }).error.code, "PAYLOAD_TOO_LARGE");
  // Chunked: no content-length to trust, so the limit applies as the bytes come.
  const streamed = await fetch(`${url}/echo`, {
    method: "POST",
    body: new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode(big.slice(0, 400)));
        controller.close();
      },
    }),
    duplex: "half",
  } as RequestInit);
  assert.equal(streamed.status, 413);
  for (const body of ["a", "b"]) {
    const response = await fetch(`${url}/echo`, { method: "POST", body });
    assert.equal(((await response.json()) as { echo: string }).echo, body);
  }
});
