/**
 * A local Hardhat node with the protocol deployed: what `npm start`, the system tests and the web app's
 * end-to-end tests stand on.
 */
import { readFile, rm } from "node:fs/promises";
import path from "node:path";

import { parseDeployment, type Deployment } from "../../deploy/deployment.ts";
import { packageCli, runProcess, startProcess, waitFor, type ManagedProcess } from "./processes.ts";

export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, "..", "..");
const hardhatCli = () => packageCli("hardhat", "dist/src/cli.js", REPOSITORY_ROOT);

/** Starts `hardhat node` on `port` and waits until it answers JSON-RPC. */
export async function startHardhatNode(port: number, logFile?: string): Promise<{ rpcUrl: string; process: ManagedProcess }> {
  const node = startProcess({
    name: "hardhat node",
    command: process.execPath,
    args: [hardhatCli(), "node", "--hostname", "127.0.0.1", "--port", String(port)],
    cwd: REPOSITORY_ROOT,
    ...(logFile !== undefined ? { logFile } : {}),
  });
  const rpcUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor("the Hardhat node", () => rpc(rpcUrl, "eth_chainId"), { timeoutMs: 60_000, process: node });
  } catch (error) {
    await node.stop();
    throw error;
  }
  return { rpcUrl, process: node };
}

/**
 * Deploys the protocol and the demo tokens to the local node at `rpcUrl` (through `scripts/deploy.ts`) and
 * returns the deployment file it wrote to `deploymentsDir`.
 */
export async function deployLocal(rpcUrl: string, deploymentsDir: string, logFile?: string): Promise<Deployment> {
  // Ignition keeps a journal per deployment id so it can resume; a throwaway chain needs none afterwards.
  const ignitionId = `local-${new URL(rpcUrl).port}`;
  try {
    await runProcess({
      name: `Deploying to ${rpcUrl}`,
      command: process.execPath,
      args: [hardhatCli(), "run", "scripts/deploy.ts", "--network", "localhost"],
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, CCN_RPC_URL: rpcUrl, CCN_DEPLOYMENTS_DIR: deploymentsDir, CCN_IGNITION_ID: ignitionId },
      ...(logFile !== undefined ? { logFile } : {}),
    });
  } finally {
    await rm(path.join(REPOSITORY_ROOT, "deploy", "deployments", ignitionId), { recursive: true, force: true });
  }
  const file = path.join(deploymentsDir, "31337.json");
  return parseDeployment(JSON.parse(await readFile(file, "utf8")), file);
}

async function rpc(url: string, method: string): Promise<string | undefined> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [] }),
  });
  const body = (await response.json()) as { result?: string };
  return body.result;
}
