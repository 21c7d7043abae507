import type { CostCheck } from "@coherence/protocol";
import { describe, expect, test } from "vitest";

import { findingSentence, findingSubject, outcomeLabel } from "./costWords.ts";

const REVIEWER = "0x14dc79964da2c08b23698b3d3cc7ca32193d9955";
const check = (outcome: CostCheck["outcome"], approval: CostCheck["approval"] = null) =>
  ({ outcome, approval }) as CostCheck;

describe("cost checks in words", () => {
  test("each outcome as its badge says it", () => {
    expect(outcomeLabel(check("verified"))).toBe("cost verified");
    expect(outcomeLabel(check("unreported"))).toBe("no cost report");
    expect(outcomeLabel(check("capped"))).toBe("cost capped");
    expect(outcomeLabel(check("excluded"))).toBe("cost not paid");
    expect(outcomeLabel(check("held"))).toBe("held for review");
    expect(outcomeLabel(check("approved", { reviewer: REVIEWER, rationale: "right" }))).toBe("approved by 0x14dc…9955");
  });

  test("a finding names the line or total it concerns, and the lines its reason mentions, as the page numbers them", () => {
    expect(
      findingSentence({
        effect: "line",
        path: "labor.lines[0].start",
        reason:
          "overlaps labor.lines[0] of contribution 0x69ab (2023-12-20T09:00:00Z to 2023-12-20T13:00:00Z), attested earlier: time is charged once",
      }),
    ).toBe(
      "Labor entry 1: overlaps labor entry 1 of contribution 0x69ab (2023-12-20T09:00:00Z to 2023-12-20T13:00:00Z), attested earlier: time is charged once",
    );
    expect(
      findingSentence({
        effect: "cap",
        path: "totals.laborMicroUsd",
        reason: "the attested 300000000 is paid at 250000000, what the counted lines add up to",
      }),
    ).toBe("Labor total: the attested $300.00 is paid at $250.00, what the counted lines add up to");
    expect(
      findingSentence({
        effect: "cap",
        path: "totals.toolsMicroUsd",
        reason: "is 0, but tools.totalMicroUsd is 4911111",
      }),
    ).toBe("Tools total: is $0.00, but tools.totalMicroUsd is $4.911111");
    // Elsewhere numbers are seconds, tokens and rates as often as amounts: the reason's own.
    expect(
      findingSentence({
        effect: "line",
        path: "labor.lines[0].microUsd",
        reason: "is 1, but floor(14400 * 160000000 / 3600) is 640000000",
      }),
    ).toBe("Labor entry 1 amount: is 1, but floor(14400 * 160000000 / 3600) is 640000000");
    expect(findingSubject("labor.lines[3].microUsd")).toBe("Labor entry 4 amount");
    expect(findingSubject("tools.usage[1].outputMicroUsdPerMillion")).toBe("Token usage 2 output price");
    expect(findingSubject("tools.usage[0].usage.gen_ai.request.model")).toBe("Token usage 1 model");
    expect(findingSubject("tools.subscriptions[0].secondsInMonth")).toBe("Subscription 1 month");
    expect(findingSubject("compute.lines[1].end")).toBe("Compute line 2");
    expect(findingSubject("labor.seconds")).toBe("Labor time");
    expect(findingSubject("rateCard.roles.engineer.maxHourlyMicroUsd")).toBe("Rate card");
    expect(findingSubject("evidence")).toBe("Evidence");
    // A path this app has no words for is shown as it is, never dropped.
    expect(findingSubject("labor.newField")).toBe("labor.newField");
  });
});
