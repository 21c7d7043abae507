/**
 * Test support for the epoch commands: a deployment file and an oracle config in `dir` that point at an RPC
 * the test serves, so a command runs end to end against a fake node.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import { DEPLOYMENT_FORMAT, type Deployment } from "@coherence/protocol";
import { deploymentPath } from "@coherence/protocol/node";

import { createScoringConfig } from "../../scoring/config.ts";
import { ORACLE_CONFIG_FORMAT, writeOracleConfig } from "../oracleConfig.ts";

const TEST_CHAIN_ID = 31337;
const someone = (byte: string) => `0x${byte.repeat(20)}` as const;
const contract = (byte: string) => ({ address: someone(byte), startBlock: 1, artifact: "artifacts/x.json" });
const deployment: Deployment = {
  format: DEPLOYMENT_FORMAT,
  chainId: TEST_CHAIN_ID,
  network: "hardhat",
  contracts: {
    AssetRegistry: contract("01"),
    ContributionLedger: contract("02"),
    PayoutDistributor: contract("03"),
    RevenueRouter: contract("04"),
    CoherenceTimelock: contract("05"),
  },
  tokens: [],
  parameters: {
    adminDelay: 0,
    admin: someone("05"),
    governanceDelay: 7200,
    governors: [someone("0a")],
    guardians: [someone("06")],
    oracles: [someone("07")],
    threshold: 1,
    challengePeriod: 3600,
    attesters: [],
    verifiers: [],
    treasury: someone("08"),
    reserve: someone("09"),
    feeBps: 0,
    poolBps: 10_000,
    tokens: [],
  },
};

/**
 * Writes the deployment and `ccn.config.json` under `dir` for a node at `rpcUrl`.
 *
 * @example
 * const { config, dataDir } = await writeTestNetwork(dir, "http://127.0.0.1:8545");
 */
export async function writeTestNetwork(dir: string, rpcUrl: string): Promise<{ config: string; dataDir: string }> {
  const deploymentsDir = path.join(dir, "deployments");
  await mkdir(deploymentsDir);
  await writeFile(deploymentPath(TEST_CHAIN_ID, deploymentsDir), JSON.stringify(deployment));
  const config = path.join(dir, "ccn.config.json");
  const dataDir = path.join(dir, "data");
  await writeOracleConfig(config, {
    format: ORACLE_CONFIG_FORMAT,
    chainId: TEST_CHAIN_ID,
    rpcUrl,
    deploymentsDir,
    dataDir,
    manifestsDir: path.join(dir, "manifests"),
    scoring: createScoringConfig({}),
    reviews: {},
  });
  return { config, dataDir };
}
