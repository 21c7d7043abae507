/**
 * The GraphQL requests remembered by body: a body seen before is not measured again, one over a limit is refused
 * every time, and the content type is checked on every request.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Hono } from "hono";

import { ApiError } from "../src/api/errors.ts";
import { CheckedRequests } from "../src/api/graphqlRequest.ts";

function server() {
  const checked: string[] = [];
  const requests = new CheckedRequests({
    maxBodyBytes: 1024,
    check: (request) => {
      checked.push(request.query);
      if (request.query.includes("costly")) throw new ApiError("QUERY_TOO_COSTLY", "too costly");
    },
    maxEntries: 2,
  });
  const app = new Hono();
  app.post("/graphql", async (c) => c.json({ key: await requests.cacheKey(c), again: await requests.cacheKey(c) }));
  app.onError((error, c) => {
    assert.ok(error instanceof ApiError, String(error));
    return c.json(error.toGraphQL(), error.status);
  });
  const post = (query: string, contentType = "application/json", variables: Record<string, unknown> = {}) =>
    app.request("/graphql", {
      method: "POST",
      headers: { "content-type": contentType },
      body: JSON.stringify({ query, variables }),
    });
  return { post, checked };
}

test("a body sent before is not measured again, and keeps its cache key", async () => {
  const { post, checked } = server();
  const first = (await (await post("{ a }")).json()) as { key: string; again: string };
  const second = (await (await post("{ a }")).json()) as { key: string };
  assert.equal(second.key, first.key);
  assert.equal(first.again, first.key, "one key per request");
  assert.deepStrictEqual(checked, ["{ a }"]);
  // Two more bodies push the first out (two entries at most): it is measured again.
  await post("{ b }");
  await post("{ c }");
  await post("{ a }");
  assert.deepStrictEqual(checked, ["{ a }", "{ b }", "{ c }", "{ a }"]);
});

test("a body over a limit is refused every time, and a remembered body with another content type is refused", async () => {
  const { post, checked } = server();
  for (let i = 0; i < 2; i++) {
    const response = await post("{ costly }");
    assert.equal(response.status, 400);
    assert.equal(
      ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
      "QUERY_TOO_COSTLY",
    );
  }
  assert.equal(checked.length, 2, "measured each time");
  assert.equal((await post("{ a }")).status, 200);
  assert.equal((await post("{ a }", "text/plain")).status, 415);
});
