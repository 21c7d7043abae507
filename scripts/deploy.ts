/**
 * Deploys the protocol to the network Hardhat was given and writes `deployments/<chainId>.json`.
 *
 *   npx hardhat run scripts/deploy.ts --network localhost         # local node, with demo tokens
 *   npx hardhat run scripts/deploy.ts --network arbitrumSepolia   # keys and RPC from configuration variables
 */

import { deploymentPath } from "@coherence/protocol/node";
import { network } from "hardhat";
import { deployCoherence } from "../deploy/deployCoherence.ts";

const connection = await network.create();
const isLocal = connection.networkName === "localhost" || connection.networkName === "default";
const deploymentsDir = process.env.CCN_DEPLOYMENTS_DIR;
const deployment = await deployCoherence(connection, {
  network: isLocal ? "local" : connection.networkName,
  demoTokens: isLocal,
  reset: isLocal,
  ...(deploymentsDir !== undefined ? { deploymentsDir } : {}),
  ...(process.env.CCN_IGNITION_ID !== undefined ? { deploymentId: process.env.CCN_IGNITION_ID } : {}),
});
console.log(`Deployed to chain ${deployment.chainId} (${deployment.network}):`);
for (const [name, contract] of Object.entries(deployment.contracts)) {
  console.log(`  ${name.padEnd(20)} ${contract.address}  (block ${contract.startBlock})`);
}
for (const token of deployment.tokens) console.log(`  ${token.symbol.padEnd(20)} ${token.address}`);
console.log(`Wrote ${deploymentPath(deployment.chainId, deploymentsDir)}`);
