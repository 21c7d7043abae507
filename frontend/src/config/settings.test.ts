import { describe, expect, test } from "vitest";

import { readSettings, SettingsError } from "./settings.ts";

describe("readSettings", () => {
  test("defaults to the local stack; blank variables are unset and Vite's own keys are ignored", () => {
    expect(readSettings({ MODE: "production", DEV: false, VITE_MANIFEST_URL: "  " })).toEqual({
      chainId: 31337,
      rpcUrl: undefined,
      indexerUrl: "http://127.0.0.1:42069",
      manifestBaseUrl: undefined,
      manifestPattern: "epoch-{epoch}.json",
      ipfsGateways: [],
      ensRpcUrl: undefined,
      intakeUrl: undefined,
    });
  });

  test("reads every variable, URLs without their trailing slash", () => {
    expect(
      readSettings({
        VITE_CHAIN_ID: " 42161 ",
        VITE_RPC_URL: "https://arb1.example/rpc/",
        VITE_INDEXER_URL: "https://indexer.example/",
        VITE_MANIFEST_URL: "https://manifests.example/epochs/",
        VITE_MANIFEST_PATTERN: "{manifestHash}.json",
        VITE_IPFS_GATEWAYS: " http://127.0.0.1:19490, https://gateway.example ",
        VITE_ENS_RPC_URL: "https://mainnet.example/",
        VITE_INTAKE_URL: "https://intake.example/",
      }),
    ).toEqual({
      chainId: 42161,
      rpcUrl: "https://arb1.example/rpc",
      indexerUrl: "https://indexer.example",
      manifestBaseUrl: "https://manifests.example/epochs",
      manifestPattern: "{manifestHash}.json",
      ipfsGateways: ["http://127.0.0.1:19490", "https://gateway.example"],
      ensRpcUrl: "https://mainnet.example",
      intakeUrl: "https://intake.example",
    });
  });

  test.each([
    [{ VITE_CHAIN_ID: "x" }, `environment: VITE_CHAIN_ID: expected an integer 1..${Number.MAX_SAFE_INTEGER}, got "x"`],
    [{ VITE_CHAIN_ID: "0" }, `environment: VITE_CHAIN_ID: expected an integer 1..${Number.MAX_SAFE_INTEGER}, got "0"`],
    [
      { VITE_INDEXER_URL: "127.0.0.1:42069" },
      'environment: VITE_INDEXER_URL: expected an absolute URL, got "127.0.0.1:42069"',
    ],
    [
      { VITE_MANIFEST_PATTERN: "latest.json" },
      'environment: VITE_MANIFEST_PATTERN: expected a file name containing {epoch} or {manifestHash}, got "latest.json"',
    ],
    [
      { VITE_IPFS_GATEWAYS: "gateway.example" },
      'environment: VITE_IPFS_GATEWAYS: expected comma-separated http(s) URLs, got "gateway.example"',
    ],
  ])("names the bad variable: %o", (env, message) => {
    expect(() => readSettings(env)).toThrow(SettingsError);
    expect(() => readSettings(env)).toThrow(message);
  });
});
