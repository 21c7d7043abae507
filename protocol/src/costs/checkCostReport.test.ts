import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { type CostFinding, checkCostReport } from "./checkCostReport.ts";
import type { CostReport } from "./costReport.ts";
import { laptop, priceTable, rateCard } from "./costTestInputs.ts";
import { priceCostReport } from "./priceCostReport.ts";
import { priceTableHash } from "./priceTable.ts";
import { rateCardHash } from "./rateCard.ts";

const report = priceCostReport({
  rateCard,
  priceTable,
  labor: [
    {
      description: "parser",
      start: "2026-11-30T09:00:00Z",
      end: "2026-11-30T13:00:00Z",
      role: "engineer",
      hourlyMicroUsd: 160_000_000n,
    },
  ],
  usage: [
    {
      end: "2026-11-30T13:00:00Z",
      "gen_ai.provider.name": "anthropic",
      "gen_ai.request.model": "claude-sonnet-4-5",
      "gen_ai.usage.cache_read.input_tokens": 1_000_000,
      "gen_ai.usage.input_tokens": 2_000_000,
      "gen_ai.usage.output_tokens": 100_000,
      requests: 40,
      start: "2026-11-30T09:00:00Z",
    },
  ],
  subscriptions: [{ name: "editor", monthlyMicroUsd: 20_000_000n }],
  compute: [
    { kind: "machine", profile: laptop, seconds: 14_400 },
    { kind: "ci", name: "ci", minutes: 30, microUsdPerMinute: 8_000n },
  ],
});

/** The findings of `report` changed by `edit` (a deep copy, so each case starts from the right report). */
function findingsAfter(edit: (r: CostReport) => void, against = { rateCard, priceTable }): CostFinding[] {
  const copy = structuredClone(report);
  edit(copy);
  return checkCostReport(copy, against);
}

