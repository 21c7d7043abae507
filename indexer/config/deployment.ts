/** Reads `deployments/<chainId>.json` for the indexer, validated by the protocol's deployment schema. */
import { type Deployment, deploymentSchema, MalformedFieldError } from "@coherence/protocol";
import { deploymentPath, readJsonFileSync } from "@coherence/protocol/node";

/**
 * Reads and validates a chain's deployment file, and checks it is that chain's.
 *
 * @example
 * const deployment = readDeployment(31337, "/repo/deployments");
 * deployment.contracts.AssetRegistry.startBlock;
 */
export function readDeployment(chainId: number, dir: string): Deployment {
  const file = deploymentPath(chainId, dir);
  const hint = `deploy to chain ${chainId} first (npm run deploy:local), or set CCN_DEPLOYMENTS_DIR`;
  const deployment = readJsonFileSync(deploymentSchema, file, hint);
  if (deployment.chainId !== chainId) {
    throw new MalformedFieldError("chainId", `expected ${chainId}, got ${deployment.chainId}`, { source: file });
  }
  return deployment;
}
