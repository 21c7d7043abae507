/**
 * A local Hardhat node with the protocol deployed: what `npm start`, the system tests and the web app's
 * end-to-end tests stand on.
 */
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { type Deployment, parseDeployment } from "@coherence/protocol";
import { type ManagedProcess, packageCli, runProcess, startProcess, waitFor } from "./processes.ts";

export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, "..", "..");
const hardhatCli = () => packageCli("hardhat", "dist/src/cli.js", REPOSITORY_ROOT);

export type StartHardhatNodeOptions = {
  /** Also append the node's output to this file. */
  logFile?: string;
  /**
   * Give the chain an id of its own (7,700,000 + port) instead of Hardhat's 31337, so nothing keyed by chain id
   * (Ignition journals, deployment files, an indexer's sync cache) is shared with another local chain.
   */
  uniqueChainId?: boolean;
};

export type LocalNode = { rpcUrl: string; chainId: number; process: ManagedProcess };

/** Starts `hardhat node` on `port` and waits until it answers JSON-RPC. */
export async function startHardhatNode(port: number, options: StartHardhatNodeOptions = {}): Promise<LocalNode> {
  const chainId = options.uniqueChainId ? 7_700_000 + port : 31337;
  const node = startProcess({
    name: "hardhat node",
    command: process.execPath,
    args: [
      hardhatCli(),
      "node",
      "--hostname",
      "127.0.0.1",
      "--port",
      String(port),
      ...(options.uniqueChainId ? ["--chain-id", String(chainId)] : []),
    ],
    cwd: REPOSITORY_ROOT,
    ...(options.logFile !== undefined ? { logFile: options.logFile } : {}),
  });
  const rpcUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      "the Hardhat node",
      async () => (Number(await rpc<string>(rpcUrl, "eth_chainId")) === chainId ? true : undefined),
      {
        timeoutMs: 60_000,
        process: node,
      },
    );
  } catch (error) {
    await node.stop();
    throw error;
  }
  return { rpcUrl, chainId, process: node };
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
  const file = path.join(deploymentsDir, `${Number(await rpc<string>(rpcUrl, "eth_chainId"))}.json`);
  return parseDeployment(JSON.parse(await readFile(file, "utf8")), file);
}

/** A JSON-RPC call to a node; fails with the node's message when it answers with an error. */
export async function rpc<T = unknown>(url: string, method: string, params: readonly unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}
