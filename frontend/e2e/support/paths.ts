/** Paths the end-to-end run uses. */
import { existsSync } from "node:fs";
import path from "node:path";

export const FRONTEND_DIR = path.resolve(import.meta.dirname, "..", "..");
export const REPO_ROOT = path.resolve(FRONTEND_DIR, "..");
export const RESULTS_DIR = path.join(FRONTEND_DIR, "test-results");

/** The file of a package's CLI as Node resolves the package from `from` (nearest node_modules first). */
function cli(pkg: string, bin: string, from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "node_modules", pkg, bin);
    if (existsSync(file)) return file;
    if (path.dirname(dir) === dir) throw new Error(`${pkg} is not installed (looked for ${bin} from ${from}); run npm install`);
  }
}

/** CLIs, run with this Node (so the Node 24 the tests run on is the one the tools get). */
export const BIN = {
  hardhat: cli("hardhat", "dist/src/cli.js", REPO_ROOT),
  ponder: cli("ponder", "dist/esm/bin/ponder.js", path.join(REPO_ROOT, "indexer")),
  vite: cli("vite", "bin/vite.js", FRONTEND_DIR),
} as const;
