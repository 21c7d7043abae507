import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidArgumentError } from "@coherence/protocol";
import { computeEpoch } from "./computeEpoch.ts";
import { explainLeaf, formatMicroUsd, formatMultiplier, formatPercent } from "./explainLeaf.ts";
import { ALICE, EVE, TREASURY, U, W, WORKED_EXAMPLE } from "./workedExample.ts";

const result = computeEpoch(WORKED_EXAMPLE);

describe("explainLeaf", () => {
  test("formats with integer arithmetic only", () => {
    assert.equal(formatPercent(1n, 3n), "33.33%");
    assert.equal(formatPercent(2n, 3n), "66.67%");
    assert.equal(formatPercent(5n, 0n), "0.00%");
    assert.equal(formatMultiplier(13200), "1.32x");
    assert.equal(formatMultiplier(5000), "0.50x");
    assert.equal(formatMicroUsd(1_234_567n), "1.234567 USD");
  });

  test("says a carried-over leaf got nothing new", () => {
    const lines = explainLeaf(result, EVE, W);
    assert.equal(lines[0], `${EVE} receives 0 of ${W} in this epoch (cumulative 42, previously 42):`);
    assert.match(lines[1]!, /carries over/);
  });

  test("explains a treasury payment by the asset that had nobody to pay", () => {
    assert.ok(
      explainLeaf(result, TREASURY, U).includes(
        "- 50 as treasury: asset 5 has no weighted contribution and no parents",
      ),
    );
  });

  test("stops tracing the lineage at maxDepth", () => {
    const shallow = explainLeaf(result, ALICE, U, { maxDepth: 0 });
    assert.ok(shallow.includes("    ..."));
    assert.ok(!shallow.some((l) => l.includes("asset 4 inflow")));
  });

  test("is case-blind in its arguments and rejects an unknown leaf", () => {
    assert.doesNotThrow(() => explainLeaf(result, ALICE.toUpperCase().replace("0X", "0x") as `0x${string}`, U));
    assert.throws(() => explainLeaf(result, EVE, U), InvalidArgumentError);
  });
});
