import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { radixOrder } from "./radixOrder.ts";

describe("radixOrder", () => {
  test("sorts 32-bit keys ascending, equal keys in index order, at every digit", () => {
    // Keys from a few values per digit, so equal digits and equal keys are common in every pass.
    const digit = (shift: number): fc.Arbitrary<number> => fc.constantFrom(0, 1, 2047).map((d) => d * 2 ** shift);
    const key = fc
      .oneof(
        fc.tuple(
          digit(0),
          digit(11),
          fc.constantFrom(0, 1, 1023).map((d) => d * 2 ** 22),
        ),
        fc.constant([0, 0, 0]),
      )
      .map((parts) => parts.reduce((a, b) => a + b, 0));
    fc.assert(
      fc.property(fc.array(fc.oneof(key, fc.nat({ max: 2 ** 32 - 1 })), { maxLength: 200 }), (keys) => {
        const expected = keys.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
        const { order, sorted } = radixOrder(Uint32Array.from(keys));
        assert.deepEqual(Array.from(order), expected);
        assert.deepEqual(
          Array.from(sorted),
          expected.map((i) => keys[i]),
        );
      }),
      { numRuns: 300 },
    );
  });
});
