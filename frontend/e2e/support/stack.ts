/**
 * The whole local stack the end-to-end tests run against: Hardhat node + deployment, the demo world with a
 * finalised epoch, the real indexer, and the manifests served over HTTP. Started once per test run and stopped
 * (every process group, by id) whatever happens.
 */
import { mkdtempSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { type Indexer, startIndexer, waitForIndexedBlock } from "./indexer.ts";
import { type LocalChain, startLocalChain } from "./localChain.ts";
import { setUpWorld, type World } from "./scenario.ts";
import { serveDirectory, type StaticServer } from "./staticServer.ts";

export type Stack = {
  workDir: string;
  chain: LocalChain;
  world: World;
  indexer: Indexer;
  manifests: StaticServer;
  manifestDir: string;
  /** Waits until the indexer has the chain's latest block. */
  synced(): Promise<void>;
  stop(): Promise<void>;
};

export async function startStack(logDir: string): Promise<Stack> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), "coherence-frontend-e2e-"));
  mkdirSync(logDir, { recursive: true });
  const manifestDir = path.join(workDir, "manifests");
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const chain = await startLocalChain(workDir, logDir);
    stops.push(() => chain.stop());
    const world = await setUpWorld(chain.rpcUrl, chain.deployment, manifestDir);
    const manifests = await serveDirectory(manifestDir);
    stops.push(() => manifests.close());
    const indexer = await startIndexer({ rpcUrl: chain.rpcUrl, chainId: chain.chainId, deploymentsDir: chain.deploymentsDir, manifestDir, workDir, logDir });
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
    return { workDir, chain, world, indexer, manifests, manifestDir, synced, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
