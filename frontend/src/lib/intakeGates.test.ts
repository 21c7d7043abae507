import { describe, expect, test } from "vitest";

import { gateWords, type IntakeGates, windowWords } from "./intakeGates.ts";

const DEFAULTS: IntakeGates = {
  requireApproval: true,
  excludedLabels: ["coherence:skip"],
  skipBots: true,
  rateLimit: { count: 10, windowSeconds: 86_400 },
  maxMicroUsdPerChangedLine: 10_000_000n,
};

describe("windowWords", () => {
  test("names a window by the largest unit that divides it", () => {
    expect(windowWords(86_400)).toBe("day");
    expect(windowWords(31_536_000)).toBe("365 days");
    expect(windowWords(7_200)).toBe("2 hours");
    expect(windowWords(60)).toBe("minute");
    expect(windowWords(90)).toBe("90 seconds");
  });
});

describe("gateWords", () => {
  test("the intake's defaults, one sentence a gate", () => {
    expect(gateWords(DEFAULTS)).toEqual([
      "Change requests labelled coherence:skip are skipped.",
      "Change requests opened by bots, and bot co-authors, are skipped.",
      "A merge needs an approving review by someone other than its contributors, with write access.",
      "Each contributor has at most 10 contributions taken in any day; more are refused.",
      "A change request claiming more than $10.00 per changed line is held until you approve it.",
    ]);
  });

  test("a repository that loosened them says so, with exact amounts", () => {
    const loose = {
      requireApproval: false,
      excludedLabels: [],
      skipBots: false,
      rateLimit: { count: 1, windowSeconds: 3_600 },
      maxMicroUsdPerChangedLine: 18_446_744_073_709_551_615n,
    };
    expect(gateWords(loose)).toEqual([
      "No label makes the intake skip a change request.",
      "Bots' change requests and co-authorship are taken like anyone's.",
      "No approving review is needed.",
      "Each contributor has at most 1 contribution taken in any hour; more are refused.",
      "A change request claiming more than $18,446,744,073,709.551615 per changed line is held until you approve it.",
    ]);
    expect(gateWords({ ...DEFAULTS, excludedLabels: ["chore", "docs"] })[0]).toBe(
      "Change requests labelled chore or docs are skipped.",
    );
  });
});
