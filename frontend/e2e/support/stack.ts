/**
 * The whole local stack the end-to-end tests run against: a Hardhat node with the protocol deployed (the shared
 * scripts/lib/localChain.ts), the demo scenario applied with its epochs finalised, the real indexer, and the
 * published manifests served over HTTP. Started once per run and stopped (every process group, by id)
 * whatever happens.
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import type { Deployment } from "../../../deploy/deployment.ts";
import { deployLocal, startHardhatNode } from "../../../scripts/lib/localChain.ts";
import { type Indexer, startIndexer, waitForIndexedBlock } from "./indexer.ts";
import { freePort } from "./processes.ts";
import { setUpWorld, type World } from "./scenario.ts";
import { serveDirectory, type StaticServer } from "./staticServer.ts";

export type Stack = {
  workDir: string;
  /** Where the scenario keeps its operators' data and published manifests. */
  scenarioDir: string;
  chain: { rpcUrl: string; chainId: number; deployment: Deployment; deploymentsDir: string };
  world: World;
  indexer: Indexer;
  manifests: StaticServer;
  /** Waits until the indexer has the chain's latest block. */
  synced(): Promise<void>;
  stop(): Promise<void>;
};

export async function startStack(logDir: string): Promise<Stack> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), "coherence-frontend-e2e-"));
  mkdirSync(logDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const node = await startHardhatNode(await freePort(), path.join(logDir, "hardhat-node.log"));
    stops.push(() => node.process.stop());
    const deploymentsDir = path.join(workDir, "deployments");
    const deployment = await deployLocal(node.rpcUrl, deploymentsDir, path.join(logDir, "deploy.log"));
    const chain = { rpcUrl: node.rpcUrl, chainId: deployment.chainId, deployment, deploymentsDir };
    const scenarioDir = path.join(workDir, "scenario");
    const world = await setUpWorld(chain.rpcUrl, deployment, scenarioDir);
    const manifestDir = world.applied.manifestsDir;
    const manifests = await serveDirectory(manifestDir);
    stops.push(() => manifests.close());
    const indexer = await startIndexer({ rpcUrl: chain.rpcUrl, chainId: chain.chainId, deploymentsDir, manifestDir, workDir, logDir });
    stops.push(() => indexer.proc.stop());
    const synced = async () => {
      const response = await fetch(chain.rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }),
      });
      const { result } = (await response.json()) as { result: string };
      await waitForIndexedBlock(indexer, BigInt(result));
    };
    await synced();
    return { workDir, scenarioDir, chain, world, indexer, manifests, synced, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
