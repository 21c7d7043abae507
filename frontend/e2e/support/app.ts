/**
 * The built web app served by `vite preview`: built for the e2e chain (its deployment, RPC, indexer and manifest
 * URLs as VITE_* variables) into a temporary directory, then served on a free port.
 */
import path from "node:path";

import { BIN, FRONTEND_DIR } from "./paths.ts";
import { freePort, type Managed, run, start, waitFor } from "./processes.ts";

export type ServedApp = { proc: Managed; url: string };

export type AppEnv = {
  chainId: number;
  rpcUrl: string;
  indexerUrl: string;
  manifestUrl: string;
  deploymentsDir: string;
};

/** Builds the app for `env` into `outDir`. */
export async function buildApp(env: AppEnv, outDir: string, logDir: string): Promise<void> {
  await run({
    name: "vite-build",
    command: process.execPath,
    args: [BIN.vite, "build", "--outDir", outDir, "--emptyOutDir"],
    cwd: FRONTEND_DIR,
    env: {
      VITE_CHAIN_ID: String(env.chainId),
      VITE_RPC_URL: env.rpcUrl,
      VITE_INDEXER_URL: env.indexerUrl,
      VITE_MANIFEST_URL: env.manifestUrl,
      CCN_DEPLOYMENTS_DIR: env.deploymentsDir,
    },
    logDir,
    timeoutMs: 180_000,
  });
}

/** Serves `outDir` with `vite preview`; the caller stops `proc`. */
export async function previewApp(outDir: string, logDir: string): Promise<ServedApp> {
  const port = await freePort();
  const proc = start({
    name: "vite-preview",
    command: process.execPath,
    args: [BIN.vite, "preview", "--outDir", path.resolve(outDir), "--port", String(port), "--strictPort", "--host", "127.0.0.1"],
    cwd: FRONTEND_DIR,
    logDir,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor("vite preview", async () => (await fetch(url)).ok, 30_000, proc);
    return { proc, url };
  } catch (error) {
    await proc.stop();
    throw error;
  }
}
