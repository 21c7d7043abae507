import type { ManifestScore } from "@coherence/protocol";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";

import { ScoreBreakdown } from "./ScoreBreakdown.tsx";

const text = (html: string) => html.replace(/<[^>]+>/g, "");
const score = (metrics: unknown) =>
  ({ coherenceBps: 5000, metrics, metricsHash: `0x${"ab".repeat(32)}` }) as unknown as ManifestScore;

describe("ScoreBreakdown", () => {
  test("an unscorable contribution says why, and that its cost waits for a reviewer", () => {
    const html = renderToStaticMarkup(
      <ScoreBreakdown
        score={score({
          method: "unscorable",
          unscorable: { error: "ScoringLimitError", reason: "the change is 3 MiB" },
        })}
      />,
    );
    expect(text(html)).toContain(
      "Coherence 50.00% (unscorable).It could not be scored (the change is 3 MiB), so it counts at the middle of the scale, neither rewarded nor penalised, and its cost is held until a reviewer approves it.",
    );
  });
});
