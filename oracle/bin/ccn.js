#!/usr/bin/env node
// The `ccn` command. The CLI is TypeScript, run as it is by a Node that strips types (22.18+, 23.6+); on an
// older Node (the machine's own Node 20, say) it runs under Node 24 from the npm registry instead.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../src/cli/ccn.ts", import.meta.url));
const [major, minor] = process.versions.node.split(".").map(Number);
const stripsTypes = major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);

if (stripsTypes) {
  await import(cli);
} else {
  const run = spawnSync("npx", ["-y", "-p", "node@24", "--", "node", cli, ...process.argv.slice(2)], { stdio: "inherit" });
  if (run.error) {
    console.error(`ccn: cannot start Node 24 through npx (${run.error.message})`);
    process.exit(1);
  }
  process.exit(run.status ?? 1);
}
