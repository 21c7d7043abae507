/**
 * The whole local stack the end-to-end tests run against: a Hardhat node with the protocol deployed (the shared
 * scripts/lib/localChain.ts), the demo scenario applied with its epochs finalised, the real indexer (the shared
 * scripts/lib/indexerProcess.ts) reaching the chain through a gate the tests can close, and the published
 * manifests served over HTTP. Started once per run and stopped
 * (every process group, by id) whatever happens.
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  deployLocal,
  freePort,
  type IndexerProcess,
  startHardhatNode,
  startIndexer,
  waitForIndexedBlock,
  waitForIndexerReady,
} from "@coherence/devnet";
import { publicClientOf } from "@coherence/oracle";
import type { Deployment } from "@coherence/protocol";
import { type RpcGate, startRpcGate } from "./rpcGate.ts";
import { setUpWorld, type World } from "./scenario.ts";
import { type StaticServer, serveDirectory } from "./staticServer.ts";

export type Stack = {
  workDir: string;
  chain: { rpcUrl: string; chainId: number; deployment: Deployment; deploymentsDir: string };
  world: World;
  indexer: IndexerProcess;
  /** Between the indexer and the chain: closing it leaves the indexer behind. */
  indexerRpc: RpcGate;
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
    const node = await startHardhatNode(await freePort(), { logFile: path.join(logDir, "hardhat-node.log") });
    stops.push(() => node.process.stop());
    const deploymentsDir = path.join(workDir, "deployments");
    const deployment = await deployLocal(node.rpcUrl, deploymentsDir, path.join(logDir, "deploy.log"));
    const chain = { rpcUrl: node.rpcUrl, chainId: deployment.chainId, deployment, deploymentsDir };
    // The scenario keeps its operators' data and published manifests in workDir/scenario.
    const world = await setUpWorld(chain.rpcUrl, deployment, path.join(workDir, "scenario"));
    const manifestDir = world.applied.manifestsDir;
    const manifests = await serveDirectory(manifestDir);
    stops.push(() => manifests.close());
    const indexerRpc = await startRpcGate(chain.rpcUrl);
    stops.push(() => indexerRpc.stop());
    const indexer = startIndexer({
      port: await freePort(),
      chainId: chain.chainId,
      rpcUrl: indexerRpc.url,
      deploymentsDir,
      manifestDir,
      pgliteDir: path.join(workDir, "pglite"),
      schema: "frontend_e2e",
      pollingIntervalMs: 100,
      logFile: path.join(logDir, "indexer.log"),
    });
    stops.push(() => indexer.process.stop());
    await waitForIndexerReady(indexer, 120_000);
    const client = publicClientOf(chain.chainId, chain.rpcUrl);
    const synced = async () => waitForIndexedBlock(indexer, await client.getBlockNumber(), 30_000);
    await synced();
    return { workDir, chain, world, indexer, indexerRpc, manifests, synced, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
