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
  const ignitionOptions = { deploymentId, config: { blockPollingInterval: 100 } } as const;
  // Demo tokens come first so that the distributor allowlists them in its constructor.
  const demo = options.demoTokens ? await ignition.deploy(DemoTokens, ignitionOptions) : undefined;
  const demoTokens = demo ? [demo.usd, demo.eth] : [];
  const demoFeeds = demo ? [demo.usdFeed, demo.ethFeed] : [];
  const demoAddresses = await Promise.all(demoTokens.map(async (token) => (await token.getAddress()) as Address));
  const allowlist = [...(parameters.tokens ?? []), ...demoAddresses];
  const core = await ignition.deploy(CoherenceNetwork, {
    ...ignitionOptions,
    // Ignition takes mutable arrays.
    parameters: {
      CoherenceNetwork: {
        ...parameters,
        governors: [...parameters.governors],
        guardians: [...parameters.guardians],
        oracles: [...parameters.oracles],
        attesters: [...parameters.attesters],
        verifiers: [...parameters.verifiers],
        linkers: [...(parameters.linkers ?? [])],
        tokens: [...allowlist],
      },
    },
  });

  const blocks = await readDeploymentBlocks(deploymentId, connection);
  const contracts = {} as Deployment["contracts"];
  const byName: Record<ContractName, { getAddress(): Promise<string> }> = {
    AssetRegistry: core.registry,
    ContributionLedger: core.ledger,
    PayoutDistributor: core.distributor,
    RevenueRouter: core.router,
    CoherenceTimelock: core.timelock,
    ForgeLinkRegistry: core.forgeLinks,
    MeteringEscrow: core.meteringEscrow,
  };
  for (const name of CONTRACT_NAMES) {
    const address = (await byName[name].getAddress()) as Address;
    contracts[name] = {
      address,
      startBlock: blockOf(blocks, address),
      artifact: `artifacts/contracts/${ARTIFACT_PATHS[name]}/${name}.json`,
    };
  }

  const tokens: DeployedToken[] = [];
  for (const [i, token] of demoTokens.entries()) {
    const address = demoAddresses[i]!;
    tokens.push({
      address,
      symbol: await token.getFunction("symbol")(),
      name: await token.getFunction("name")(),
      decimals: Number(await token.getFunction("decimals")()),
      // From the deployed contract's ABI, which the build generates: a token has permit if its contract does.
      permit: token.interface.hasFunction("permit"),
      usdFeed: (await demoFeeds[i]!.getAddress()) as Address,
      startBlock: blockOf(blocks, address),
    });
  }

  const deployer = (await connection.ethers.getSigners())[0];
  if (deployer === undefined) throw new Error(`no deployer account is configured for ${options.network}`);
  const deployedParameters = await readDeployedParameters(
    core as unknown as Record<CoreContract, Called>,
    parameters,
    allowlist,
    deployer.address as Address,
  );
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

/** Where each contract's artifact lives under `artifacts/contracts/`. */
const ARTIFACT_PATHS: Record<ContractName, string> = {
  AssetRegistry: "AssetRegistry.sol",
  ContributionLedger: "ContributionLedger.sol",
  PayoutDistributor: "PayoutDistributor.sol",
  RevenueRouter: "RevenueRouter.sol",
  CoherenceTimelock: "governance/CoherenceTimelock.sol",
  ForgeLinkRegistry: "ForgeLinkRegistry.sol",
  MeteringEscrow: "MeteringEscrow.sol",
};

/** The deployed contracts as Ignition returns them: ethers contracts, called by function name. */
type CoreContract = "registry" | "ledger" | "distributor" | "router" | "timelock" | "forgeLinks" | "meteringEscrow";
type Called = { getFunction(name: string): (...args: unknown[]) => Promise<unknown> };

/**
 * The parameters as the chain has them, not as the file asked: each contract's admin must be the timelock, every
 * role holder and allowlisted token is checked on-chain, and the deployer must hold no role anywhere.
 */
