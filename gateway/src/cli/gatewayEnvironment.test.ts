import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { InvalidArgumentError } from "@coherence/protocol";

import { gatewayEnvironment, tokenAddress } from "./gatewayEnvironment.ts";

const KEY = `0x${"11".repeat(32)}`;
const BASE = {
  CCN_RPC_URL: "http://127.0.0.1:8545",
  CCN_GATEWAY_PRIVATE_KEY: KEY,
  CCN_GATEWAY_COMPOSABLES: "1=a/coherence.bundle.json, 6=b/coherence.bundle.json",
  CCN_GATEWAY_TOKEN: "dUSD",
};

describe("gatewayEnvironment", () => {
  test("reads the composables and the defaults", () => {
    const settings = gatewayEnvironment(BASE);
    assert.deepEqual(settings.composables, [
      { assetId: 1n, manifestFile: "a/coherence.bundle.json" },
      { assetId: 6n, manifestFile: "b/coherence.bundle.json" },
    ]);
    assert.equal(settings.port, 8795);
    assert.equal(settings.hostingFeeBps, 1_000n);
    assert.equal(settings.redeemIntervalMs, 10_000);
    assert.equal(settings.deploymentsDir, "deployments");
  });

  test("refuses in words what is missing or malformed", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ CCN_RPC_URL: "" }, /CCN_RPC_URL is not set/],
      [{ CCN_GATEWAY_PRIVATE_KEY: "0x12" }, /0x and 64 hex digits/],
      [{ CCN_GATEWAY_COMPOSABLES: "one=a.json" }, /is not <asset id>=<coherence.bundle.json>/],
      [{ CCN_GATEWAY_PORT: "70000" }, /CCN_GATEWAY_PORT must be an integer from 0 to 65535/],
      [{ CCN_GATEWAY_HOSTING_FEE_BPS: "-1" }, /CCN_GATEWAY_HOSTING_FEE_BPS must be an integer/],
    ];
    for (const [change, message] of cases) {
      assert.throws(() => gatewayEnvironment({ ...BASE, ...change }), message);
    }
  });

  test("a token is a deployment token's symbol or an address", () => {
    const tokens = [{ symbol: "dUSD", address: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0" as const }];
    assert.equal(tokenAddress("dUSD", tokens), tokens[0]!.address);
    assert.equal(tokenAddress(tokens[0]!.address, []), tokens[0]!.address);
    assert.throws(() => tokenAddress("dEUR", tokens), InvalidArgumentError);
  });
});
