/**
 * A fresh local chain for the end-to-end run: a Hardhat node on a free port with the protocol deployed into a
 * temporary deployments directory (the repository's deployments/ is left alone).
 */
import { readFileSync } from "node:fs";
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

/** Starts a Hardhat node and deploys the protocol; the caller stops `node`. */
export async function startLocalChain(workDir: string, logDir: string): Promise<LocalChain> {
  const port = await freePort();
  const rpcUrl = `http://127.0.0.1:${port}`;
  const node = start({
    name: "hardhat-node",
    command: process.execPath,
    args: [BIN.hardhat, "node", "--hostname", "127.0.0.1", "--port", String(port)],
    cwd: REPO_ROOT,
    logDir,
  });
  try {
    await waitFor("the Hardhat node", async () => typeof (await rpc(rpcUrl, "eth_chainId")) === "string", 60_000, node);
    const deploymentsDir = path.join(workDir, "deployments");
    await run({
      name: "deploy",
      command: process.execPath,
      args: [BIN.hardhat, "run", "frontend/e2e/support/deployScript.ts"],
      cwd: REPO_ROOT,
      env: { CCN_DEPLOY_RPC_URL: rpcUrl, CCN_DEPLOYMENTS_DIR: deploymentsDir },
      logDir,
    });
    const chainId = Number(await rpc(rpcUrl, "eth_chainId"));
    const deployment = JSON.parse(readFileSync(path.join(deploymentsDir, `${chainId}.json`), "utf8")) as Deployment;
    return { node, rpcUrl, chainId, deployment, deploymentsDir };
  } catch (error) {
    await node.stop();
    throw error;
  }
}
