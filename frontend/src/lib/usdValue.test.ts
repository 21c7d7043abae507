import fc from "fast-check";
import { describe, expect, test } from "vitest";

import { formatUsd, isPriceUnusable, MAX_PRICE_AGE_SECONDS, usdCents } from "./usdValue.ts";

const price = (answer: bigint, decimals = 8, updatedAt = 1_000n) => ({ answer, decimals, updatedAt });

describe("usdCents", () => {
  test("prices a 6-decimal stablecoin and an 18-decimal token by an 8-decimal feed, rounding down", () => {
    expect(usdCents(12_345_678n, 6, price(100_000_000n))).toBe(1234n);
    expect(usdCents(10n ** 18n / 3n, 18, price(3_000n * 10n ** 8n))).toBe(99_999n);
    expect(usdCents(1n, 18, price(3_000n * 10n ** 8n))).toBe(0n);
  });

  test("never overstates: cents x 10^(decimals) never exceed amount x answer x 100, and miss by less than a cent", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 40n }),
        fc.integer({ min: 0, max: 36 }),
        fc.bigInt({ min: 1n, max: 10n ** 24n }),
        fc.integer({ min: 0, max: 18 }),
        (amount, tokenDecimals, answer, feedDecimals) => {
          const cents = usdCents(amount, tokenDecimals, price(answer, feedDecimals));
          const scale = 10n ** BigInt(tokenDecimals + feedDecimals);
          const exact = amount * answer * 100n;
          expect(cents * scale <= exact).toBe(true);
          expect((cents + 1n) * scale > exact).toBe(true);
        },
      ),
    );
  });
});

describe("isPriceUnusable", () => {
  test("a price older than a day and two hours, or not positive, is not shown", () => {
    expect(isPriceUnusable(price(1n, 8, 1_000n), 1_000n + MAX_PRICE_AGE_SECONDS)).toBe(false);
    expect(isPriceUnusable(price(1n, 8, 1_000n), 1_001n + MAX_PRICE_AGE_SECONDS)).toBe(true);
    expect(isPriceUnusable(price(0n), 1_000n)).toBe(true);
    expect(isPriceUnusable(price(-5n), 1_000n)).toBe(true);
  });
});

describe("formatUsd", () => {
  test("dollars and cents, grouped; less than a cent but something reads as such", () => {
    expect(formatUsd(123_456n)).toBe("$1,234.56");
    expect(formatUsd(5n)).toBe("$0.05");
    expect(formatUsd(0n)).toBe("$0.00");
    expect(formatUsd(0n, true)).toBe("< $0.01");
    expect(formatUsd(1_000_000_000_00n)).toBe("$1,000,000,000.00");
  });
});
