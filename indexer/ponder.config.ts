/**
 * Which chain and contracts to index. Addresses and start blocks come from `deployments/<chainId>.json`, ABIs
 * from `@coherence/protocol` (generated from the contracts, `as const` so the handlers' event arguments are
 * typed), so nothing is copied by hand. The chain is chosen by CCN_CHAIN_ID (31337 local Hardhat by default,
 * 421614 Arbitrum Sepolia, 42161 Arbitrum One); see README.md for every variable.
 */

import { assetRegistryAbi, contributionLedgerAbi, payoutDistributorAbi, revenueRouterAbi } from "@coherence/protocol";
import { createConfig } from "ponder";
import type { Abi } from "viem";
import { readDeployment } from "./config/deployment.ts";
import { chainSettings } from "./config/env.ts";

const settings = chainSettings();
const deployment = readDeployment(settings.chainId, settings.deploymentsDir);

const chain = settings.chainName;
const contract = <A extends Abi>(name: keyof typeof deployment.contracts, abi: A) => ({
  chain,
  abi,
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
    AssetRegistry: contract("AssetRegistry", assetRegistryAbi),
    ContributionLedger: contract("ContributionLedger", contributionLedgerAbi),
    PayoutDistributor: contract("PayoutDistributor", payoutDistributorAbi),
    RevenueRouter: contract("RevenueRouter", revenueRouterAbi),
  },
});
