/**
 * Build-time deployments: `import deployments from "virtual:coherence-deployments"` gives the app every
 * `deployments/<chainId>.json` present when it is built (the directory is CCN_DEPLOYMENTS_DIR, as for the
 * indexer, or the repository's deployments/). Each file is validated with the protocol's `deploymentSchema`, so
 * a bad one fails the build naming the file and the field. Addresses are never typed by hand; only the fields
 * the app reads reach the bundle.
 */
import { readdirSync } from "node:fs";
import path from "node:path";

import {
  type DeployedContract,
  type DeployedToken,
  type Deployment,
  deploymentSchema,
  InvalidArgumentError,
} from "@coherence/protocol";
import { readJsonFileSync } from "@coherence/protocol/node";
import type { Plugin } from "vite";

const MODULE_ID = "virtual:coherence-deployments";
const RESOLVED_ID = `\0${MODULE_ID}`;
const DEPLOYMENT_FILE = /^(\d+)\.json$/;

/** What the app gets of a deployment file. */
export type AppDeployment = Pick<Deployment, "chainId"> & {
  /** The contracts the app reads or sends to: claims, and payments through `@coherence/protocol/actions`. */
  contracts: Record<AppContract, Pick<DeployedContract, "address">> & {
    /** Where forge accounts are linked; absent on chains deployed before it, where the app says linking is not available. */
    ForgeLinkRegistry?: Pick<DeployedContract, "address">;
  };
  tokens: Omit<DeployedToken, "startBlock">[];
};

const APP_CONTRACTS = ["AssetRegistry", "PayoutDistributor", "RevenueRouter"] as const;
type AppContract = (typeof APP_CONTRACTS)[number];

/** A deployment file the app cannot be built with. */
export class DeploymentsPluginError extends InvalidArgumentError {
  override name = "DeploymentsPluginError";
}

function slim(deployment: Deployment): AppDeployment {
  return {
    chainId: deployment.chainId,
    contracts: {
      ...(Object.fromEntries(
        APP_CONTRACTS.map((name) => [name, { address: deployment.contracts[name].address }]),
      ) as Record<AppContract, Pick<DeployedContract, "address">>),
      ...(deployment.contracts.ForgeLinkRegistry === undefined
        ? {}
        : { ForgeLinkRegistry: { address: deployment.contracts.ForgeLinkRegistry.address } }),
    },
    // `permit` decides whether a payment is one transaction or an approve first; `usdFeed` prices it in dollars.
    tokens: deployment.tokens.map(({ address, symbol, name, decimals, permit, usdFeed }) => ({
      address,
      symbol,
      name,
      decimals,
      permit: permit === true,
      ...(usdFeed === undefined ? {} : { usdFeed }),
    })),
  };
}

function deploymentFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => DEPLOYMENT_FILE.test(name));
  } catch {
    return [];
  }
}

/** Reads every `<chainId>.json` of `dir` (none is fine: the app then says it is not deployed). */
export function readDeployments(dir: string): AppDeployment[] {
  return deploymentFiles(dir).map((name) => {
    const file = path.join(dir, name);
    const deployment = readJsonFileSync(deploymentSchema, file);
    // The app picks a deployment by the chain id inside, every other reader by the file name: they must agree.
    if (String(deployment.chainId) !== DEPLOYMENT_FILE.exec(name)![1]) {
      throw new DeploymentsPluginError(
        `${file}: holds the deployment of chain ${deployment.chainId}; it must be named ${deployment.chainId}.json`,
      );
    }
    return slim(deployment);
  });
}

/** The Vite plugin serving `virtual:coherence-deployments`. */
export function deploymentsPlugin(dir: string): Plugin {
  return {
    name: "coherence-deployments",
    resolveId(id) {
      return id === MODULE_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const deployments = readDeployments(dir);
      for (const name of deploymentFiles(dir)) this.addWatchFile(path.join(dir, name));
      if (deployments.length === 0) this.warn(`no deployment files in ${dir}: the app will say it is not deployed`);
      return `export default ${JSON.stringify(deployments)};`;
    },
  };
}
