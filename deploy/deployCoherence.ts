/**
 * Deploys the protocol with Hardhat Ignition and writes the chain's deployment file.
 * Shared by `scripts/deploy.ts` (any network) and the tests and local network (fresh Hardhat chains).
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  type Address,
  CONTRACT_NAMES,
  type ContractName,
  DEPLOYMENT_FORMAT,
  type DeployedToken,
  type Deployment,
  type DeploymentParameters,
} from "@coherence/protocol";
import { DEPLOYMENTS_DIR, deploymentPath } from "@coherence/protocol/node";
import type { NetworkConnection } from "hardhat/types/network";
import CoherenceNetwork from "./modules/CoherenceNetwork.ts";
import DemoTokens from "./modules/DemoTokens.ts";
import { type NetworkParameters, readNetworkParameters } from "./parameters.ts";

export interface DeployCoherenceOptions {
  /** The network's name, recorded in the deployment file. */
  network: string;
  /** The module parameters; defaults to `deploy/parameters/<network>.json`. */
  parameters?: NetworkParameters;
  /** Also deploy the two demo tokens (local chains only). */
  demoTokens?: boolean;
  /** Where to write `<chainId>.json`; defaults to the repository's `deployments/`. */
  deploymentsDir?: string;
  /** Start from scratch even if Ignition has a journal for this chain (a restarted local chain). */
  reset?: boolean;
  /** Ignition's deployment id; defaults to `chain-<chainId>`. Local chains on other ports use their own. */
  deploymentId?: string;
}

const IGNITION_DIR = path.resolve(import.meta.dirname, "deployments");

/**
 * Deploys (or resumes deploying) the whole protocol on the connection's chain and writes its deployment file.
 *
 * @example
 * const connection = await network.create();
 * const deployment = await deployCoherence(connection, { network: "localhost", demoTokens: true, reset: true });
 */
export async function deployCoherence(
  connection: NetworkConnection,
  options: DeployCoherenceOptions,
): Promise<Deployment> {
  const chainId = Number(await connection.provider.request({ method: "eth_chainId" }));
  const parameters = options.parameters ?? (await readNetworkParameters(options.network));
  const deploymentId = options.deploymentId ?? `chain-${chainId}`;
  if (options.reset) await rm(path.join(IGNITION_DIR, deploymentId), { recursive: true, force: true });

  const { ignition } = connection;
  const { finalAdmin, ...moduleParameters } = parameters;
  const ignitionOptions = { deploymentId, config: { blockPollingInterval: 100 } } as const;
  const core = await ignition.deploy(CoherenceNetwork, {
    ...ignitionOptions,
    // Ignition takes mutable arrays.
    parameters: {
      CoherenceNetwork: {
        ...moduleParameters,
        oracles: [...moduleParameters.oracles],
        attesters: [...moduleParameters.attesters],
      },
    },
  });
  const demo = options.demoTokens ? await ignition.deploy(DemoTokens, ignitionOptions) : undefined;

  const blocks = await readDeploymentBlocks(deploymentId);
  const deployer = (await connection.ethers.getSigners())[0];
  if (deployer === undefined) throw new Error(`no deployer account is configured for ${options.network}`);
  const admin = (finalAdmin ?? deployer.address) as Address;
  if (admin.toLowerCase() !== deployer.address.toLowerCase()) {
    // Two-step: the final admin accepts after the delay; until then the deployer stays admin.
    for (const contract of [core.ledger, core.distributor, core.router]) {
      await (await contract.getFunction("beginDefaultAdminTransfer")(admin)).wait();
    }
  }

  const contracts = {} as Deployment["contracts"];
  const byName: Record<ContractName, { getAddress(): Promise<string> }> = {
    AssetRegistry: core.registry,
    ContributionLedger: core.ledger,
    PayoutDistributor: core.distributor,
    RevenueRouter: core.router,
  };
  for (const name of CONTRACT_NAMES) {
    const address = (await byName[name].getAddress()) as Address;
    contracts[name] = {
      address,
      startBlock: blockOf(blocks, address),
      artifact: `artifacts/contracts/${name}.sol/${name}.json`,
    };
  }

  const tokens: DeployedToken[] = [];
  for (const token of demo ? [demo.usd, demo.eth] : []) {
    const address = (await token.getAddress()) as Address;
    tokens.push({
      address,
      symbol: await token.getFunction("symbol")(),
      name: await token.getFunction("name")(),
      decimals: Number(await token.getFunction("decimals")()),
      startBlock: blockOf(blocks, address),
    });
  }

  const deployedParameters: DeploymentParameters = { ...moduleParameters, admin };
  const deployment: Deployment = {
    format: DEPLOYMENT_FORMAT,
    chainId,
    network: options.network,
    contracts,
    tokens,
    parameters: deployedParameters,
  };
  const dir = options.deploymentsDir ?? DEPLOYMENTS_DIR;
  await mkdir(dir, { recursive: true });
  await writeFile(deploymentPath(chainId, dir), `${JSON.stringify(deployment, null, 2)}\n`);
  return deployment;
}

/** Deployment blocks by contract address, from Ignition's journal (it holds every confirmed receipt). */
async function readDeploymentBlocks(deploymentId: string): Promise<Map<string, number>> {
  const journal = await readFile(path.join(IGNITION_DIR, deploymentId, "journal.jsonl"), "utf8");
  const blocks = new Map<string, number>();
  for (const line of journal.split("\n")) {
    if (!line.includes('"TRANSACTION_CONFIRM"')) continue;
    const entry = JSON.parse(line) as { receipt?: { blockNumber: number; contractAddress?: string } };
    const address = entry.receipt?.contractAddress;
    if (address) blocks.set(address.toLowerCase(), entry.receipt!.blockNumber);
  }
  return blocks;
}

function blockOf(blocks: Map<string, number>, address: string): number {
  const block = blocks.get(address.toLowerCase());
  if (block === undefined) throw new Error(`Ignition's journal has no deployment receipt for ${address}`);
  return block;
}
