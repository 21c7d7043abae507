/**
 * Which chain and contracts to index: the four protocol contracts and their admin, the timelock, the forge link
 * registry and the metering escrow (optional). Addresses and start blocks come from `deployments/<chainId>.json`, ABIs
 * from `@coherence/protocol` (config/abis.ts; generated from the contracts, `as const` so the handlers' event
 * arguments are typed), so nothing is copied by hand. The chain is chosen by CCN_CHAIN_ID (31337 local Hardhat by
 * default, 421614 Arbitrum Sepolia, 42161 Arbitrum One); see README.md for every variable.
 */

import { createConfig } from "ponder";
import { type Abi, zeroAddress } from "viem";
import { INDEXED_ABIS } from "./config/abis.ts";
import { readDeployment } from "./config/deployment.ts";
import { chainSettings } from "./config/env.ts";

const settings = chainSettings();
const deployment = readDeployment(settings.chainId, settings.deploymentsDir);

const chain = settings.chainName;
const contract = <A extends Abi>(name: keyof typeof INDEXED_ABIS, abi: A) => {
  const deployed = deployment.contracts[name];
  // Deployment files written before the ForgeLinkRegistry lack it; the indexer serves links, so it needs one.
  if (deployed === undefined)
    throw new Error(`the deployment of chain ${settings.chainId} has no ${name}: redeploy (npm run deploy:local)`);
  return { chain, abi, address: deployed.address, startBlock: deployed.startBlock };
};

/**
 * The MeteringEscrow, optional: deployment files written before it lack it, and the indexer still starts. Ponder
 * needs every contract the handlers name, so an absent escrow is watched at the zero address (which emits nothing)
 * for the registry's start block only; its tables then stay empty.
 */
const optionalContract = <A extends Abi>(name: keyof typeof INDEXED_ABIS, abi: A) => {
  const deployed = deployment.contracts[name];
  if (deployed !== undefined) return contract(name, abi);
  const { startBlock } = deployment.contracts.AssetRegistry;
  return { chain, abi, address: zeroAddress, startBlock, endBlock: startBlock };
};

export default createConfig({
  database: settings.databaseUrl
    ? {
        kind: "postgres",
        connectionString: settings.databaseUrl,
        // PostgreSQL cancels an API read that runs longer (src/api/queryTimeout.ts answers QUERY_TIMEOUT).
        ...(settings.apiStatementTimeoutMs !== undefined
          ? { poolConfig: { statement_timeout: settings.apiStatementTimeoutMs } }
          : {}),
      }
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
    AssetRegistry: contract("AssetRegistry", INDEXED_ABIS.AssetRegistry),
    ContributionLedger: contract("ContributionLedger", INDEXED_ABIS.ContributionLedger),
    PayoutDistributor: contract("PayoutDistributor", INDEXED_ABIS.PayoutDistributor),
    RevenueRouter: contract("RevenueRouter", INDEXED_ABIS.RevenueRouter),
    // The admin of the three above: every privileged change is scheduled here first (src/CoherenceTimelock.ts).
    CoherenceTimelock: contract("CoherenceTimelock", INDEXED_ABIS.CoherenceTimelock),
    // Forge accounts linked to addresses (src/ForgeLinkRegistry.ts).
    ForgeLinkRegistry: contract("ForgeLinkRegistry", INDEXED_ABIS.ForgeLinkRegistry),
    // Payers' escrow for metered use: revenue from use, runners, terms, anchored records (src/MeteringEscrow.ts).
    MeteringEscrow: optionalContract("MeteringEscrow", INDEXED_ABIS.MeteringEscrow),
  },
});
