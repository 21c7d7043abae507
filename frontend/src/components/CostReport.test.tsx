import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";

import type { CostReportState } from "../hooks/useCostReport.ts";
import { CostReportError } from "../lib/costReport.ts";
import { attested, checkOf, report, reportHash } from "../test/costReports.ts";
import { textOf } from "../test/markup.ts";
import { CostReportView } from "./CostReport.tsx";

const render = (state: CostReportState, check = checkOf("verified")) =>
  renderToStaticMarkup(<CostReportView hash={reportHash} check={check} attested={attested} state={state} />);
const loaded: CostReportState = { status: "loaded", report, url: "https://manifests.example/costs/r.json" };

/** The row of a report line, by its path: whether it is marked counted, and its cells as text. */
function row(html: string, line: string): { counted: boolean; cells: string } {
  const start = html.indexOf(`data-line="${line}"`);
  expect(start, `a row for ${line}`).toBeGreaterThan(-1);
  const tag = html.indexOf(">", start);
  return {
    counted: html.slice(start, tag).includes('data-counted="true"'),
    cells: textOf(html.slice(tag + 1, html.indexOf("</tr>", start))),
  };
}

const totalsOf = (html: string) => textOf(html.slice(html.indexOf('data-testid="cost-totals"')));

describe("a cost report's lines", () => {
  test("every labor entry with its date, time span, role, hours, rate and amount; each part and the totals", () => {
    const html = render(loaded);
    expect(row(html, "labor.lines[0]")).toEqual({
      counted: true,
      cells:
        "Labor entry 1 2026-11-30 09:00–13:00 UTC streaming JSON parser: tokenizer engineer 4h 00m 00s $160.00/h $640.00 14,400 s × $160.00 ÷ 3,600 counted",
    });
    expect(row(html, "labor.lines[3]").cells).toContain("reviewer 4h 00m 00s $120.00/h $480.00");
    expect(row(html, "tools.usage[0]").cells).toBe(
      "Token usage 1 anthropic claude-sonnet-4-5 50 requests 2026-11-30 10:00–12:00 UTC 1,000,000 output × $15.00 $15.00 sum ÷ 1,000,000 counted",
    );
    expect(row(html, "tools.subscriptions[0]").cells).toContain(
      "$9.00 57,600 s of 2,592,000 s $0.20 $9.00 × 57,600 ÷ 2,592,000",
    );
    expect(row(html, "compute.lines[0]").cells).toContain(
      "35 W for 16h 00m 00s at $0.345/kWh: energy $0.1932 $3,999.00 over 5,000 h of use: depreciation $12.7968 $12.99",
    );
    expect(totalsOf(html)).toContain("Total $2,428.19 $2,428.19 $2,428.19 $2,428.19");
    expect(html).not.toContain("not counted");
  });

  test("a line a finding dropped says so and why; its part's counted total leaves it out", () => {
    const overlap = {
      effect: "line" as const,
      path: "labor.lines[1].start",
      reason: "overlaps labor.lines[0] of contribution 0x69ab (…), attested earlier: time is charged once",
    };
    const html = render(loaded, checkOf("capped", [overlap], { ...attested, laborMicroUsd: 1_760_000_000n }));
    expect(row(html, "labor.lines[1]")).toEqual({
      counted: false,
      cells: expect.stringContaining(
        "not counted : Labor entry 2: overlaps labor entry 1 of contribution 0x69ab (…), attested earlier: time is charged once",
      ),
    });
    expect(row(html, "labor.lines[0]")).toMatchObject({ counted: true, cells: expect.stringMatching(/ counted$/) });
    expect(totalsOf(html)).toContain("Labor $2,400.00 $1,760.00 $2,400.00 $1,760.00");
  });

  test("a part finding marks its whole part, a report finding every line", () => {
    const table = { effect: "part" as const, path: "tools.priceTableHash", reason: "is not a published price table" };
    const html = render(loaded, checkOf("capped", [table]));
    expect(row(html, "tools.usage[0]").cells).toContain("not counted : Price table: is not a published price table");
    expect(row(html, "tools.subscriptions[0]").counted).toBe(true);
    const refused = render(loaded, checkOf("excluded", [{ effect: "report", path: "document", reason: "is bad" }]));
    for (const line of ["labor.lines[0]", "tools.usage[0]", "tools.subscriptions[0]", "compute.lines[0]"])
      expect(row(refused, line).counted).toBe(false);
  });
});

describe("a cost report's states", () => {
  test("loading, and no manifest source configured", () => {
    expect(render({ status: "loading" })).toContain('aria-label="Fetching and checking the cost report"');
    const html = render({ status: "not-configured" });
    expect(html).toContain('data-testid="cost-report-not-configured"');
    expect(textOf(html)).toContain("No manifest source is configured for this app (VITE_MANIFEST_URL)");
  });

  test("each failure names what is wrong and shows no line; only an unavailable host offers to try again", () => {
    const failed = (code: InstanceType<typeof CostReportError>["code"], message: string) =>
      render({ status: "failed", error: new CostReportError(code, message), retry: () => undefined });
    const cases = [
      ["NOT_PUBLISHED", "cost-report-missing", "The cost report is not published"],
      ["HASH_MISMATCH", "cost-report-mismatch", "This file is not the bound cost report"],
      ["MALFORMED", "cost-report-malformed", "The cost report is malformed"],
      ["UNAVAILABLE", "cost-report-unavailable", "The cost report could not be fetched"],
    ] as const;
    for (const [code, testId, title] of cases) {
      const html = failed(code, `why ${code}`);
      expect(html).toContain(`data-testid="${testId}"`);
      expect(textOf(html)).toContain(`${title} why ${code}`);
      expect(html).not.toContain('data-testid="cost-line"');
      expect(html.includes("Try again")).toBe(code === "UNAVAILABLE");
    }
    expect(textOf(failed("HASH_MISMATCH", "x"))).toContain("Its lines are not shown");
  });
});
