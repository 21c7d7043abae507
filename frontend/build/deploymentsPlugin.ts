/**
 * Build-time deployments: `import deployments from "virtual:coherence-deployments"` gives the app every
 * `deployments/<chainId>.json` present when it is built (the directory is CCN_DEPLOYMENTS_DIR, as for the
 * indexer, or the repository's deployments/). Addresses are never typed by hand; only the fields the app reads
 * reach the bundle.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import type { Plugin } from "vite";
import { type Deployment } from "@coherence/protocol";


const MODULE_ID = "virtual:coherence-deployments";
const RESOLVED_ID = `\0${MODULE_ID}`;
const FORMAT = "coherence-deployment-v1";
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** What the app gets of a deployment file. */
export type AppDeployment = {
  chainId: number;
  network: string;
  contracts: Record<"AssetRegistry" | "ContributionLedger" | "PayoutDistributor" | "RevenueRouter", { address: `0x${string}`; startBlock: number }>;
  tokens: { address: `0x${string}`; symbol: string; name: string; decimals: number }[];
  challengePeriod: number;
  threshold: number;
  oracleCount: number;
};

/** A deployment file the app cannot be built with. */
export class DeploymentsPluginError extends Error {
  override name = "DeploymentsPluginError";
}

function slim(file: string, value: Deployment): AppDeployment {
  const fail = (field: string): never => {
    throw new DeploymentsPluginError(`${file}: field "${field}" is missing or malformed (format ${FORMAT} expected)`);
  };
  if (value.format !== FORMAT) fail("format");
  if (!Number.isSafeInteger(value.chainId)) fail("chainId");
  const contracts = {} as AppDeployment["contracts"];
  for (const name of ["AssetRegistry", "ContributionLedger", "PayoutDistributor", "RevenueRouter"] as const) {
    const c = value.contracts?.[name];
    if (typeof c?.address !== "string" || !ADDRESS.test(c.address)) fail(`contracts.${name}.address`);
    contracts[name] = { address: c.address, startBlock: c.startBlock };
  }
  const tokens = (value.tokens ?? []).map((t, i) => {
    if (!ADDRESS.test(t.address) || !Number.isSafeInteger(t.decimals)) fail(`tokens[${i}]`);
    return { address: t.address, symbol: t.symbol, name: t.name, decimals: t.decimals };
  });
  return {
    chainId: value.chainId,
    network: value.network,
    contracts,
    tokens,
    challengePeriod: value.parameters.challengePeriod,
    threshold: value.parameters.threshold,
    oracleCount: value.parameters.oracles.length,
  };
}

/** Reads every `<chainId>.json` of `dir` (none is fine: the app then says it is not deployed). */
export function readDeployments(dir: string): AppDeployment[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^\d+\.json$/.test(n));
  } catch {
    return [];
  }
  return names.map((name) => {
    const file = path.join(dir, name);
    return slim(file, JSON.parse(readFileSync(file, "utf8")) as Deployment);
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
      for (const name of readdirSafe(dir)) this.addWatchFile(path.join(dir, name));
      if (deployments.length === 0) this.warn(`no deployment files in ${dir}: the app will say it is not deployed`);
      return `export default ${JSON.stringify(deployments)};`;
    },
  };
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
}
