import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, test } from "node:test";

import { type AccountHistoryResponse, accountHistoryResponseSchema } from "./accountHistory.ts";
import { IndexerError, indexerClient } from "./indexerClient.ts";

const ADA = "0x00000000000000000000000000000000000000a1";
const HISTORY: AccountHistoryResponse = {
  account: ADA,
  epochs: [
    {
      number: 2n,
      status: "finalised",
      payoutRoot: `0x${"ab".repeat(32)}`,
      manifestHash: `0x${"cd".repeat(32)}`,
      fromBlock: 1n,
      toBlock: 90n,
      finalisedAt: 1_700_000_000n,
      payouts: [
        {
          token: "0x00000000000000000000000000000000000000aa",
          previous: 0n,
          amount: 10n ** 30n,
          cumulative: 10n ** 30n,
        },
      ],
    },
  ],
  claims: [],
};

/** A stand-in indexer answering fixed shapes by path, as the real one answers them. */
let server: Server;
let url: string;
const seen: { method: string; path: string; body: string }[] = [];

before(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method!, path: req.url!, body });
      const json = (status: number, value: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
      if (req.url === `/v1/accounts/${ADA}/history`) return json(200, accountHistoryResponseSchema.encode(HISTORY));
      if (req.url === `/v1/claims/${ADA}`)
        return json(404, { error: { code: "NO_LEAVES", message: "no payout in epoch 2", account: ADA, epoch: "2" } });
      if (req.url === "/v1/claims/0xplain") return res.writeHead(502).end("<html>bad gateway</html>");
      if (req.url === "/graphql") {
        const { query } = JSON.parse(body) as { query: string };
        return query.includes("broken")
          ? json(200, { errors: [{ message: "Cannot query field broken" }] })
          : json(200, { data: { epochs: { items: [{ id: "2" }] } } });
      }
      return json(404, { error: { code: "NOT_FOUND", message: `No route GET ${req.url}.` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("indexerClient", () => {
  test("decodes the history route by the protocol's schema: amounts are bigint, exactly", async () => {
    const history = await indexerClient(`${url}/`).history(ADA);
    assert.deepEqual(history, HISTORY);
    assert.equal(history.epochs[0]!.payouts[0]!.amount, 10n ** 30n);
  });

  test("an API error keeps its code, status and fields", async () => {
    const error = await indexerClient(url)
      .claims(ADA)
      .catch((e: unknown) => e);
    assert.ok(error instanceof IndexerError);
    assert.deepEqual([error.code, error.status, error.fields], ["NO_LEAVES", 404, { account: ADA, epoch: "2" }]);
    assert.equal(error.shortMessage, "no payout in epoch 2");
  });

  test("an answer that is not JSON, and an indexer that cannot be reached, are named", async () => {
    await assert.rejects(indexerClient(url).claims("0xplain"), {
      name: "IndexerError",
      code: "BAD_RESPONSE",
      status: 502,
    });
    // A port nothing listens on: the server's own, once closed, is not known here; port 1 refuses on loopback.
    await assert.rejects(indexerClient("http://127.0.0.1:1").history(ADA), (e: unknown) => {
      assert.ok(e instanceof IndexerError);
      assert.equal(e.code, "NETWORK");
      assert.match(e.shortMessage, /^The indexer at http:\/\/127.0.0.1:1 cannot be reached/);
      return true;
    });
  });

  test("GraphQL: data returned, variables sent as JSON, the first error thrown", async () => {
    const client = indexerClient(url);
    const data = await client.graphql<{ epochs: { items: { id: string }[] } }>("{ epochs { items { id } } }", {
      n: 1,
    });
    assert.deepEqual(data, { epochs: { items: [{ id: "2" }] } });
    const sent = seen.findLast((r) => r.path === "/graphql")!;
    assert.deepEqual([sent.method, JSON.parse(sent.body).variables], ["POST", { n: 1 }]);
    await assert.rejects(client.graphql("{ broken }"), {
      code: "GRAPHQL",
      shortMessage: "The indexer rejected a query: Cannot query field broken",
    });
  });
});
