import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";

import { textOf } from "../test/markup.ts";
import { IntakeGates } from "./IntakeGates.tsx";

const gates = {
  requireApproval: true,
  excludedLabels: ["coherence:skip"],
  skipBots: true,
  rateLimit: { count: 1, windowSeconds: 31_536_000 },
  maxMicroUsdPerChangedLine: 10_000_000n,
};

describe("a repository's gates on the Intake page", () => {
  test("in effect: each in words, and when the opt-in that set them was verified", () => {
    const text = textOf(renderToStaticMarkup(<IntakeGates gates={gates} verifiedAt={1_764_000_000} />));
    expect(text).toContain("Gates in effect");
    expect(text).toContain("Each contributor has at most 1 contribution taken in any 365 days; more are refused.");
    expect(text).toContain("As the asset's owner signed them in .coherence.json, verified 2025-11-24 16:00 UTC.");
  });

  test("not known: says so, rather than showing the defaults as if they were signed", () => {
    const html = renderToStaticMarkup(<IntakeGates gates={undefined} verifiedAt={undefined} />);
    expect(html).toContain('data-testid="intake-gates-unknown"');
    expect(textOf(html)).toContain("Its gates are not known yet");
    expect(html).not.toContain('intake-gates"');
  });
});
