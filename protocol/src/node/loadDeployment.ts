/** Finding and reading a chain's deployment file from Node. */
import path from "node:path";
import { fileURLToPath } from "node:url";

import { type Deployment, deploymentSchema } from "../deployment.ts";
import { readJsonFile } from "./readJsonFile.ts";

/** The repository's deployments directory. */
// From import.meta.url, not import.meta.dirname: Ponder loads the indexer's config through vite-node, whose
// import.meta has only url.
export const DEPLOYMENTS_DIR = fileURLToPath(new URL("../../../deployments", import.meta.url));

/** The path of a chain's deployment file. */
export function deploymentPath(chainId: number, dir: string = DEPLOYMENTS_DIR): string {
  return path.join(dir, `${chainId}.json`);
}

/**
 * Reads and validates the deployment file of a chain.
 *
 * @example
 * const deployment = await loadDeployment(31337);
 * deployment.contracts.PayoutDistributor.address;
 */
export async function loadDeployment(chainId: number, dir: string = DEPLOYMENTS_DIR): Promise<Deployment> {
  return readJsonFile(deploymentSchema, deploymentPath(chainId, dir), `deploy to chain ${chainId} first`);
}
