import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { MalformedFieldError } from "@coherence/protocol";
import { afterEach, describe, expect, test } from "vitest";

import { DeploymentsPluginError, readDeployments } from "./deploymentsPlugin.ts";

const address = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const contract = (n: number) => ({ address: address(n), startBlock: n, artifact: `artifacts/${n}.json` });

/** A valid deployment file of `chainId`. */
const deploymentOf = (chainId: number) => ({
  format: "coherence-deployment-v2",
  chainId,
  network: "local",
  contracts: {
    AssetRegistry: contract(1),
    ContributionLedger: contract(2),
    PayoutDistributor: contract(3),
    RevenueRouter: contract(4),
    CoherenceTimelock: contract(12),
  },
  tokens: [{ address: address(5), symbol: "dUSD", name: "Demo USD", decimals: 6, startBlock: 5 }],
  parameters: {
    adminDelay: 0,
    admin: address(12),
    governanceDelay: 7200,
    governors: [address(6)],
    guardians: [address(7)],
    oracles: [address(8)],
    threshold: 1,
    challengePeriod: 3600,
    attesters: [address(9)],
    verifiers: [address(13)],
    treasury: address(10),
    reserve: address(11),
    feeBps: 200,
    poolBps: 8000,
    tokens: [address(5)],
  },
});

let dir: string;
const write = (name: string, value: unknown) => writeFileSync(path.join(dir, name), JSON.stringify(value));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("readDeployments", () => {
  test("gives the app only what it reads of each <chainId>.json, and nothing for a missing directory", () => {
    dir = mkdtempSync(path.join(tmpdir(), "ccn-deployments-"));
    write("31337.json", deploymentOf(31337));
    write("notes.json", {});
    expect(readDeployments(dir)).toEqual([
      {
        chainId: 31337,
        contracts: {
          AssetRegistry: { address: address(1) },
          PayoutDistributor: { address: address(3) },
          RevenueRouter: { address: address(4) },
        },
        tokens: [{ address: address(5), symbol: "dUSD", name: "Demo USD", decimals: 6, permit: false }],
      },
    ]);
    expect(readDeployments(path.join(dir, "missing"))).toEqual([]);
  });

  test("passes the ForgeLinkRegistry's address on when the file has one, so the app can link forge accounts there", () => {
    dir = mkdtempSync(path.join(tmpdir(), "ccn-deployments-"));
    const withRegistry = deploymentOf(31337);
    write("31337.json", { ...withRegistry, contracts: { ...withRegistry.contracts, ForgeLinkRegistry: contract(14) } });
    expect(readDeployments(dir)[0]?.contracts.ForgeLinkRegistry).toEqual({ address: address(14) });
  });

  test("fails the build on a malformed file, naming the file and the field", () => {
    dir = mkdtempSync(path.join(tmpdir(), "ccn-deployments-"));
    const file = path.join(dir, "31337.json");
    write("31337.json", {
      ...deploymentOf(31337),
      contracts: { ...deploymentOf(31337).contracts, PayoutDistributor: { ...contract(3), address: 7 } },
    });
    expect(() => readDeployments(dir)).toThrow(MalformedFieldError);
    expect(() => readDeployments(dir)).toThrow(
      `${file}: contracts.PayoutDistributor.address: expected a 0x-prefixed 20-byte address, got 7`,
    );
  });

  test("fails the build on a file named after another chain", () => {
    dir = mkdtempSync(path.join(tmpdir(), "ccn-deployments-"));
    write("42161.json", deploymentOf(31337));
    expect(() => readDeployments(dir)).toThrow(DeploymentsPluginError);
    expect(() => readDeployments(dir)).toThrow("holds the deployment of chain 31337; it must be named 31337.json");
  });
});
