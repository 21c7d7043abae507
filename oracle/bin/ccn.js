#!/usr/bin/env node
// The `ccn` command. The CLI is TypeScript, run as it is by a Node that strips types (22.18+, 23.6+); on a Node
// that cannot (the machine's own Node 20, say, or one started with --no-experimental-strip-types) it runs under
// Node 24 from the npm registry instead.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../src/cli/ccn.ts", import.meta.url));
// "strip" or "transform" where types are stripped; false where they are not; absent before Node 22.10.
const stripsTypes = Boolean(process.features.typescript);

if (stripsTypes) {
  await import(cli);
} else {
  const run = spawnSync("npx", ["-y", "-p", "node@24", "--", "node", cli, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  if (run.error) {
    console.error(`ccn: cannot start Node 24 through npx (${run.error.message})`);
    process.exit(1);
  }
  process.exit(run.status ?? 1);
}
