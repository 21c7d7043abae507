/**
 * Reads `deployments/<chainId>.json` for the indexer.
 *
 * A minimal adapter instead of `deploy/deployment.ts`'s `loadDeployment`: Ponder loads its config through
 * vite-node, which gives modules no `import.meta.dirname` (that module resolves its directory from it at load),
 * and the file's constructor parameter properties cannot run under Node's type stripping. The shape is theirs
 * (`Deployment`, imported as a type only); the checks here cover what the indexer reads.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import type { ContractName, Deployment } from "../../deploy/deployment.ts";

export type { ContractName, Deployment };

/** The format `deploy/deployment.ts` writes. */
export const DEPLOYMENT_FORMAT = "coherence-deployment-v1";
export const CONTRACT_NAMES = ["AssetRegistry", "ContributionLedger", "PayoutDistributor", "RevenueRouter"] as const satisfies readonly ContractName[];

/** A deployment file the indexer cannot use. */
export class IndexerDeploymentError extends Error {
  override name = "IndexerDeploymentError";
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * Reads and checks a chain's deployment file.
 *
 * @example
 * const deployment = readDeployment(31337, "/repo/deployments");
 * deployment.contracts.AssetRegistry.startBlock;
 */
export function readDeployment(chainId: number, dir: string): Deployment {
  const file = path.join(dir, `${chainId}.json`);
  let value: Deployment;
  try {
    value = JSON.parse(readFileSync(file, "utf8")) as Deployment;
  } catch (cause) {
    throw new IndexerDeploymentError(
      `${file} cannot be read (${(cause as Error).message}): deploy to chain ${chainId} first (npm run deploy:local), or set CCN_DEPLOYMENTS_DIR`,
    );
  }
  const fail = (field: string, expected: string): never => {
    throw new IndexerDeploymentError(`${file}: field "${field}" must be ${expected}`);
  };
  if (value?.format !== DEPLOYMENT_FORMAT) fail("format", `"${DEPLOYMENT_FORMAT}"`);
  if (value.chainId !== chainId) fail("chainId", String(chainId));
  for (const name of CONTRACT_NAMES) {
    const contract = value.contracts?.[name];
    if (typeof contract?.address !== "string" || !ADDRESS.test(contract.address)) fail(`contracts.${name}.address`, "an address");
    if (!Number.isSafeInteger(contract.startBlock) || contract.startBlock < 0) fail(`contracts.${name}.startBlock`, "a block number");
    if (typeof contract.artifact !== "string") fail(`contracts.${name}.artifact`, "the artifact's path");
  }
  return value;
}
