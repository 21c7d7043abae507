/**
 * The real `ccn` bin, as `npx ccn` runs it from the repository root: its help, an error of a real command, and
 * the re-run under Node 24 through npx that a Node which cannot strip types (the machine's Node 20) takes.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";

import { REPOSITORY_ROOT, startProcess } from "@coherence/devnet";

const BIN = path.join(REPOSITORY_ROOT, "node_modules", ".bin", "ccn");

/** Runs the bin with the Node on PATH (or this Node with `nodeFlags`), from the repository root. */
async function ccn(args: string[], nodeFlags?: string[]): Promise<{ code: number | null; output: string }> {
  const run = startProcess({
    name: `ccn ${args.join(" ")}`,
    ...(nodeFlags === undefined
      ? { command: BIN, args }
      : { command: process.execPath, args: [...nodeFlags, BIN, ...args] }),
    cwd: REPOSITORY_ROOT,
  });
  try {
    const code = await run.exited;
    return { code, output: run.output() };
  } finally {
    await run.stop();
  }
}

const COMMANDS = [
  "scenario apply <file>",
  "epoch prepare",
  "epoch sign <proposal.json>",
  "epoch submit <proposal.json> <signature.json>...",
  "epoch finalise <proposal.json>",
  "audit <epoch>",
  "verify <account>",
];

describe("the ccn bin", { timeout: 120_000 }, () => {
  test("--help lists every command and exits 0", async () => {
    const { code, output } = await ccn(["--help"]);
    assert.equal(code, 0, output);
    for (const synopsis of COMMANDS)
      assert.ok(output.includes(`\n  ccn ${synopsis}`), `lists ccn ${synopsis}:\n${output}`);
  });

  test("`ccn epoch sign missing.json` says the file cannot be read and which command writes it, and exits 1", async () => {
    const { code, output } = await ccn(["epoch", "sign", "missing.json"]);
    assert.equal(code, 1, output);
    assert.match(output, /^ccn: missing\.json: cannot be read \(ENOENT[^)]*\); write it with `ccn epoch prepare`$/m);
  });

  test("a Node that cannot strip types runs ccn under Node 24 through npx", async () => {
    const { code, output } = await ccn(["epoch", "sign"], ["--no-experimental-strip-types"]);
    assert.equal(code, 2, output);
    assert.match(output, /^ccn: missing <proposal\.json>$/m);
  });
});
