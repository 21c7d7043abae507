import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";

import { canonicalHash, InvalidArgumentError } from "@coherence/protocol";
import { runnableBundle } from "./bundleFixture.ts";
import { composableRunner, RunFailedError, RunTimeoutError } from "./composableRunner.ts";
import { pinBundle } from "./pinBundle.ts";

const SOURCE = `
import { readFileSync, writeFileSync } from "node:fs";

export function handle(input: { op: string; n?: number; file?: string }) {
  switch (input.op) {
    case "double": return { doubled: 2 * input.n! };
    case "bigint": return { amount: 10n ** 30n };
    case "throw": throw new RangeError("n is out of range");
    case "float": return 0.5;
    case "spin": for (;;) {}
    case "read": return readFileSync(input.file!, "utf8");
    case "write": writeFileSync(input.file!, "x"); return "written";
    case "exit": process.exit(3);
  }
  return null;
}
`;

async function runner(t: { after(fn: () => unknown): void }, timeoutMs = 10_000) {
  const bundle = await runnableBundle({ "src/index.ts": SOURCE }, "handle");
  const pinned = await pinBundle(bundle.manifestFile, bundle.contentHash, path.join(bundle.root, "pins"));
  const run = composableRunner(pinned, { timeoutMs, heapMb: 64 });
  t.after(async () => {
    await run.close();
    await rm(bundle.root, { recursive: true, force: true });
  });
  return { run, bundle };
}

describe("composableRunner", () => {
  test("answers with the output and the canonical hashes of the input and the output, call after call", async (t) => {
    const { run } = await runner(t);
    for (const n of [1, 2, 3]) {
      const input = { op: "double", n };
      assert.deepEqual(await run.run(input), {
        output: { doubled: 2 * n },
        inputHash: canonicalHash(input),
        outputHash: canonicalHash({ doubled: 2 * n }),
      });
    }
    const big = await run.run({ op: "bigint" });
    assert.equal(big.outputHash, canonicalHash({ amount: 10n ** 30n }));
  });

  test("a composable that throws, or answers a float, is a RunFailedError and the next call still runs", async (t) => {
    const { run } = await runner(t);
    await assert.rejects(run.run({ op: "throw" }), (error: unknown) => {
      assert.ok(error instanceof RunFailedError);
      assert.match(error.message, /threw RangeError: n is out of range/);
      return true;
    });
    await assert.rejects(run.run({ op: "float" }), /the output has no canonical JSON form/);
    assert.deepEqual((await run.run({ op: "double", n: 4 })).output, { doubled: 8 });
  });

  test("an input without a canonical form is refused before anything runs", async (t) => {
    const { run } = await runner(t);
    await assert.rejects(run.run({ op: "double", n: 1.5 }), InvalidArgumentError);
  });

  test("a call over its time limit kills the process; the next call starts a fresh one", async (t) => {
    const { run } = await runner(t, 1_000);
    await assert.rejects(run.run({ op: "spin" }), RunTimeoutError);
    assert.deepEqual((await run.run({ op: "double", n: 5 })).output, { doubled: 10 });
  });

  test("a process that exits fails its call, and the next call starts a fresh one", async (t) => {
    const { run } = await runner(t);
    await assert.rejects(run.run({ op: "exit" }), /exited \(3\)/);
    assert.deepEqual((await run.run({ op: "double", n: 6 })).output, { doubled: 12 });
  });

  test("the composable reads its own pin only, and writes nothing", async (t) => {
    const { run, bundle } = await runner(t);
    const pinnedEntry = path.join(bundle.root, "pins", bundle.contentHash, "src/index.ts");
    assert.match(String((await run.run({ op: "read", file: pinnedEntry })).output), /export function handle/);
    // The bundle's working copy sits beside the pin, outside what the process may read.
    await assert.rejects(run.run({ op: "read", file: bundle.manifestFile }), /ERR_ACCESS_DENIED|Access to this API/);
    await assert.rejects(
      run.run({ op: "write", file: path.join(bundle.root, "pins", "x") }),
      /ERR_ACCESS_DENIED|Access to this API/,
    );
  });
});
