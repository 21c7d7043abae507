import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidArgumentError } from "@coherence/protocol";
import fc from "fast-check";
import { splitByWeights } from "./largestRemainder.ts";

describe("splitByWeights", () => {
  test("conserves the amount, stays within one unit of the exact share, pays zero weights nothing", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 1n << 200n }),
        fc.array(fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 1n << 80n })), { minLength: 1, maxLength: 30 }),
        (amount, weights) => {
          fc.pre(weights.some((w) => w > 0n));
          const parts = splitByWeights(amount, weights);
          const total = weights.reduce((a, b) => a + b, 0n);
          assert.equal(
            parts.reduce((a, b) => a + b, 0n),
            amount,
          );
          parts.forEach((p, i) => {
            const floor = (amount * weights[i]!) / total;
            assert.ok(p === floor || p === floor + 1n);
            if (weights[i] === 0n) assert.equal(p, 0n);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  test("gives leftover units to the largest remainders, ties to the lower index", () => {
    assert.deepEqual(splitByWeights(100n, [1n, 1n, 1n]), [34n, 33n, 33n]);
    assert.deepEqual(splitByWeights(2n, [1n, 1n, 1n]), [1n, 1n, 0n]);
    // remainders 7*1 mod 4 = 3, 7*3 mod 4 = 1: the unit goes to the first despite its smaller weight.
    assert.deepEqual(splitByWeights(7n, [1n, 3n]), [2n, 5n]);
    assert.deepEqual(splitByWeights(0n, [5n, 0n]), [0n, 0n]);
  });

  test("rejects negative amounts and weights, and all-zero weights", () => {
    assert.throws(() => splitByWeights(-1n, [1n]), InvalidArgumentError);
    assert.throws(() => splitByWeights(1n, [1n, -1n]), InvalidArgumentError);
    assert.throws(() => splitByWeights(1n, [0n, 0n]), InvalidArgumentError);
  });
});
