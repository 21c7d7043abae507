import { describe, expect, test } from "vitest";

import {
  formatBps,
  formatDuration,
  formatInteger,
  formatMicroUsd,
  formatMultiplier,
  formatRatio,
  formatUtcSpan,
  shortAddress,
} from "./format.ts";

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
    // The worked example of oracle/docs/costs.md, and amounts past 2^53 micro-USD, exactly.
    expect(formatMicroUsd(2_413_190_000n)).toBe("$2,413.19");
    expect(formatMicroUsd(345_000n)).toBe("$0.345");
    expect(formatMicroUsd(18_446_744_073_709_551_615n)).toBe("$18,446,744,073,709.551615");
    expect(formatMicroUsd(-270_000_000n)).toBe("-$270.00");
  });

  test("counts group by thousands; a span of UTC instants names its date once, the end's only if it is another day", () => {
    expect(formatInteger(1_000_000)).toBe("1,000,000");
    expect(formatInteger(2_592_000n)).toBe("2,592,000");
    expect(formatInteger(50)).toBe("50");
    expect(formatUtcSpan("2023-12-20T09:00:00Z", "2023-12-20T13:00:00Z")).toEqual({
      date: "2023-12-20",
      time: "09:00–13:00 UTC",
    });
    expect(formatUtcSpan("2023-12-20T22:00:30Z", "2023-12-21T02:00:00.500Z")).toEqual({
      date: "2023-12-20",
      time: "22:00:30 – 2023-12-21 02:00 UTC",
    });
  });

  test("durations and addresses", () => {
    expect(formatDuration(3599)).toBe("59m 59s");
    expect(formatDuration(3661)).toBe("1h 01m 01s");
    expect(formatDuration(-5)).toBe("0s");
    expect(shortAddress("0xbcd4042de499d14e55001ccbb24a551f3b954096")).toBe("0xbcd4…4096");
  });
});