async function readDeployedParameters(
  core: Record<CoreContract, Called>,
  parameters: NetworkParameters,
  allowlist: readonly Address[],
  deployer: Address,
): Promise<DeploymentParameters> {
  const timelock = (await (core.timelock as unknown as { getAddress(): Promise<string> }).getAddress()) as Address;
  const call = async (contract: keyof typeof core, name: string, ...args: unknown[]) =>
    await core[contract].getFunction(name)(...args);
  const refuse = (what: string) => {
    throw new Error(`the deploy did not hand over: ${what}`);
  };
  const roles = {
    admin: String(await call("ledger", "DEFAULT_ADMIN_ROLE")),
    guardian: String(await call("distributor", "GUARDIAN_ROLE")),
    attester: String(await call("ledger", "ATTESTER_ROLE")),
    verifier: String(await call("registry", "VERIFIER_ROLE")),
    linker: String(await call("forgeLinks", "LINKER_ROLE")),
    proposer: String(await call("timelock", "PROPOSER_ROLE")),
    canceller: String(await call("timelock", "CANCELLER_ROLE")),
  };
  for (const contract of ["registry", "ledger", "distributor", "router", "forgeLinks", "meteringEscrow"] as const) {
    const admin = String(await call(contract, "defaultAdmin"));
    if (admin.toLowerCase() !== timelock.toLowerCase()) refuse(`the ${contract}'s admin is ${admin}, not ${timelock}`);
  }
  const holds: [keyof typeof core, string, string][] = [
    ["registry", roles.admin, "registry admin"],
    ["registry", roles.verifier, "verifier"],
    ["ledger", roles.admin, "ledger admin"],
    ["ledger", roles.attester, "attester"],
    ["distributor", roles.admin, "distributor admin"],
    ["distributor", roles.guardian, "guardian"],
    ["router", roles.admin, "router admin"],
    ["forgeLinks", roles.admin, "forge link registry admin"],
    ["forgeLinks", roles.linker, "linker"],
    ["meteringEscrow", roles.admin, "metering escrow admin"],
    ["meteringEscrow", roles.guardian, "metering guardian"],
    ["timelock", roles.admin, "timelock admin"],
    ["timelock", roles.proposer, "governor"],
    ["timelock", roles.canceller, "canceller"],
  ];
  for (const [contract, role, what] of holds) {
    if (await call(contract, "hasRole", role, deployer)) refuse(`the deployer ${deployer} is still a ${what}`);
  }
  const expectAll = async (list: readonly Address[], what: string, check: (a: Address) => Promise<unknown>) => {
    for (const account of list) if (!(await check(account))) refuse(`${account} is not a ${what} on-chain`);
  };
  await expectAll(parameters.governors, "governor", (a) => call("timelock", "hasRole", roles.proposer, a));
  await expectAll(parameters.guardians, "guardian", (a) => call("distributor", "hasRole", roles.guardian, a));
  await expectAll(parameters.guardians, "canceller", (a) => call("timelock", "hasRole", roles.canceller, a));
  await expectAll(parameters.guardians, "metering guardian", (a) =>
    call("meteringEscrow", "hasRole", roles.guardian, a),
  );
  await expectAll(parameters.oracles, "oracle", (a) => call("distributor", "isOracle", a));
  await expectAll(parameters.attesters, "attester", (a) => call("ledger", "hasRole", roles.attester, a));
  await expectAll(parameters.verifiers, "verifier", (a) => call("registry", "hasRole", roles.verifier, a));
  const linkers = parameters.linkers ?? [];
  await expectAll(linkers, "linker", (a) => call("forgeLinks", "hasRole", roles.linker, a));
  await expectAll(allowlist, "allowlisted token", (a) => call("distributor", "isTokenAllowed", a));
  const [oracleCount, threshold, challengePeriod] = (await call("distributor", "oracleConfig")) as bigint[];
  if (Number(oracleCount) !== parameters.oracles.length) refuse(`the distributor has ${oracleCount} oracles`);
  return {
    adminDelay: Number(await call("distributor", "defaultAdminDelay")),
    admin: timelock,
    governanceDelay: Number(await call("timelock", "getMinDelay")),
    governors: parameters.governors,
    guardians: parameters.guardians,
    oracles: parameters.oracles,
    threshold: Number(threshold),
    challengePeriod: Number(challengePeriod),
    attesters: parameters.attesters,
    verifiers: parameters.verifiers,
    linkers,
    treasury: String(await call("router", "treasury")) as Address,
    reserve: String(await call("router", "reserve")) as Address,
    feeBps: Number(await call("router", "feeBps")),
    poolBps: Number(await call("router", "poolBps")),
    tokens: [...allowlist],
    metering: {
      periodLength: Number(await call("meteringEscrow", "periodLength")),
      withdrawalDelay: Number(await call("meteringEscrow", "withdrawalDelay")),
      maxHostingFeeBps: Number(await call("meteringEscrow", "maxHostingFeeBps")),
    },
  };
}

/**
 * Deployment blocks by contract address, from Ignition's journal (it holds every confirmed receipt). On an
 * in-memory Hardhat network Ignition keeps no journal; that chain is a few blocks long, so its receipts are read.
 */
async function readDeploymentBlocks(deploymentId: string, connection: NetworkConnection): Promise<Map<string, number>> {
  const blocks = new Map<string, number>();
  let journal: string;
  try {
    journal = await readFile(path.join(IGNITION_DIR, deploymentId, "journal.jsonl"), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT" || connection.networkConfig.type !== "edr-simulated") {
      throw error;
    }
    const latest = await connection.ethers.provider.getBlockNumber();
    for (let number = 0; number <= latest; number++) {
      const block = await connection.ethers.provider.getBlock(number, true);
      for (const tx of block?.prefetchedTransactions ?? []) {
        if (tx.to !== null) continue;
        const receipt = await connection.ethers.provider.getTransactionReceipt(tx.hash);
        if (receipt?.contractAddress) blocks.set(receipt.contractAddress.toLowerCase(), number);
      }
    }
    return blocks;
  }
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
  if (block === undefined) throw new Error(`no deployment receipt for ${address} was found`);
  return block;
}
