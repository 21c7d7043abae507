import assert from "node:assert/strict";
import { test } from "node:test";
import { GitbeakerRequestError, GitbeakerRetryError } from "@gitbeaker/rest";
import { RequestError } from "@octokit/request-error";
import { createPublicClient, http } from "viem";

import { isTransientError } from "./transientError.ts";

const requestError = (status: number) =>
  new RequestError("GitHub said so", status, {
    request: { method: "GET", url: "https://api.github.com/x", headers: {} },
  });

test("a forge answer of 5xx, 429 or bad credentials is tried again; a 404 or 422 is the delivery's fault", () => {
  for (const status of [500, 502, 429, 401, 403])
    assert.equal(isTransientError(requestError(status)), true, String(status));
  for (const status of [404, 422]) assert.equal(isTransientError(requestError(status)), false, String(status));
});

test("an RPC that does not answer is tried again; a payload without its fields is not", async () => {
  // Port 9 (discard) on loopback: nothing listens, the connection is refused.
  const client = createPublicClient({ transport: http("http://127.0.0.1:9", { retryCount: 0 }) });
  const error = await client.getChainId().catch((e: unknown) => e);
  assert.equal(isTransientError(error), true);
  assert.equal(isTransientError(new TypeError("Cannot read properties of undefined (reading 'login')")), false);
  assert.equal(isTransientError(new TypeError("fetch failed")), true);
});

test("GitLab's answers are judged alike: 5xx, 429, 401 and 403 and a client that gave up retrying again, 404 not", () => {
  const gitlabError = (status: number) => {
    const request = new Request("https://gitlab.com/api/v4/projects/1/merge_requests/2");
    return new GitbeakerRequestError(`${status}`, {
      cause: { description: `${status}`, request, response: new Response(null, { status }) },
    });
  };
  for (const status of [500, 503, 429, 401, 403])
    assert.equal(isTransientError(gitlabError(status)), true, `${status}`);
  for (const status of [404, 422]) assert.equal(isTransientError(gitlabError(status)), false, `${status}`);
  assert.equal(isTransientError(new GitbeakerRetryError("Could not successfully complete this request")), true);
});
