/**
 * A fresh local chain for the end-to-end run: a Hardhat node on a free port with the protocol deployed into a
 * temporary deployments directory (the repository's deployments/ is left alone).
 */
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";

import type { Deployment } from "../../../deploy/deployment.ts";
import { BIN, REPO_ROOT } from "./paths.ts";
import { freePort, type Managed, run, start, waitFor } from "./processes.ts";

export type LocalChain = {
  node: Managed;
  rpcUrl: string;
  chainId: number;
  deployment: Deployment;
  deploymentsDir: string;
  /** Stops the node and removes the deployment journal Ignition kept for this chain id. */
  stop(): Promise<void>;
};

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/**
 * Starts a Hardhat node and deploys the protocol; the caller calls `stop`. The chain id is unique to the run
 * (7,800,000 + port), so Ignition's journal of this deployment (deploy/deployments/chain-<id>) cannot collide
 * with another local deployment running at the same time.
 */
export async function startLocalChain(workDir: string, logDir: string): Promise<LocalChain> {
  const port = await freePort();
  const chainId = 7_800_000 + port;
  const rpcUrl = `http://127.0.0.1:${port}`;
  const node = start({
    name: "hardhat-node",
    command: process.execPath,
    args: [BIN.hardhat, "node", "--hostname", "127.0.0.1", "--port", String(port), "--chain-id", String(chainId)],
    cwd: REPO_ROOT,
    logDir,
  });
  const stop = async () => {
    await node.stop();
    await rm(path.join(REPO_ROOT, "deploy", "deployments", `chain-${chainId}`), { recursive: true, force: true });
  };
  try {
    await waitFor("the Hardhat node", async () => Number(await rpc(rpcUrl, "eth_chainId")) === chainId, 60_000, node);
    const deploymentsDir = path.join(workDir, "deployments");
    await run({
      name: "deploy",
      command: process.execPath,
      args: [BIN.hardhat, "run", "frontend/e2e/support/deployScript.ts"],
      cwd: REPO_ROOT,
      env: { CCN_DEPLOY_RPC_URL: rpcUrl, CCN_DEPLOYMENTS_DIR: deploymentsDir },
      logDir,
    });
    const deployment = JSON.parse(readFileSync(path.join(deploymentsDir, `${chainId}.json`), "utf8")) as Deployment;
    return { node, rpcUrl, chainId, deployment, deploymentsDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
