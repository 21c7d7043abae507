import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AccountHistoryResponse } from "@coherence/protocol";

import { accountFeed } from "../src/api/accountFeed.ts";

const ADA = "0x00000000000000000000000000000000000000a1";
const USD = "0x00000000000000000000000000000000000000aa";
const ROOT = `0x${"ab".repeat(32)}` as const;

const history = {
  account: ADA,
  epochs: [
    {
      number: 2n,
      status: "finalised",
      payoutRoot: ROOT,
      finalisedAt: 1_700_000_000n,
      payouts: [{ token: USD, previous: 0n, amount: 12_500_000n, cumulative: 12_500_000n }],
    },
    {
      number: 5n,
      status: "revoked",
      payoutRoot: ROOT,
      finalisedAt: 1_700_100_000n,
      payouts: [{ token: USD, previous: 12_500_000n, amount: 1_000_000n, cumulative: 13_500_000n }],
    },
  ],
  claims: [],
} as unknown as AccountHistoryResponse;

describe("accountFeed", () => {
  test("an Atom entry per epoch, newest first, amounts in the token's units, a revoked epoch said so", () => {
    const feed = accountFeed(history, {
      chainId: 31337,
      selfUrl: "http://127.0.0.1:42069/v1/accounts/a&b/feed.atom",
      tokens: new Map([[USD, { symbol: "dUSD", decimals: 6 }]]),
    });
    assert.match(feed, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    assert.match(
      feed,
      /<link rel="self" type="application\/atom\+xml" href="http:\/\/127.0.0.1:42069\/v1\/accounts\/a&amp;b\/feed.atom"\/>/,
    );
    assert.match(feed, /<updated>2023-11-16T02:00:00Z<\/updated>/, "the feed is as new as its newest epoch");
    const titles = [...feed.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]);
    assert.deepEqual(titles, [
      `Coherence Network payouts of ${ADA}`,
      "Epoch 5 was revoked by governance",
      "Epoch 2: 12.5 dUSD for you",
    ]);
    assert.match(feed, /<id>urn:coherence:31337:epoch:2:finalised:0x0{38}a1<\/id>/);
    assert.match(feed, /your cumulative payout is 12.5 dUSD/);
  });

  test("an account without payouts gets an empty feed, and an unknown token is named by its address", () => {
    const empty = accountFeed(
      { ...history, epochs: [] },
      { chainId: 1, selfUrl: "http://x/feed.atom", tokens: new Map() },
    );
    assert.equal([...empty.matchAll(/<entry>/g)].length, 0);
    assert.match(empty, /<updated>1970-01-01T00:00:00Z<\/updated>/);
    const unknown = accountFeed(history, { chainId: 1, selfUrl: "http://x/feed.atom", tokens: new Map() });
    assert.match(unknown, new RegExp(`Epoch 2: 12500000 ${USD} for you`));
  });
});
