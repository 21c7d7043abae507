/**
 * `ccn scenario apply <file>`: plays a scenario (assets, contributions measured in real repositories, revenue,
 * epochs with a quorum of operators) onto the chain of a deployment file, then writes the oracle config of that
 * network so the other commands can audit and verify what it did.
 */
import path from "node:path";

import { type Deployment, url } from "@coherence/protocol";
import { loadDeployment } from "@coherence/protocol/node";

import { publicClientOf } from "../../chain/clients.ts";
import { type AppliedScenario, applyScenario, summariseEpoch } from "../../scenario/applyScenario.ts";
import { readScenario } from "../../scenario/validateScenario.ts";
import { codeVersion } from "../codeVersion.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { rpcUrlFromEnvironment, scenarioOracleConfig, writeOracleConfig } from "../oracleConfig.ts";
import { RPC_URL_VARIABLE } from "../sharedParameters.ts";

const LOCAL_RPC_URL = "http://127.0.0.1:8545";
/** Hardhat's and anvil's chain id: the only chain whose clock a scenario may move. */
const LOCAL_CHAIN_ID = 31337;

export const parameters = {
  words: ["scenario", "apply"],
  summary: "apply a scenario to the chain of a deployment file and write that network's oracle config",
  positionals: [
    {
      name: "file",
      value: "file",
      help: "the scenario (JSON; its schema is oracle/src/scenario/scenario.schema.json)",
    },
  ],
  options: {
    rpc: {
      type: "string",
      value: "URL",
      help: `the chain's JSON-RPC URL (default: CCN_RPC_URL, or ${LOCAL_RPC_URL})`,
      schema: url(),
    },
    deployments: {
      type: "string",
      value: "DIR",
      help: "the directory of <chainId>.json deployment files (default ./deployments)",
    },
    work: {
      type: "string",
      value: "DIR",
      help: "where the repositories, operators' data, manifests and oracle config go (default ./.ccn)",
    },
    "no-time-travel": {
      type: "boolean",
      help: "leave each epoch in its challenge window instead of moving a local chain's clock past it",
    },
  },
  environment: [RPC_URL_VARIABLE],
} as const satisfies CommandParameters;

export type ScenarioApplyResult = { applied: AppliedScenario; deployment: Deployment; configFile: string };

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<ScenarioApplyResult> {
  const scenario = await readScenario(args.file);
  const rpcUrl = args.rpc ?? rpcUrlFromEnvironment(context.env) ?? LOCAL_RPC_URL;
  // The chain id decides which deployment file applies; any id will do for asking it.
  const chainId = await publicClientOf(LOCAL_CHAIN_ID, rpcUrl).getChainId();
  const deploymentsDir = path.resolve(args.deployments ?? "deployments");
  const deployment = await loadDeployment(chainId, deploymentsDir);
  const workDir = path.resolve(args.work ?? ".ccn");
  const applied = await applyScenario({
    scenario,
    deployment,
    rpcUrl,
    publicClient: publicClientOf(chainId, rpcUrl),
    workDir,
    codeVersion: await codeVersion(),
    timeTravel: chainId === LOCAL_CHAIN_ID && !args["no-time-travel"],
    log: (line) => context.log(`  ${line}`),
  });
  const configFile = path.join(workDir, "ccn.config.json");
  await writeOracleConfig(configFile, scenarioOracleConfig(applied, { chainId, rpcUrl, deploymentsDir }));
  return { applied, deployment, configFile };
}

/** Per epoch, who earned what and why, by the scenario's names. */
export function output({ applied, deployment, configFile }: ScenarioApplyResult): CommandOutput {
  const names = new Map([...applied.accounts].map(([name, account]) => [account.address.toLowerCase(), name]));
  const tokens = new Map(deployment.tokens.map((t) => [t.address.toLowerCase(), t]));
  const assets = new Map(Object.entries(applied.assets).map(([key, id]) => [id, key]));
  return {
    json: {
      assets: applied.assets,
      contributions: applied.contributions,
      epochs: applied.epochs.map((e) => e.prepared.proposal),
      config: configFile,
    },
    text: [
      ...applied.epochs.flatMap((run) => [
        "",
        `Epoch ${run.prepared.proposal.epoch} — who earned what, and why:`,
        ...summariseEpoch(run.prepared.result, names, tokens, assets).map((line) => `  ${line}`),
      ]),
      "",
      `Oracle config for this network: ${configFile} (e.g. ccn audit 1 --config ${configFile})`,
    ],
  };
}
