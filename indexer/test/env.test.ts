/**
 * The indexer's settings from the environment: the defaults of each chain, empty variables taken as unset, and
 * bad values named like any other malformed field.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";

import { MalformedFieldError } from "@coherence/protocol";
import { apiSettings, chainSettings, ponderCommand, REPO_ROOT } from "../config/env.ts";

test("each chain's defaults: local Hardhat, Arbitrum One, Arbitrum Sepolia and any other id as a local chain", () => {
  assert.deepStrictEqual(chainSettings({}), {
    chainId: 31337,
    chainName: "local",
    rpcUrl: "http://127.0.0.1:8545",
    local: true,
    pollingInterval: 200,
    deploymentsDir: path.join(REPO_ROOT, "deployments"),
    databaseUrl: undefined,
    apiStatementTimeoutMs: undefined,
    pgliteDir: undefined,
  });
  const remote = (chainId: string) => {
    const { chainName, rpcUrl, local, pollingInterval } = chainSettings({ CCN_CHAIN_ID: chainId });
    return { chainName, rpcUrl, local, pollingInterval };
  };
  assert.deepStrictEqual(remote("42161"), {
    chainName: "arbitrumOne",
    rpcUrl: "https://arb1.arbitrum.io/rpc",
    local: false,
    pollingInterval: 1_000,
  });
  assert.deepStrictEqual(remote("421614"), {
    chainName: "arbitrumSepolia",
    rpcUrl: "https://sepolia-rollup.arbitrum.io/rpc",
    local: false,
    pollingInterval: 1_000,
  });
  assert.deepStrictEqual(remote("7708545"), {
    chainName: "chain7708545",
    rpcUrl: "http://127.0.0.1:8545",
    local: true,
    pollingInterval: 200,
  });
});

test("only a `ponder serve` process sets a statement timeout: in `ponder start` it would also bound indexing's writes", () => {
  const ponder = (...args: string[]) => ["/usr/bin/node", "/app/node_modules/ponder/dist/esm/bin/ponder.js", ...args];
  assert.equal(ponderCommand(ponder("serve", "--schema", "coherence")), "serve");
  assert.equal(ponderCommand(ponder("--log-format", "json", "start", "--schema", "serve")), "start");
  assert.equal(ponderCommand(["/usr/bin/node", "--test", "test/env.test.ts"]), undefined);
  const timeout = (argv: string[], env: Record<string, string> = {}) => chainSettings(env, argv).apiStatementTimeoutMs;
  assert.equal(timeout(ponder("serve")), 5_000);
  assert.equal(timeout(ponder("serve"), { CCN_API_STATEMENT_TIMEOUT_MS: "250" }), 250);
  assert.equal(timeout(ponder("start"), { CCN_API_STATEMENT_TIMEOUT_MS: "250" }), undefined);
  assert.throws(
    () => timeout(ponder("serve"), { CCN_API_STATEMENT_TIMEOUT_MS: "0" }),
    (e: unknown) => e instanceof MalformedFieldError && e.message.includes("CCN_API_STATEMENT_TIMEOUT_MS"),
  );
});

test("set variables override the defaults; empty ones do not", () => {
  const settings = chainSettings({
    CCN_CHAIN_ID: "42161",
    CCN_RPC_URL: "https://rpc.example/key/",
    CCN_POLLING_INTERVAL_MS: "250",
    CCN_DEPLOYMENTS_DIR: "elsewhere",
    DATABASE_URL: "",
    CCN_PGLITE_DIR: "",
    PATH: "/usr/bin",
  });
  assert.equal(settings.rpcUrl, "https://rpc.example/key");
  assert.equal(settings.pollingInterval, 250);
  assert.equal(settings.deploymentsDir, path.join(REPO_ROOT, "elsewhere"));
  assert.equal(settings.databaseUrl, undefined);
  assert.equal(settings.pgliteDir, undefined);

  assert.deepStrictEqual(apiSettings({}).manifests, { kind: "none" });
  assert.deepStrictEqual(apiSettings({ CCN_MANIFEST_DIR: "/srv/manifests", CCN_MANIFEST_URL: "" }).manifests, {
    kind: "directory",
    directory: "/srv/manifests",
    pattern: "epoch-{epoch}.json",
  });
  // The URL wins over the directory, and is a base whatever its trailing slash.
  for (const url of ["https://cdn.example/manifests", "https://cdn.example/manifests/"]) {
    assert.deepStrictEqual(
      apiSettings({ CCN_MANIFEST_URL: url, CCN_MANIFEST_DIR: "/srv", CCN_MANIFEST_PATTERN: "{manifestHash}.json" })
        .manifests,
      {
        kind: "url",
        baseUrl: "https://cdn.example/manifests/",
        pattern: "{manifestHash}.json",
      },
    );
  }
  const { graphql, cacheMaxAgeMs, manifestCacheSize } = apiSettings({
    CCN_GRAPHQL_MAX_ALIASES: "0",
    CCN_API_CACHE_MS: "0",
  });
  assert.deepStrictEqual(graphql, {
    maxOperationDepth: 12,
    maxOperationTokens: 2_000,
    maxOperationAliases: 0,
    maxBodyBytes: 32 * 1024,
    maxCost: 50_000,
    maxResponseBytes: 16 * 1024 * 1024,
  });
  // CORS: the local web app's origins unless told, any list of origins otherwise.
  assert.deepStrictEqual(apiSettings({}).corsOrigins, ["http://localhost:*", "http://127.0.0.1:*"]);
  assert.deepStrictEqual(apiSettings({ CCN_CORS_ORIGINS: "https://app.example, http://localhost:5173" }).corsOrigins, [
    "https://app.example",
    "http://localhost:5173",
  ]);
  assert.equal(cacheMaxAgeMs, 0);
  assert.equal(manifestCacheSize, 2);
  // IPFS gateways: none unless told, tried in the order given.
  assert.deepStrictEqual(apiSettings({}).ipfsGateways, []);
  assert.deepStrictEqual(apiSettings({ CCN_IPFS_GATEWAYS: "http://127.0.0.1:8796, https://ipfs.io" }).ipfsGateways, [
    "http://127.0.0.1:8796",
    "https://ipfs.io",
  ]);
});

test("a bad value is a MalformedFieldError naming the variable", () => {
  const message = (read: () => unknown): string => {
    try {
      read();
    } catch (error) {
      assert.ok(error instanceof MalformedFieldError);
      return error.message;
    }
    assert.fail("expected a MalformedFieldError");
  };
  assert.match(
    message(() => chainSettings({ CCN_CHAIN_ID: "x" })),
    /^environment: CCN_CHAIN_ID: expected an integer 1\.\.\d+, got "x"$/,
  );
  assert.match(
    message(() => chainSettings({ CCN_CHAIN_ID: "0" })),
    /^environment: CCN_CHAIN_ID: expected an integer 1\.\./,
  );
  assert.match(
    message(() => chainSettings({ CCN_POLLING_INTERVAL_MS: "5" })),
    /^environment: CCN_POLLING_INTERVAL_MS: expected an integer 10\.\./,
  );
  assert.match(
    message(() => chainSettings({ CCN_RPC_URL: "localhost 8545" })),
    /^environment: CCN_RPC_URL: expected an absolute URL, got "localhost 8545"$/,
  );
  assert.match(
    message(() => apiSettings({ CCN_MANIFEST_URL: "manifests/" })),
    /^environment: CCN_MANIFEST_URL: expected an absolute URL/,
  );
  assert.match(
    message(() => apiSettings({ CCN_MANIFEST_PATTERN: "epoch.json" })),
    /^environment: CCN_MANIFEST_PATTERN: must contain \{epoch\} or \{manifestHash\}, got "epoch.json"$/,
  );
  assert.match(
    message(() => apiSettings({ CCN_CORS_ORIGINS: "https://app.example,https://other.example/path" })),
    /^environment: CCN_CORS_ORIGINS: expected comma-separated origins such as https:\/\/app\.example or http:\/\/localhost:\*, got "https:\/\/other\.example\/path"$/,
  );
  assert.match(
    message(() => apiSettings({ CCN_IPFS_GATEWAYS: "https://ipfs.io,ipfs://x" })),
    /^environment: CCN_IPFS_GATEWAYS: expected comma-separated http\(s\) gateway URLs such as https:\/\/ipfs\.io, got "ipfs:\/\/x"$/,
  );
  assert.match(
    message(() => apiSettings({ CCN_CORS_ORIGINS: "*" })),
    /^environment: CCN_CORS_ORIGINS: expected/,
  );
  assert.match(
    message(() => apiSettings({ CCN_GRAPHQL_MAX_COST: "0" })),
    /^environment: CCN_GRAPHQL_MAX_COST: expected an integer 1\.\./,
  );
  assert.match(
    message(() => apiSettings({ CCN_GRAPHQL_MAX_BODY_BYTES: "100" })),
    /^environment: CCN_GRAPHQL_MAX_BODY_BYTES: expected an integer 256\.\./,
  );
});
