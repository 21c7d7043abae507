/**
 * A real Hardhat node with the protocol deployed by the repository's deploy function.
 *
 * Each node gets its own chain id, so Ignition's journal goes to its own `deploy/deployments/chain-<id>/`
 * (removed again when the group stops) and never touches the committed chain-31337 journal or another
 * helper's deployment; the deployment file goes to a temporary directory, never to `deployments/`.
 */
import { rm } from "node:fs/promises";
import path from "node:path";

import type { Deployment } from "../../config/deployment.ts";
import { REPO_ROOT } from "../../config/env.ts";
import { freePort, type Managed, type ProcessGroup, waitFor } from "./processes.ts";

const HARDHAT_CLI = path.join(REPO_ROOT, "node_modules", "hardhat", "dist", "src", "cli.js");

/** JSON-RPC call to a node. */
export async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

export type LocalChain = { url: string; chainId: number; node: Managed };

/** Starts `hardhat node` on a free port with a chain id of its own. */
export async function startHardhatNode(group: ProcessGroup): Promise<LocalChain> {
  const port = await freePort();
  // Unique per run and port: 7,700,000 + port.
  const chainId = 7_700_000 + port;
  const node = group.start("hardhat node", process.execPath, [HARDHAT_CLI, "node", "--hostname", "127.0.0.1", "--port", String(port), "--chain-id", String(chainId)], {
    cwd: REPO_ROOT,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`the Hardhat node on port ${port}\n${node.output()}`, async () => Number(await rpc<string>(url, "eth_chainId")) === chainId || undefined, 60_000, 200);
  group.defer(() => rm(path.join(REPO_ROOT, "deploy", "deployments", `chain-${chainId}`), { recursive: true, force: true }));
  return { url, chainId, node };
}

/** Deploys the protocol with demo tokens (`deployCoherence` run by `hardhat run`) and writes `<chainId>.json` to `deploymentsDir`. */
export async function deployProtocol(group: ProcessGroup, chain: LocalChain, deploymentsDir: string): Promise<Deployment> {
  const deployer = group.start("deploy", process.execPath, [HARDHAT_CLI, "run", "--no-compile", path.join("indexer", "test", "support", "deployScript.ts")], {
    cwd: REPO_ROOT,
    env: { ...process.env, CCN_DEPLOY_RPC_URL: chain.url, CCN_DEPLOYMENTS_DIR: deploymentsDir },
  });
  const code = await deployer.exited;
  const line = deployer
    .output()
    .split("\n")
    .find((l) => l.startsWith("DEPLOYMENT "));
  if (code !== 0 || line === undefined) throw new Error(`deployment failed (exit ${code}):\n${deployer.output()}`);
  return JSON.parse(line.slice("DEPLOYMENT ".length)) as Deployment;
}
