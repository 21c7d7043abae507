/**
 * Per-client rate limits as the indexer mounts them, on a real Hono app answering JSON errors as the API does; the
 * clock is the limiter's own, moved by the test.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Hono } from "hono";

import { ApiError } from "../src/api/errors.ts";
import { rateLimit } from "../src/api/rateLimit.ts";

function server(settings: { perSecond: number; burst: number; trustProxy: boolean }) {
  let clock = 0;
  const app = new Hono();
  app.use(
    "*",
    rateLimit(settings, () => clock),
  );
  app.get("/claims/:account", (c) => c.json({ ok: true }));
  app.onError((error, c) => {
    assert.ok(error instanceof ApiError);
    return c.json(error.toJSON(), error.status);
  });
  const from = (address: string) => app.request("/claims/0x1", { headers: { "x-forwarded-for": address } });
  return { from, advance: (ms: number) => (clock += ms) };
}

test("a client over its burst gets RATE_LIMITED with Retry-After; others are served, and it is again after waiting", async () => {
  const { from, advance } = server({ perSecond: 2, burst: 3, trustProxy: true });
  for (let i = 0; i < 3; i++) assert.equal((await from("203.0.113.7")).status, 200, `request ${i + 1} of the burst`);
  const limited = await from("203.0.113.7");
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get("retry-after"), "1");
  const body = (await limited.json()) as { error: { code: string; message: string; retryAfterSeconds: string } };
  assert.equal(body.error.code, "RATE_LIMITED");
  assert.match(body.error.message, /at most 2 per second \(bursts of 3\) per client/);
  assert.equal((await from("198.51.100.9")).status, 200, "another client is not slowed");
  advance(500); // one token back at 2 per second
  assert.equal((await from("203.0.113.7")).status, 200);
  assert.equal((await from("203.0.113.7")).status, 429);
});

test("without a trusted proxy, X-Forwarded-For is ignored: a client cannot pose as many", async () => {
  const { from } = server({ perSecond: 1, burst: 1, trustProxy: false });
  assert.equal((await from("203.0.113.1")).status, 200);
  assert.equal((await from("203.0.113.2")).status, 429, "the same socket, whatever the header says");
});

test("a limit of 0 turns it off", async () => {
  const { from } = server({ perSecond: 0, burst: 1, trustProxy: false });
  for (let i = 0; i < 5; i++) assert.equal((await from("203.0.113.1")).status, 200);
});
