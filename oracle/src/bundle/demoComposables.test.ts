import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { bundleManifestSchema } from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";
import fc from "fast-check";
import { splitExact } from "../../../scenarios/demo/bigint-math/src/splitExact.ts";
import { bundleContent } from "./bundleContent.ts";
import { composableRunner } from "./composableRunner.ts";
import { pinBundle } from "./pinBundle.ts";

const DEMO = path.join(import.meta.dirname, "..", "..", "..", "scenarios", "demo");

/** Runs `input` through the demo bundle `name`, pinned by the content hash its files hash to. */
async function runDemo(name: string, input: Parameters<typeof splitExact>[0] | Record<string, unknown>) {
  const manifestFile = path.join(DEMO, name, "coherence.bundle.json");
  const { contentHash } = await bundleContent(manifestFile, await readJsonFile(bundleManifestSchema, manifestFile));
  const pins = await mkdtemp(path.join(os.tmpdir(), "ccn-gateway-pins-"));
  const runner = composableRunner(await pinBundle(manifestFile, contentHash, pins));
  try {
    return (await runner.run(input as never)).output;
  } finally {
    await runner.close();
    await rm(pins, { recursive: true, force: true });
  }
}

describe("the demo's runnable composables", () => {
  test("bigint-math's splitExact runs pinned and conserves every unit", async () => {
    assert.deepEqual(await runDemo("bigint-math", { amount: "10", weights: [1, 1, 1] }), { shares: ["4", "3", "3"] });
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 20 }).filter((w) => w.some((x) => x > 0)),
        (amount, weights) => {
          const { shares } = splitExact({ amount: String(amount), weights });
          assert.equal(
            shares.reduce((sum, share) => sum + BigInt(share), 0n),
            amount,
          );
          const total = BigInt(weights.reduce((a, b) => a + b, 0));
          // No share strays more than one unit from its exact pro-rata part.
          for (const [i, share] of shares.entries()) {
            const exact = amount * BigInt(weights[i]!);
            assert.ok(BigInt(share) * total >= exact - total && BigInt(share) * total <= exact + total);
          }
        },
      ),
    );
  });

  test("wallet-ui's formatAmount runs pinned and never rounds up", async () => {
    assert.deepEqual(await runDemo("wallet-ui", { amount: "1234567890", decimals: 6, digits: 2 }), {
      text: "1,234.56",
    });
    assert.deepEqual(await runDemo("wallet-ui", { amount: "999999", decimals: 6, digits: 2 }), { text: "0.99" });
  });
});
