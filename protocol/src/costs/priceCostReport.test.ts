import assert from "node:assert/strict";
import { describe, test } from "node:test";

import fc from "fast-check";

import { InvalidArgumentError } from "../errors.ts";
import { canonicalJson } from "../manifest/canonicalJson.ts";
import { parse } from "../schema.ts";
import { checkCostReport } from "./checkCostReport.ts";
import type { TimeEntry } from "./costInputs.ts";
import { costReportSchema } from "./costReport.ts";
import { costInputs, priceTable, rateCard } from "./costTestInputs.ts";
import { sumMicroUsd } from "./microUsd.ts";
import { priceCostReport } from "./priceCostReport.ts";

describe("priceCostReport", () => {
  test("every report's lines add up to its part totals, and the parts to its totals, exactly", () => {
    fc.assert(
      fc.property(costInputs, (inputs) => {
        const report = priceCostReport(inputs);
        const sum = (lines: readonly { microUsd: bigint }[]) => sumMicroUsd(lines.map((l) => l.microUsd));
        assert.equal(report.labor.totalMicroUsd, sum(report.labor.lines));
        assert.equal(report.tools.totalMicroUsd, sum([...report.tools.usage, ...report.tools.subscriptions]));
        assert.equal(report.compute.totalMicroUsd, sum(report.compute.lines));
        assert.deepEqual(report.totals, {
          computeMicroUsd: report.compute.totalMicroUsd,
          laborMicroUsd: report.labor.totalMicroUsd,
          toolsMicroUsd: report.tools.totalMicroUsd,
        });
        assert.equal(
          report.labor.seconds,
          report.labor.lines.reduce((t, l) => t + l.seconds, 0),
        );
      }),
    );
  });

  test("is integer and deterministic: the same inputs give the same canonical bytes, and checkCostReport agrees", () => {
    fc.assert(
      fc.property(costInputs, (inputs) => {
        const first = priceCostReport(inputs);
        const again = priceCostReport(structuredClone(inputs));
        const bytes = canonicalJson(costReportSchema.encode(first));
        assert.equal(canonicalJson(costReportSchema.encode(again)), bytes);
        // canonicalJson rejects any non-integer number, so every amount and count is whole.
        for (const amount of [first.totals.laborMicroUsd, first.totals.toolsMicroUsd, first.totals.computeMicroUsd]) {
          assert.equal(typeof amount, "bigint");
        }
        assert.deepEqual(checkCostReport(first, { rateCard, priceTable }), []);
      }),
    );
  });

  test("decoding then encoding a report is byte-identical", () => {
    fc.assert(
      fc.property(costInputs, (inputs) => {
        const text = canonicalJson(costReportSchema.encode(priceCostReport(inputs)));
        const decoded = parse(costReportSchema, JSON.parse(text));
        assert.equal(canonicalJson(costReportSchema.encode(decoded)), text);
      }),
    );
  });

  test("floors each amount once: 1 s at $1/h is 277 micro-USD, 1 token at $3/M is 3, 1 at $0.15/M is 0", () => {
    const report = priceCostReport({
      rateCard: { ...rateCard, roles: { engineer: { minHourlyMicroUsd: 0n, maxHourlyMicroUsd: 1_000_000n } } },
      priceTable,
      labor: [
        {
          description: "x",
          start: "2026-11-30T09:00:00Z",
          end: "2026-11-30T09:00:01.999Z",
          role: "engineer",
          hourlyMicroUsd: 1_000_000n,
        },
      ],
      usage: [
        {
          end: "2026-11-30T09:00:00Z",
          "gen_ai.provider.name": "anthropic",
          "gen_ai.request.model": "claude-sonnet-4-5",
          "gen_ai.usage.input_tokens": 1,
          "gen_ai.usage.output_tokens": 0,
          requests: 1,
          start: "2026-11-30T09:00:00Z",
        },
        {
          end: "2026-11-30T09:00:00Z",
          "gen_ai.provider.name": "openai",
          "gen_ai.request.model": "gpt-4o-mini",
          "gen_ai.usage.input_tokens": 1,
          "gen_ai.usage.output_tokens": 0,
          requests: 1,
          start: "2026-11-30T09:00:00Z",
        },
      ],
    });
    assert.equal(report.labor.lines[0]!.seconds, 1);
    assert.equal(report.labor.lines[0]!.microUsd, 277n);
    assert.deepEqual(
      report.tools.usage.map((l) => l.microUsd),
      [3n, 0n],
    );
  });

  test("refuses a role not on the card, a rate outside its bounds, overlapping time and a model not in the table, listing each", () => {
    const entry = (role: string, rate: bigint): TimeEntry => ({
      description: "x",
      start: "2026-11-30T09:00:00Z",
      end: "2026-11-30T10:00:00Z",
      role,
      hourlyMicroUsd: rate,
    });
    assert.throws(
      () =>
        priceCostReport({
          rateCard,
          priceTable,
          labor: [entry("designer", 100_000_000n), entry("engineer", 250_000_000n)],
          usage: [
            {
              end: "2026-11-30T09:00:00Z",
              "gen_ai.provider.name": "openai",
              "gen_ai.request.model": "gpt-4o",
              "gen_ai.usage.input_tokens": 1,
              "gen_ai.usage.output_tokens": 1,
              requests: 1,
              start: "2026-11-30T09:00:00Z",
            },
          ],
        }),
      (error: unknown) => {
        assert.ok(error instanceof InvalidArgumentError);
        assert.deepEqual(error.metaMessages, [
          'labor[0]: role "designer" is not on the rate card (engineer, reviewer)',
          "labor[1]: 250000000 micro-USD/h is outside the rate card's 80000000..200000000 for engineer",
          "labor[1]: overlaps labor[0] (2026-11-30T09:00:00Z to 2026-11-30T10:00:00Z): time is charged once",
          "usage[0]: model openai/gpt-4o is not in the price table",
        ]);
        return true;
      },
    );
  });

  test("refuses totals the ContributionLedger cannot attest (over a uint64)", () => {
    assert.throws(
      () =>
        priceCostReport({
          rateCard,
          priceTable,
          labor: [
            {
              description: "x",
              start: "2026-11-30T09:00:00Z",
              end: "2026-11-30T10:00:00Z",
              role: "engineer",
              hourlyMicroUsd: 100_000_000n,
            },
          ],
          compute: [{ kind: "ci", name: "ci", minutes: 2, microUsdPerMinute: 1n << 63n }],
        }),
      /The computeMicroUsd total 18446744073709551616 exceeds a uint64/,
    );
  });
});
