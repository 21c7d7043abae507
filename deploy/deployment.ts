/**
 * The deployment file, `deployments/<chainId>.json`: what the oracle, the indexer and the web app read to find
 * the protocol on a chain. Written by `scripts/deploy.ts`; read and validated here.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const DEPLOYMENT_FORMAT = "coherence-deployment-v1";

export const CONTRACT_NAMES = ["AssetRegistry", "ContributionLedger", "PayoutDistributor", "RevenueRouter"] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

export type Address = `0x${string}`;

export interface DeployedContract {
  address: Address;
  /** The block of the contract's deployment transaction: indexing any earlier block is wasted work. */
  startBlock: number;
  /** The build artifact, relative to the repository root. */
  artifact: string;
}

export interface DeployedToken {
  address: Address;
  symbol: string;
  name: string;
  decimals: number;
  startBlock: number;
}

export interface Deployment {
  format: typeof DEPLOYMENT_FORMAT;
  chainId: number;
  network: string;
  contracts: Record<ContractName, DeployedContract>;
  /** Demo tokens on local chains; empty elsewhere (any ERC-20 can be paid). */
  tokens: DeployedToken[];
  parameters: DeploymentParameters;
}

export interface DeploymentParameters {
  adminDelay: number;
  admin: Address;
  guardian: Address;
  oracles: Address[];
  threshold: number;
  challengePeriod: number;
  attesters: Address[];
  treasury: Address;
  reserve: Address;
  feeBps: number;
  poolBps: number;
}

/** A deployment file that is missing, unreadable or not of the expected shape. */
export class DeploymentFileError extends Error {
  override name = "DeploymentFileError";
  readonly file: string;
  readonly problem: string;

  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.file = file;
    this.problem = problem;
  }
}

/** The repository's deployments directory. */
// From import.meta.url, not import.meta.dirname: Ponder loads the indexer's config through vite-node, whose
// import.meta has only url.
export const DEPLOYMENTS_DIR = fileURLToPath(new URL("../deployments", import.meta.url));

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
  const file = deploymentPath(chainId, dir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new DeploymentFileError(file, `cannot be read (${(cause as Error).message}); deploy to chain ${chainId} first`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new DeploymentFileError(file, `is not JSON (${(cause as Error).message})`);
  }
  return parseDeployment(value, file);
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** Validates an already parsed deployment file, naming the first bad field. */
export function parseDeployment(value: unknown, file = "deployment"): Deployment {
  const fail = (field: string, expected: string): never => {
    throw new DeploymentFileError(file, `field "${field}" must be ${expected}`);
  };
  const record = (v: unknown, field: string): Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(field, "an object");
  const address = (v: unknown, field: string): Address =>
    typeof v === "string" && ADDRESS.test(v) ? (v as Address) : fail(field, "a 0x-prefixed 20-byte address");
  const integer = (v: unknown, field: string): number =>
    Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : fail(field, "a non-negative integer");
  const string = (v: unknown, field: string): string => (typeof v === "string" ? v : fail(field, "a string"));

  const root = record(value, "(root)");
  if (root.format !== DEPLOYMENT_FORMAT) fail("format", `"${DEPLOYMENT_FORMAT}"`);
  const contractsIn = record(root.contracts, "contracts");
  const contracts = {} as Record<ContractName, DeployedContract>;
  for (const name of CONTRACT_NAMES) {
    const c = record(contractsIn[name], `contracts.${name}`);
    contracts[name] = {
      address: address(c.address, `contracts.${name}.address`),
      startBlock: integer(c.startBlock, `contracts.${name}.startBlock`),
      artifact: string(c.artifact, `contracts.${name}.artifact`),
    };
  }
  if (!Array.isArray(root.tokens)) fail("tokens", "an array");
  const tokens = (root.tokens as unknown[]).map((t, i) => {
    const token = record(t, `tokens[${i}]`);
    return {
      address: address(token.address, `tokens[${i}].address`),
      symbol: string(token.symbol, `tokens[${i}].symbol`),
      name: string(token.name, `tokens[${i}].name`),
      decimals: integer(token.decimals, `tokens[${i}].decimals`),
      startBlock: integer(token.startBlock, `tokens[${i}].startBlock`),
    };
  });
  const p = record(root.parameters, "parameters");
  const addresses = (v: unknown, field: string): Address[] =>
    Array.isArray(v) ? v.map((a, i) => address(a, `${field}[${i}]`)) : fail(field, "an array of addresses");
  return {
    format: DEPLOYMENT_FORMAT,
    chainId: integer(root.chainId, "chainId"),
    network: string(root.network, "network"),
    contracts,
    tokens,
    parameters: {
      adminDelay: integer(p.adminDelay, "parameters.adminDelay"),
      admin: address(p.admin, "parameters.admin"),
      guardian: address(p.guardian, "parameters.guardian"),
      oracles: addresses(p.oracles, "parameters.oracles"),
      threshold: integer(p.threshold, "parameters.threshold"),
      challengePeriod: integer(p.challengePeriod, "parameters.challengePeriod"),
      attesters: addresses(p.attesters, "parameters.attesters"),
      treasury: address(p.treasury, "parameters.treasury"),
      reserve: address(p.reserve, "parameters.reserve"),
      feeBps: integer(p.feeBps, "parameters.feeBps"),
      poolBps: integer(p.poolBps, "parameters.poolBps"),
    },
  };
}
