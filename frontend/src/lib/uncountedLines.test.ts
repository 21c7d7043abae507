import type { CostEffect } from "@coherence/protocol";
import { describe, expect, test } from "vitest";

import { lineOf, uncountedLines } from "./uncountedLines.ts";

const finding = (effect: CostEffect, path: string) => ({ effect, path, reason: "…" });

describe("which report lines a check did not count", () => {
  test("a path names its line, or none", () => {
    expect(lineOf("labor.lines[2].start")).toEqual({ list: "labor", index: 2 });
    expect(lineOf("tools.usage[0].usage.gen_ai.request.model")).toEqual({ list: "usage", index: 0 });
    expect(lineOf("tools.subscriptions[1]")).toEqual({ list: "subscriptions", index: 1 });
    expect(lineOf("compute.lines[10].microUsd")).toEqual({ list: "compute", index: 10 });
    expect(lineOf("totals.laborMicroUsd")).toBeUndefined();
    expect(lineOf("labor.seconds")).toBeUndefined();
  });

  test("a line finding drops its line and no other", () => {
    const overlap = finding("line", "labor.lines[1].start");
    const uncounted = uncountedLines([overlap, finding("line", "tools.usage[0].outputMicroUsdPerMillion")]);
    expect(uncounted("labor", 1)).toEqual([overlap]);
    expect(uncounted("labor", 0)).toEqual([]);
    expect(uncounted("usage", 0)).toHaveLength(1);
    expect(uncounted("compute", 1)).toEqual([]);
  });

  test("a part finding drops its part's lines: the rate card the labor, the price table only the token usage", () => {
    const card = finding("part", "labor.rateCardHash");
    const table = finding("part", "tools.priceTableHash");
    const uncounted = uncountedLines([card, table]);
    expect(uncounted("labor", 0)).toEqual([card]);
    expect(uncounted("labor", 3)).toEqual([card]);
    expect(uncounted("usage", 0)).toEqual([table]);
    expect(uncounted("subscriptions", 0)).toEqual([]);
    expect(uncounted("compute", 0)).toEqual([]);
    expect(uncountedLines([finding("part", "rateCard.roles.engineer")])("labor", 0)).toHaveLength(1);
  });

  test("a report finding, or a part finding in no known part, drops every line; cap and hold drop none", () => {
    for (const uncounted of [
      uncountedLines([finding("report", "evidence")]),
      uncountedLines([finding("part", "somewhere.else")]),
    ]) {
      for (const list of ["labor", "usage", "subscriptions", "compute"] as const)
        expect(uncounted(list, 0)).toHaveLength(1);
    }
    const capAndHold = uncountedLines([finding("cap", "totals.laborMicroUsd"), finding("hold", "labor.seconds")]);
    expect(capAndHold("labor", 0)).toEqual([]);
  });
});
