import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";

import type { CheckedCost } from "../lib/checkedCosts.ts";
import { attested, checkOf } from "../test/costReports.ts";
import { textOf } from "../test/markup.ts";
import { CostCell, CostCheckNotes, PaidCost } from "./CostCheck.tsx";

const REVIEWER = "0x14dc79964da2c08b23698b3d3cc7ca32193d9955" as const;
const cost = (check: CheckedCost["check"]): CheckedCost => ({
  epoch: 2n,
  attested,
  paid: check?.paid ?? attested,
  check,
});

describe("a contribution's paid cost", () => {
  test("verified: the paid cost with its badge", () => {
    expect(textOf(renderToStaticMarkup(<PaidCost cost={cost(checkOf("verified"))} />))).toBe("$2,428.19 cost verified");
  });

  test("capped or held: attested and paid, with the outcome in words", () => {
    const paid = { ...attested, laborMicroUsd: 1_760_000_000n };
    expect(textOf(renderToStaticMarkup(<PaidCost cost={cost(checkOf("capped", [], paid))} />))).toBe(
      "attested $2,428.19, paid $1,788.19 cost capped",
    );
    const zero = { laborMicroUsd: 0n, toolsMicroUsd: 0n, computeMicroUsd: 0n };
    expect(textOf(renderToStaticMarkup(<PaidCost cost={cost(checkOf("held", [], zero))} />))).toBe(
      "attested $2,428.19, paid $0.00 held for review",
    );
  });

  test("an epoch before cost checks says it paid as attested, with no badge", () => {
    const html = renderToStaticMarkup(<PaidCost cost={cost(null)} />);
    expect(textOf(html)).toBe("$2,428.19 (paid as attested: epoch 2 predates cost checks)");
    expect(html).not.toContain("cost-outcome");
  });

  test("no epoch read: the attested cost, said to be only that, and why", () => {
    const cell = (unreadable?: string) =>
      textOf(
        renderToStaticMarkup(
          <CostCell attestedMicroUsd={1_020_000_000n} cost={undefined} isLoading={false} unreadable={unreadable} />,
        ),
      );
    expect(cell()).toBe("$1,020.00 attested (not weighed by the latest finalised epoch)");
    expect(cell("HTTP 404")).toBe("$1,020.00 attested (what was paid is unknown here: a manifest could not be read)");
  });
});

describe("a cost check's notes", () => {
  test("findings as sentences with what each did, the reviewer's rationale, and the report behind a disclosure", () => {
    const check = {
      ...checkOf("approved", [
        {
          effect: "hold",
          path: "labor.seconds",
          reason: "28800 s of labor for 30 changed lines is more than the rate card's 300 s per changed line",
        },
      ]),
      approval: { reviewer: REVIEWER, rationale: "Eight hours for an exact allocation is right." },
    };
    const html = renderToStaticMarkup(<CostCheckNotes cost={cost(check)} />);
    expect(textOf(html)).toContain("Epoch 2: A plausibility bound held it for a reviewer, who approved it");
    expect(textOf(html)).toContain(
      "Labor time: 28800 s of labor for 30 changed lines is more than the rate card's 300 s per changed line (held for a reviewer)",
    );
    expect(textOf(html)).toContain("Approved by");
    expect(html).toContain(REVIEWER);
    expect(textOf(html)).toContain("“Eight hours for an exact allocation is right.”");
    // Closed, the report is not fetched: its summary only.
    expect(html).toContain('data-testid="cost-report-details"');
    expect(html).not.toContain('data-testid="cost-report"');
  });

  test("no report: the outcome's meaning only", () => {
    const html = renderToStaticMarkup(<CostCheckNotes cost={cost({ ...checkOf("unreported"), report: null })} />);
    expect(textOf(html)).toBe(
      "Epoch 2: No cost report is bound to this contribution and none was required: its cost was paid as attested, unchecked.",
    );
  });
});
