/**
 * The response cache against issue 16's poisoning: a handler that answers as Ponder's GraphQL server does (an
 * empty 200 to `text/plain`, an event stream to `Accept: text/event-stream`, JSON otherwise) behind the cache,
 * and the JSON client that follows each odd request must get its own JSON answer.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Hono } from "hono";
import { ResponseCache } from "../src/api/responseCache.ts";

function app() {
  let executions = 0;
  const cache = new ResponseCache({ readVersion: async () => "v1", maxAgeMs: 60_000, maxEntries: 10, maxBytes: 1e6 });
  const hono = new Hono();
  hono.use("/graphql", cache.middleware());
  hono.post("/graphql", (c) => {
    executions++;
    const accept = c.req.header("accept") ?? "";
    if (c.req.header("content-type") === "text/plain") return c.body(null, 200);
    if (accept.includes("text/event-stream"))
      return c.body('event: next\ndata: {"data":{"n":1}}\n\n', 200, { "content-type": "text/event-stream" });
    if (c.req.header("x-fail")) return c.json({ errors: [{ message: "boom" }] }, 500);
    return c.json({ data: { n: 1 } });
  });
  const post = (headers: Record<string, string>) =>
    hono.request("/graphql", { method: "POST", headers, body: JSON.stringify({ query: "{ n }" }) });
  return { post, executions: () => executions };
}

const JSON_CLIENT = { "content-type": "application/json" };

test("a text/plain POST's empty answer is neither cached nor served to JSON clients", async () => {
  const { post, executions } = app();
  for (let i = 0; i < 2; i++) assert.equal(await (await post({ "content-type": "text/plain" })).text(), "");
  const response = await post(JSON_CLIENT);
  assert.equal(response.headers.get("x-cache"), null);
  assert.deepStrictEqual(await response.json(), { data: { n: 1 } });
  assert.equal(executions(), 3, "the empty answers were not kept");
});

test("an event-stream answer is not cached; the JSON answer is, for JSON clients only", async () => {
  const { post, executions } = app();
  const stream = await post({ ...JSON_CLIENT, accept: "text/event-stream" });
  assert.equal(stream.headers.get("content-type"), "text/event-stream");
  await stream.text();
  let response = await post(JSON_CLIENT);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepStrictEqual(await response.json(), { data: { n: 1 } });
  response = await post(JSON_CLIENT);
  assert.equal(response.headers.get("x-cache"), "hit");
  assert.equal(response.headers.get("content-type"), "application/json");
  const again = await post({ ...JSON_CLIENT, accept: "text/event-stream" });
  assert.equal(again.headers.get("x-cache"), null, "a stream client is not answered from the JSON entry");
  assert.equal(await again.text(), 'event: next\ndata: {"data":{"n":1}}\n\n');
  assert.equal(executions(), 3);
});

test("an error answer is not cached", async () => {
  const { post, executions } = app();
  await post({ ...JSON_CLIENT, "x-fail": "1" });
  await post({ ...JSON_CLIENT, "x-fail": "1" });
  assert.equal(executions(), 2);
});
