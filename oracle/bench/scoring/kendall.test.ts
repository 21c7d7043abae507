import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";

import { kendallTauB } from "./kendall.ts";

test("tau-b is 1 for the same order, -1 for the reverse, 0 against a constant", () => {
  assert.equal(kendallTauB([1, 2, 3, 4], [5, 6, 7, 9]), 1);
  assert.equal(kendallTauB([1, 2, 3, 4], [9, 7, 6, 5]), -1);
  assert.equal(kendallTauB([1, 2, 3], [5, 5, 5]), 0);
});

test("tau-b with ties matches a worked example", () => {
  // Of the 10 pairs: 6 concordant, 2 discordant (the 5 against 3 and 4), 2 tied in x, none in y.
  const tau = kendallTauB([1, 1, 2, 3, 3], [1, 2, 5, 3, 4]);
  assert.equal(tau.toFixed(12), (4 / Math.sqrt(8 * 10)).toFixed(12));
});

test("tau-b is symmetric and lies in [-1, 1] (property)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 10000 })), {
        minLength: 2,
        maxLength: 30,
      }),
      (pairs) => {
        const x = pairs.map((p) => p[0]);
        const y = pairs.map((p) => p[1]);
        const tau = kendallTauB(x, y);
        return tau >= -1 - 1e-12 && tau <= 1 + 1e-12 && Math.abs(tau - kendallTauB(y, x)) < 1e-12;
      },
    ),
  );
});
