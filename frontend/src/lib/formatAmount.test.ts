import { describe, expect, test } from "vitest";

import { formatAmount, isAmountShortened } from "./formatAmount.ts";

describe("formatAmount", () => {
  test("shows base units with their decimals, trailing zeros dropped", () => {
    expect(formatAmount(1_234_500_000n, 6)).toBe("1,234.5");
    expect(formatAmount(1_000_000n, 6)).toBe("1");
    expect(formatAmount(0n, 18)).toBe("0");
    expect(formatAmount(1n, 18)).toBe("0.000000000000000001");
    expect(formatAmount(115_562_736n, 6)).toBe("115.562736");
  });

  test("is exact beyond 2^53, where a float would round", () => {
    expect(formatAmount(9_007_199_254_740_993n, 0)).toBe("9,007,199,254,740,993");
    expect(formatAmount(29_609_749_120_829_197n, 18)).toBe("0.029609749120829197");
    expect(formatAmount(2n ** 256n - 1n, 18)).toBe(
      "115,792,089,237,316,195,423,570,985,008,687,907,853,269,984,665,640,564,039,457.584007913129639935",
    );
    // The float path gets this one wrong: 0.1 + 0.2 style errors never appear.
    expect(formatAmount(300_000_000_000_000_001n, 18)).toBe("0.300000000000000001");
  });

  test("cuts (never rounds up) to the fraction digits asked for, and says when an amount is too small to show", () => {
    expect(formatAmount(29_609_749_120_829_197n, 18, { maxFractionDigits: 6 })).toBe("0.029609");
    expect(formatAmount(1_999_999n, 6, { maxFractionDigits: 2 })).toBe("1.99");
    expect(formatAmount(1n, 18, { maxFractionDigits: 6 })).toBe("<0.000001");
    expect(formatAmount(5n, 1, { maxFractionDigits: 0 })).toBe("<1");
    expect(formatAmount(1_500_000n, 6, { maxFractionDigits: 0 })).toBe("1");
    expect(formatAmount(2_000_000n, 6, { maxFractionDigits: 2 })).toBe("2");
  });

  test("groups thousands unless told not to; handles zero decimals and negatives", () => {
    expect(formatAmount(1_234_567n, 0)).toBe("1,234,567");
    expect(formatAmount(1_234_567n, 0, { group: false })).toBe("1234567");
    expect(formatAmount(123n, 0)).toBe("123");
    expect(formatAmount(-1_500_000n, 6)).toBe("-1.5");
    expect(formatAmount(-1n, 18, { maxFractionDigits: 6 })).toBe(">-0.000001");
  });

  test("rejects impossible decimals", () => {
    expect(() => formatAmount(1n, -1)).toThrow(RangeError);
    expect(() => formatAmount(1n, 1.5)).toThrow(RangeError);
  });
});

describe("isAmountShortened", () => {
  test("is true exactly when digits beyond the shown ones are non-zero", () => {
    expect(isAmountShortened(29_609_749_120_829_197n, 18, 6)).toBe(true);
    expect(isAmountShortened(29_609_000_000_000_000n, 18, 6)).toBe(false);
    expect(isAmountShortened(123n, 2, 6)).toBe(false);
    expect(isAmountShortened(123n, 2, undefined)).toBe(false);
  });
});