describe("checkCostReport", () => {
  test("finds nothing wrong with a priced report", () => {
    assert.equal(report.tools.usage[0]!.microUsd, 3_000_000n + 300_000n + 1_500_000n);
    assert.deepEqual(checkCostReport(report, { rateCard, priceTable }), []);
  });

  test("a line's wrong arithmetic, with the formula it should have followed", () => {
    assert.deepEqual(
      findingsAfter((r) => {
        r.labor.lines[0]!.microUsd = 1n;
        r.labor.totalMicroUsd = 1n;
        r.totals.laborMicroUsd = 1n;
      }),
      [{ path: "labor.lines[0].microUsd", reason: "is 1, but floor(14400 * 160000000 / 3600) is 640000000" }],
    );
    assert.deepEqual(
      findingsAfter((r) => {
        r.labor.lines[0]!.seconds = 14_401;
        r.labor.seconds = 14_401;
        r.tools.subscriptions[0]!.laborSeconds = 14_401;
      }),
      [
        {
          path: "labor.lines[0].seconds",
          reason: "is 14401, but end - start (2026-11-30T09:00:00Z to 2026-11-30T13:00:00Z) is 14400",
        },
        {
          path: "tools.subscriptions[0].microUsd",
          reason: "is 111111, but floor(20000000 * 14401 / 2592000) is 111118",
        },
      ],
    );
    assert.deepEqual(
      findingsAfter((r) => {
        r.tools.usage[0]!.microUsd += 1n;
      }),
      [
        {
          path: "tools.usage[0].microUsd",
          reason: "is 4800001, but floor(sum of each kind of token times its price per million / 1000000) is 4800000",
        },
        { path: "tools.totalMicroUsd", reason: "is 4911111, but the lines add up to 4911112" },
      ],
    );
    const machine = report.compute.lines[0]!;
    assert.equal(machine.kind, "machine");
    assert.deepEqual(
      findingsAfter((r) => {
        const line = r.compute.lines[0]!;
        if (line.kind === "machine") line.energyMicroUsd += 1n;
      }),
      [
        {
          path: "compute.lines[0].energyMicroUsd",
          reason: "is 48301, but floor(35 * 14400 * 345000 / 3600000) is 48300",
        },
        {
          path: "compute.lines[0].microUsd",
          reason: "is 3247500, but energyMicroUsd + depreciationMicroUsd is 3247501",
        },
      ],
    );
    assert.deepEqual(
      findingsAfter((r) => {
        const line = r.compute.lines[1]!;
        if (line.kind === "ci") line.minutes = 31;
      }),
      [{ path: "compute.lines[1].microUsd", reason: "is 240000, but 31 * 8000 is 248000" }],
    );
  });

  test("a total that is not the sum of its lines, and totals that are not the parts' totals", () => {
    assert.deepEqual(
      findingsAfter((r) => {
        r.compute.totalMicroUsd = 0n;
        r.totals.computeMicroUsd = 0n;
      }),
      [{ path: "compute.totalMicroUsd", reason: "is 0, but the lines add up to 3487500" }],
    );
    assert.deepEqual(
      findingsAfter((r) => {
        r.totals.toolsMicroUsd = 0n;
      }),
      [{ path: "totals.toolsMicroUsd", reason: "is 0, but tools.totalMicroUsd is 4911111" }],
    );
    assert.deepEqual(
      findingsAfter((r) => {
        r.labor.seconds = 1;
      }),
      [
        { path: "labor.seconds", reason: "is 1, but the lines add up to 14400" },
        { path: "tools.subscriptions[0].laborSeconds", reason: "is 14400, but the report's labor seconds is 1" },
      ],
    );
  });

  test("a rate card or a price table other than the one the report was priced with", () => {
    const otherCard = { ...rateCard, asset: "another" };
    const otherTable = { ...priceTable, version: "another" };
    assert.deepEqual(checkCostReport(report, { rateCard: otherCard, priceTable: otherTable }), [
      { path: "labor.rateCardHash", reason: `is not the rate card's hash ${rateCardHash(otherCard)}` },
      { path: "tools.priceTableHash", reason: `is not the price table's hash ${priceTableHash(otherTable)}` },
    ]);
  });

  test("a role not on the card, and a rate outside the role's bounds", () => {
    assert.deepEqual(
      findingsAfter((r) => {
        r.labor.lines[0]!.role = "designer";
      }),
      [{ path: "labor.lines[0].role", reason: 'role "designer" is not on the rate card (engineer, reviewer)' }],
    );
    const card = {
      ...rateCard,
      roles: { ...rateCard.roles, engineer: { minHourlyMicroUsd: 80_000_000n, maxHourlyMicroUsd: 150_000_000n } },
    };
    assert.deepEqual(
      findingsAfter(
        (r) => {
          r.labor.rateCardHash = rateCardHash(card);
        },
        { rateCard: card, priceTable },
      ),
      [
        {
          path: "labor.lines[0].hourlyMicroUsd",
          reason: "160000000 micro-USD/h is outside the rate card's 80000000..150000000 for engineer",
        },
      ],
    );
  });

  test("a model missing from the table, and prices other than the table's", () => {
    assert.deepEqual(
      findingsAfter((r) => {
        r.tools.usage[0]!.usage["gen_ai.request.model"] = "claude-sonnet-9";
      }),
      [
        {
          path: "tools.usage[0].usage.gen_ai.request.model",
          reason: "model anthropic/claude-sonnet-9 is not in the price table",
        },
      ],
    );
    assert.deepEqual(
      findingsAfter((r) => {
        r.tools.usage[0]!.outputMicroUsdPerMillion = 1n;
      }),
      [
        {
          path: "tools.usage[0].outputMicroUsdPerMillion",
          reason: "is 1, but the price table's for anthropic/claude-sonnet-4-5 is 15000000",
        },
        {
          path: "tools.usage[0].microUsd",
          reason: "is 4800000, but floor(sum of each kind of token times its price per million / 1000000) is 3300000",
        },
      ],
    );
  });

  test("a subscription priced over a month other than 30 days", () => {
    assert.deepEqual(
      findingsAfter((r) => {
        r.tools.subscriptions[0]!.secondsInMonth = 2_628_000;
      }),
      [{ path: "tools.subscriptions[0].secondsInMonth", reason: "is 2628000, but the 30-day month is 2592000" }],
    );
  });

  test("time entries that overlap, wherever they are listed; one may start the moment another ends", () => {
    const twoEntries = priceCostReport({
      rateCard,
      priceTable,
      labor: [
        {
          description: "b",
          start: "2026-11-30T13:00:00Z",
          end: "2026-11-30T14:00:00Z",
          role: "reviewer",
          hourlyMicroUsd: 100_000_000n,
        },
        {
          description: "a",
          start: "2026-11-30T09:00:00Z",
          end: "2026-11-30T13:00:00Z",
          role: "engineer",
          hourlyMicroUsd: 160_000_000n,
        },
      ],
    });
    assert.deepEqual(checkCostReport(twoEntries, { rateCard, priceTable }), []);
    const overlapping = structuredClone(twoEntries);
    overlapping.labor.lines[0]!.start = "2026-11-30T12:59:59.999Z";
    const findings = checkCostReport(overlapping, { rateCard, priceTable });
    assert.deepEqual(findings[0], {
      path: "labor.lines[0].start",
      reason: "overlaps labor.lines[1] (2026-11-30T09:00:00Z to 2026-11-30T13:00:00Z): time is charged once",
    });
  });
});
