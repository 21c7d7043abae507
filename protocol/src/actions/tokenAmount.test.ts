import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";

import { formatTokenAmount, parseTokenAmount } from "./tokenAmount.ts";

test("amounts convert exactly, both ways, at any number of decimals", () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 18 }), (amount, decimals) => {
      assert.equal(parseTokenAmount(formatTokenAmount(amount, decimals), decimals), amount);
    }),
  );
  assert.equal(parseTokenAmount("12.5", 6), 12_500_000n);
  assert.equal(formatTokenAmount(1_000_000n, 6), "1");
});

test("more decimals than the token has, or no amount at all, is refused rather than rounded", () => {
  assert.throws(() => parseTokenAmount("1.0000001", 6), /"1.0000001" has 7 decimals; the token has 6\./);
  assert.throws(() => parseTokenAmount("-1", 6), /is not an amount/);
  assert.throws(() => parseTokenAmount("1e6", 6), /is not an amount/);
});
