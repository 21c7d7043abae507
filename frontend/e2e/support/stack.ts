/**
 * The whole local stack the end-to-end tests run against: a Hardhat node with the protocol deployed (the shared
 * scripts/lib/localChain.ts), the demo scenario applied with its epochs finalised, the real indexer (the shared
 * scripts/lib/indexerProcess.ts) reaching the chain through a gate the tests can close, and the published
 * manifests served over HTTP. Started once per run and stopped
 * (every process group, by id) whatever happens.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
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
  /** The indexer now running (a restart replaces it, on the same URL). */
  readonly indexer: IndexerProcess;
  /**
   * Starts the indexer again on the same port with its database gone (killed with SIGKILL first, as a crashed
   * host is, if it still runs): it re-syncs from the first block.
   */
  restartIndexer(): Promise<void>;
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
    const port = await freePort();
    const pgliteDir = path.join(workDir, "pglite");
    let restarts = 0;
    const launch = () =>
      startIndexer({
        port,
        chainId: chain.chainId,
        rpcUrl: indexerRpc.url,
        deploymentsDir,
        manifestDir,
        pgliteDir,
        schema: "frontend_e2e",
        pollingIntervalMs: 100,
        logFile: path.join(logDir, restarts === 0 ? "indexer.log" : `indexer-restart-${restarts}.log`),
      });
    let indexer = launch();
    stops.push(() => indexer.process.stop());
    await waitForIndexerReady(indexer, 120_000);
    const client = publicClientOf(chain.chainId, chain.rpcUrl);
    const synced = async () => waitForIndexedBlock(indexer, await client.getBlockNumber(), 30_000);
    await synced();
    const restartIndexer = async () => {
      await indexer.process.kill();
      await indexer.process.exited;
      rmSync(pgliteDir, { recursive: true, force: true });
      restarts++;
      indexer = launch();
    };
    return {
      workDir,
      chain,
      world,
      get indexer() {
        return indexer;
      },
      restartIndexer,
      indexerRpc,
      manifests,
      synced,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
