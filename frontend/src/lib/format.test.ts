import { describe, expect, test } from "vitest";

import { formatBps, formatDuration, formatMicroUsd, formatMultiplier, formatRatio, shortAddress } from "./format.ts";

describe("protocol unit formatters", () => {
  test("basis points, multipliers and ratios match the oracle's explanation", () => {
    expect(formatBps(6971)).toBe("69.71%");
    expect(formatBps(10000)).toBe("100.00%");
    expect(formatBps(5)).toBe("0.05%");
    expect(formatMultiplier(11971)).toBe("1.19x");
    expect(formatMultiplier(5000)).toBe("0.50x");
    expect(formatRatio(15_083_460_000_000n, 24_961_020_000_000n)).toBe("60.43%");
    expect(formatRatio(1n, 0n)).toBe("0.00%");
  });

  test("micro-USD shows cents, and sub-cent digits only when there are some", () => {
    expect(formatMicroUsd(1_260_000_000n)).toBe("$1,260.00");
    expect(formatMicroUsd(1_500n)).toBe("$0.0015");
    expect(formatMicroUsd(0n)).toBe("$0.00");
  });

  test("durations and addresses", () => {
    expect(formatDuration(3599)).toBe("59m 59s");
    expect(formatDuration(3661)).toBe("1h 01m 01s");
    expect(formatDuration(-5)).toBe("0s");
    expect(shortAddress("0xbcd4042de499d14e55001ccbb24a551f3b954096")).toBe("0xbcd4…4096");
  });
});
