/**
 * The web app (frontend/) built for a network and served by `vite preview`, as `npm start` and the web app's
 * end-to-end tests run it. Run with the web app's own Vite (the root holds an older one another package brought in).
 */
import path from "node:path";

import { REPOSITORY_ROOT } from "./localChain.ts";
import { type ManagedProcess, packageCli, runProcess, startProcess, waitFor } from "./processes.ts";

const FRONTEND_DIR = path.join(REPOSITORY_ROOT, "frontend");
const viteCli = () => packageCli("vite", "bin/vite.js", FRONTEND_DIR);

/** What the app is built for: it reaches the app as VITE_* variables, the deployments at build time. */
export type WebAppNetwork = {
  chainId: number;
  rpcUrl: string;
  indexerUrl: string;
  /** The base URL of the published epoch manifests. */
  manifestUrl: string;
  /** Directory of deployments/<chainId>.json. */
  deploymentsDir: string;
  /** The forge intake's HTTP API, when the app is to show it (it must allow the app's origin: CORS). */
  intakeUrl?: string;
  /** IPFS gateways the app fetches manifests from by the CID their proposal records (verified block by block). */
  ipfsGateways?: readonly string[];
};

export type BuildWebAppParameters = {
  network: WebAppNetwork;
  /** Emptied first. */
  outDir: string;
  logFile?: string;
  timeoutMs?: number;
};

/** Builds the app for `network` into `outDir`; rejects with Vite's output if the build fails. */
export async function buildWebApp(parameters: BuildWebAppParameters): Promise<void> {
  const { network } = parameters;
  await runProcess({
    name: "web app build",
    command: process.execPath,
    args: [viteCli(), "build", "--outDir", parameters.outDir, "--emptyOutDir"],
    cwd: FRONTEND_DIR,
    env: {
      ...process.env,
      CCN_DEPLOYMENTS_DIR: network.deploymentsDir,
      VITE_CHAIN_ID: String(network.chainId),
      VITE_RPC_URL: network.rpcUrl,
      VITE_INDEXER_URL: network.indexerUrl,
      VITE_MANIFEST_URL: network.manifestUrl,
      ...(network.intakeUrl !== undefined ? { VITE_INTAKE_URL: network.intakeUrl } : {}),
      ...(network.ipfsGateways !== undefined ? { VITE_IPFS_GATEWAYS: network.ipfsGateways.join(",") } : {}),
    },
    ...(parameters.logFile !== undefined ? { logFile: parameters.logFile } : {}),
    ...(parameters.timeoutMs !== undefined ? { timeoutMs: parameters.timeoutMs } : {}),
  });
}

export type ServedWebApp = { url: string; process: ManagedProcess };

/** Serves a built app with `vite preview` on `port` of 127.0.0.1; the caller waits with {@link waitForWebApp} and stops `process`. */
export function serveWebApp(parameters: { outDir: string; port: number; logFile?: string }): ServedWebApp {
  const preview = startProcess({
    name: "web app",
    command: process.execPath,
    args: [
      viteCli(),
      "preview",
      "--outDir",
      path.resolve(parameters.outDir),
      "--port",
      String(parameters.port),
      "--strictPort",
      "--host",
      "127.0.0.1",
    ],
    cwd: FRONTEND_DIR,
    ...(parameters.logFile !== undefined ? { logFile: parameters.logFile } : {}),
  });
  return { url: `http://127.0.0.1:${parameters.port}`, process: preview };
}

/** Waits until the served app answers. */
export async function waitForWebApp(app: ServedWebApp, timeoutMs: number): Promise<void> {
  await waitFor("the web app", async () => ((await fetch(app.url)).ok ? true : undefined), {
    timeoutMs,
    process: app.process,
  });
}
