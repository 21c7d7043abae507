/**
 * The set-up of the oracle's system tests: a Hardhat node, the protocol deployed to it and a scenario applied, in
 * a fresh work directory.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { deployLocal, freePort, type ManagedProcess, startHardhatNode } from "@coherence/devnet";
import {
  type AppliedScenario,
  applyScenario,
  publicClientOf,
  type Scenario,
  validateScenario,
} from "@coherence/oracle";
import type { Deployment } from "@coherence/protocol";
import type { PublicClient } from "viem";
import { scenarioFile } from "./oracleScenario.ts";

export type ScenarioNode = {
  /** The work directory: the deployment's files (`deployments`) and everything the scenario wrote. */
  work: string;
  rpcUrl: string;
  client: PublicClient;
  deployment: Deployment;
  applied: AppliedScenario;
  /** Stops the node and removes the work directory. */
  stop: () => Promise<void>;
};

/** Starts a node, deploys and applies `scenario` (time travel on), working in a new directory named from `prefix`. */
export async function startScenarioNode(prefix: string, scenario: Scenario): Promise<ScenarioNode> {
  const work = await mkdtemp(path.join(tmpdir(), prefix));
  let node: ManagedProcess | undefined;
  const stop = async () => {
    await node?.stop();
    await rm(work, { recursive: true, force: true });
  };
  try {
    const started = await startHardhatNode(await freePort());
    node = started.process;
    const rpcUrl = started.rpcUrl;
    const deployment = await deployLocal(rpcUrl, path.join(work, "deployments"));
    const client = publicClientOf(31337, rpcUrl);
    const applied = await applyScenario({
      scenario: validateScenario(scenarioFile(scenario)),
      deployment,
      rpcUrl,
      publicClient: client,
      workDir: work,
      codeVersion: "test",
      timeTravel: true,
    });
    return { work, rpcUrl, client, deployment, applied, stop };
  } catch (error) {
    // The test's `after` has no node to stop when set-up fails: stop it here.
    await stop();
    throw error;
  }
}
