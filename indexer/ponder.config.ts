/**
 * Which chain and contracts to index. Addresses and start blocks come from `deployments/<chainId>.json`, ABIs
 * from the Hardhat build artifacts the deployment file names (typed by the artifacts' generated declarations),
 * so nothing is copied by hand. The chain is chosen by CCN_CHAIN_ID (31337 local Hardhat by default,
 * 421614 Arbitrum Sepolia, 42161 Arbitrum One); see README.md for every variable.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { createConfig } from "ponder";

import type { AssetRegistry$Type } from "../artifacts/contracts/AssetRegistry.sol/artifacts.js";
import type { ContributionLedger$Type } from "../artifacts/contracts/ContributionLedger.sol/artifacts.js";
import type { PayoutDistributor$Type } from "../artifacts/contracts/PayoutDistributor.sol/artifacts.js";
import type { RevenueRouter$Type } from "../artifacts/contracts/RevenueRouter.sol/artifacts.js";
import { readDeployment } from "./config/deployment.ts";
import { chainSettings, REPO_ROOT } from "./config/env.ts";

const settings = chainSettings();
const deployment = readDeployment(settings.chainId, settings.deploymentsDir);

/** The ABI of a deployed contract, read from the artifact its deployment entry names. */
function abiOf<T extends { abi: unknown }>(name: keyof typeof deployment.contracts): T["abi"] {
  const file = path.resolve(REPO_ROOT, deployment.contracts[name].artifact);
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as T).abi;
  } catch (cause) {
    throw new Error(`cannot read the ABI of ${name} from ${file} (${(cause as Error).message}); run "npx hardhat build"`);
  }
}

const chain = settings.chainName;
const contract = <T extends { abi: unknown }>(name: keyof typeof deployment.contracts) => ({
  chain,
  abi: abiOf<T>(name),
  address: deployment.contracts[name].address,
  startBlock: deployment.contracts[name].startBlock,
});

export default createConfig({
  database: settings.databaseUrl
    ? { kind: "postgres", connectionString: settings.databaseUrl }
    : { kind: "pglite", ...(settings.pgliteDir ? { directory: settings.pgliteDir } : {}) },
  chains: {
    [chain]: {
      id: settings.chainId,
      rpc: settings.rpcUrl,
      pollingInterval: settings.pollingInterval,
      // A local chain restarts from genesis with the same id: cached RPC answers would be of an old chain.
      disableCache: settings.local,
    },
  },
  contracts: {
    AssetRegistry: contract<AssetRegistry$Type>("AssetRegistry"),
    ContributionLedger: contract<ContributionLedger$Type>("ContributionLedger"),
    PayoutDistributor: contract<PayoutDistributor$Type>("PayoutDistributor"),
    RevenueRouter: contract<RevenueRouter$Type>("RevenueRouter"),
  },
});
