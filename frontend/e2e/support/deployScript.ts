/**
 * Deploys the protocol (with demo tokens) to the node at CCN_DEPLOY_RPC_URL with the repository's deploy function
 * and writes `<chainId>.json` into CCN_DEPLOYMENTS_DIR. Run by Hardhat, which loads the Ignition modules:
 *
 *   CCN_DEPLOY_RPC_URL=http://127.0.0.1:PORT CCN_DEPLOYMENTS_DIR=/tmp/x npx hardhat run frontend/e2e/support/deployScript.ts
 */
import { network } from "hardhat";

import { deployCoherence } from "../../../deploy/deployCoherence.ts";

const url = process.env.CCN_DEPLOY_RPC_URL;
const deploymentsDir = process.env.CCN_DEPLOYMENTS_DIR;
if (!url || !deploymentsDir) throw new Error("set CCN_DEPLOY_RPC_URL and CCN_DEPLOYMENTS_DIR");

const connection = await network.create({ network: "localhost", override: { url } });
const deployment = await deployCoherence(connection, { network: "local", demoTokens: true, reset: true, deploymentsDir });
console.log(`DEPLOYMENT ${JSON.stringify(deployment)}`);
await connection.close();
