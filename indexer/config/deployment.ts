/**
 * Reads `deployments/<chainId>.json` for the indexer, validated by `deploy/deployment.ts`'s `parseDeployment`.
 */
import { readFileSync } from "node:fs";

import { DeploymentFileError } from "../../deploy/deployment.ts";
import { type ContractName, type Deployment, parseDeployment } from "@coherence/protocol";
import { deploymentPath } from "@coherence/protocol/node";

export type { ContractName, Deployment };

/**
 * Reads and validates a chain's deployment file, and checks it is that chain's.
 *
 * @example
 * const deployment = readDeployment(31337, "/repo/deployments");
 * deployment.contracts.AssetRegistry.startBlock;
 */
export function readDeployment(chainId: number, dir: string): Deployment {
  const file = deploymentPath(chainId, dir);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new DeploymentFileError(
      file,
      `cannot be read (${(cause as Error).message}): deploy to chain ${chainId} first (npm run deploy:local), or set CCN_DEPLOYMENTS_DIR`,
    );
  }
  const deployment = parseDeployment(value, file);
  if (deployment.chainId !== chainId) throw new DeploymentFileError(file, `field "chainId" must be ${chainId}`);
  return deployment;
}
