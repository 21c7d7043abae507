import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import {
  type CostPolicy,
  type CostReport,
  type CostReportInputs,
  canonicalHash,
  costReportSchema,
  type Hex,
  type JsonValue,
  type PriceTable,
  priceCostReport,
  type RateCard,
  rateCardSchema,
} from "@coherence/protocol";
import { publishedPriceTables } from "@coherence/protocol/node";
import fc from "fast-check";

import { type CostCheckItem, checkContributionCosts, type WorkWindow } from "./checkContributionCosts.ts";
import { costPolicyOf } from "./costConfig.ts";

const card: RateCard = {
  asset: "parser",
  format: "coherence-rate-card-v1",
  roles: { engineer: { maxHourlyMicroUsd: 200_000_000n, minHourlyMicroUsd: 80_000_000n } },
};
const cardHash = canonicalHash(rateCardSchema.encode(card));
const ada = "0x00000000000000000000000000000000000000ad" as Hex;
const grace = "0x00000000000000000000000000000000000000a9" as Hex;
const id = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;
// 2026-11-30T09:00Z: the first commit of the work; the last is a day later.
const WINDOW: WorkWindow = { firstCommitSeconds: 1_796_029_200, lastCommitSeconds: 1_796_115_600, changedLines: 400 };

let tables: Map<Hex, PriceTable>;
let policy: CostPolicy;
before(async () => {
  tables = await publishedPriceTables();
  policy = costPolicyOf(undefined, tables);
});

const hours = (start: string, end: string) => ({
  start,
  end,
  role: "engineer",
  hourlyMicroUsd: 150_000_000n,
  description: "parser work",
});

/** A report of 4 h of labor on 2026-11-30, 1M output tokens of Claude Sonnet 4.5 and 500 CI minutes. */
function reportOf(overrides: Partial<CostReportInputs> = {}, card_: RateCard = card): CostReport {
  return priceCostReport({
    rateCard: card_,
    priceTable: tables.values().next().value!,
    labor: [
      hours("2026-11-30T09:00:00Z", "2026-11-30T11:00:00Z"),
      hours("2026-11-30T11:00:00Z", "2026-11-30T13:00:00Z"),
    ],
    usage: [
      {
        start: "2026-11-30T09:30:00Z",
        end: "2026-11-30T12:30:00Z",
        "gen_ai.provider.name": "anthropic",
        "gen_ai.request.model": "claude-sonnet-4-5",
        "gen_ai.usage.input_tokens": 0,
        "gen_ai.usage.output_tokens": 1_000_000,
        requests: 40,
      },
    ],
    compute: [{ kind: "ci", name: "CI", minutes: 500, microUsdPerMinute: 10_000n }],
    ...overrides,
  });
}

/** A contribution binding `report` (its JSON may be tampered with), attested at the report's totals. */
function itemOf(
  report: CostReport,
  overrides: Partial<CostCheckItem> = {},
  tamper: (json: { [key: string]: JsonValue }) => void = () => {},
): CostCheckItem {
  const json = costReportSchema.encode(report) as { [key: string]: JsonValue };
  tamper(json);
  return {
    id: id(1),
    assetId: 7n,
    contributor: ada,
    attested: { ...report.totals },
    binding: { report: canonicalHash(json) },
    report: { json },
    rateCardHash: cardHash,
    rateCard: { json: rateCardSchema.encode(card) },
    window: WINDOW,
    approval: null,
    ...overrides,
  };
}

const check = (items: CostCheckItem[], p: Partial<CostPolicy> = {}) =>
  checkContributionCosts(items, { policy: { ...policy, ...p }, priceTables: tables });

describe("checkContributionCosts", () => {
  test("a report that passes every check pays the attested costs: verified", () => {
    const report = reportOf();
    const [result] = check([itemOf(report)]);
    assert.equal(result!.outcome, "verified");
    assert.deepEqual(result!.findings, []);
    assert.deepEqual(result!.paid, {
      laborMicroUsd: 600_000_000n,
      toolsMicroUsd: 15_000_000n,
      computeMicroUsd: 5_000_000n,
    });
    assert.equal(result!.report, canonicalHash(costReportSchema.encode(report)));
  });

  test("no report bound: paid as attested when reports are optional, excluded when they are required", () => {
    const item = itemOf(reportOf(), { binding: undefined, report: undefined });
    const [optional] = check([item]);
    assert.equal(optional!.outcome, "unreported");
    assert.deepEqual(optional!.paid, item.attested);
    const [required] = check([item], { requireReports: true });
    assert.equal(required!.outcome, "excluded");
    assert.deepEqual(required!.findings, [
      {
        path: "evidence",
        reason: "binds no cost report (;cost=<hash>), and this oracle pays only reported costs",
        effect: "report",
      },
    ]);
    assert.equal(required!.paid.laborMicroUsd, 0n);
  });

  test("a malformed binding, a report not published, a report that is not a report: excluded, with the reason", () => {
    const report = reportOf();
    const [malformed] = check([itemOf(report, { binding: { problem: '"0xAB" after ;cost= is not a report hash' } })]);
    assert.equal(malformed!.outcome, "excluded");
    assert.equal(malformed!.findings[0]!.path, "evidence");

    const [missing] = check([itemOf(report, { report: { problem: "is not published" } })]);
    assert.equal(missing!.outcome, "excluded");
    assert.match(missing!.findings[0]!.reason, /^cost report 0x[0-9a-f]{64}: is not published$/);

    const [notReport] = check([itemOf(report, {}, (json) => delete json.totals)]);
    assert.equal(notReport!.outcome, "excluded");
    assert.equal(notReport!.findings[0]!.path, "totals");
  });

  test("a line whose arithmetic is wrong is not counted; the rest is paid", () => {
    const report = reportOf();
    const [result] = check([
      itemOf(report, {}, (json) => {
        (json.labor as { lines: { microUsd: string }[] }).lines[1]!.microUsd = "900000000";
      }),
    ]);
    assert.equal(result!.outcome, "capped");
    assert.deepEqual(
      result!.findings.map((f) => [f.path, f.effect]),
      [
        ["labor.lines[1].microUsd", "line"],
        ["labor.totalMicroUsd", "cap"],
        ["totals.laborMicroUsd", "cap"],
      ],
    );
    assert.equal(result!.paid.laborMicroUsd, 300_000_000n);
    assert.equal(result!.paid.toolsMicroUsd, 15_000_000n);
  });

  test("labor priced against a card the owner did not publish, or with none published, is not paid", () => {
    const other: RateCard = { ...card, asset: "another" };
    const report = reportOf({}, other);
    const [wrongCard] = check([itemOf(report)]);
    assert.equal(wrongCard!.outcome, "capped");
    assert.deepEqual(wrongCard!.findings[0], {
      path: "labor.rateCardHash",
      reason: `is not the rate card asset 7's owner had published when this was attested (${cardHash})`,
      effect: "part",
    });
    assert.deepEqual(wrongCard!.paid, { laborMicroUsd: 0n, toolsMicroUsd: 15_000_000n, computeMicroUsd: 5_000_000n });

    const [noCard] = check([itemOf(reportOf(), { rateCardHash: null, rateCard: undefined })]);
    assert.equal(noCard!.findings[0]!.reason, "asset 7 had published no rate card when this was attested");
    assert.equal(noCard!.paid.laborMicroUsd, 0n);
  });

  test("a rate outside the card's bounds is not counted", () => {
    const expensive = { ...card, roles: { engineer: { ...card.roles.engineer!, maxHourlyMicroUsd: 500_000_000n } } };
    // Priced against a looser card, bound to the published one: the hash check passes only if the card is the same.
    const report = reportOf(
      { labor: [{ ...hours("2026-11-30T09:00:00Z", "2026-11-30T10:00:00Z"), hourlyMicroUsd: 400_000_000n }] },
      expensive,
    );
    const json = costReportSchema.encode(report) as { labor: { rateCardHash: string } };
    json.labor.rateCardHash = cardHash;
    const [result] = check([itemOf(report, {}, (j) => Object.assign(j, json))]);
    assert.deepEqual(
      result!.findings.find((f) => f.path === "labor.lines[0].hourlyMicroUsd"),
      {
        path: "labor.lines[0].hourlyMicroUsd",
        reason: "400000000 micro-USD/h is outside the rate card's 80000000..200000000 for engineer",
        effect: "line",
      },
    );
    assert.equal(result!.paid.laborMicroUsd, 0n);
  });

  test("token usage priced from an unpublished table is not paid; subscriptions and compute still are", () => {
    const report = reportOf({ subscriptions: [{ name: "editor", monthlyMicroUsd: 20_000_000n }] });
    const [result] = check([
      itemOf(report, {}, (json) => {
        (json.tools as { priceTableHash: string }).priceTableHash = id(9);
      }),
    ]);
    assert.equal(result!.findings[0]!.path, "tools.priceTableHash");
    assert.equal(result!.findings[0]!.effect, "part");
    const subscription = report.tools.subscriptions[0]!.microUsd;
    assert.equal(result!.paid.toolsMicroUsd, subscription);
    assert.equal(result!.paid.computeMicroUsd, 5_000_000n);
  });

  test("time and sessions outside the work's window are not counted", () => {
    const report = reportOf({
      labor: [
        hours("2026-10-01T09:00:00Z", "2026-10-01T11:00:00Z"),
        hours("2026-12-05T09:00:00Z", "2026-12-05T11:00:00Z"),
      ],
    });
    const [result] = check([itemOf(report)]);
    assert.deepEqual(
      result!.findings.filter((f) => f.effect === "line").map((f) => f.path),
      ["labor.lines[0].start", "labor.lines[1].end"],
    );
    assert.match(
      result!.findings[0]!.reason,
      /^is before the work's window 2026-10-31T09:00:00.000Z to 2026-12-02T09:00:00.000Z$/,
    );
    assert.equal(result!.paid.laborMicroUsd, 0n);

    const [session] = check([
      itemOf(reportOf(), { window: { ...WINDOW, firstCommitSeconds: WINDOW.firstCommitSeconds + 40 * 86_400 } }),
    ]);
    assert.ok(session!.findings.some((f) => f.path === "tools.usage[0].start" && f.effect === "line"));
  });

  test("the same person's time is charged once across contributions, in any repository: the first attested keeps it", () => {
    const first = itemOf(reportOf(), { id: id(1), assetId: 7n });
    const second = itemOf(reportOf({ labor: [hours("2026-11-30T12:00:00Z", "2026-11-30T14:00:00Z")] }), {
      id: id(2),
      assetId: 8n,
    });
    const [a, b] = check([first, second]);
    assert.equal(a!.outcome, "verified");
    assert.equal(b!.outcome, "capped");
    assert.deepEqual(b!.findings[0], {
      path: "labor.lines[0].start",
      reason: `overlaps labor.lines[1] of contribution ${id(1)} (2026-11-30T11:00:00Z to 2026-11-30T13:00:00Z), attested earlier: time is charged once`,
      effect: "line",
    });
    assert.equal(b!.paid.laborMicroUsd, 0n);
    // Someone else's hours at the same time are theirs.
    const [, c] = check([first, { ...second, contributor: grace }]);
    assert.equal(c!.outcome, "verified");
  });

  test("attested totals that disagree with the report: capped at the report, never above the attestation", () => {
    const report = reportOf();
    const [over] = check([itemOf(report, { attested: { ...report.totals, laborMicroUsd: 900_000_000n } })]);
    assert.equal(over!.outcome, "capped");
    assert.equal(over!.paid.laborMicroUsd, 600_000_000n);
    assert.deepEqual(
      over!.findings.map((f) => f.reason),
      [
        "is 600000000, but the attestation says 900000000",
        "the attested 900000000 is paid at 600000000, what the counted lines add up to",
      ],
    );
    const [under] = check([itemOf(report, { attested: { ...report.totals, laborMicroUsd: 100_000_000n } })]);
    assert.equal(under!.paid.laborMicroUsd, 100_000_000n);
    assert.equal(under!.findings.length, 1);
  });

  test("a plausibility bound holds the contribution for a reviewer; an approval pays it", () => {
    const bounded: RateCard = { ...card, plausibility: { maxLaborSecondsPerChangedLine: 30 } };
    const boundedHash = canonicalHash(rateCardSchema.encode(bounded));
    const report = reportOf({}, bounded);
    const item = itemOf(report, {
      rateCardHash: boundedHash,
      rateCard: { json: rateCardSchema.encode(bounded) },
      window: { ...WINDOW, changedLines: 100 },
    });
    const [held] = check([item]);
    assert.equal(held!.outcome, "held");
    assert.deepEqual(held!.findings, [
      {
        path: "labor.seconds",
        reason: "14400 s of labor for 100 changed lines is more than the rate card's 30 s per changed line",
        effect: "hold",
      },
    ]);
    assert.equal(held!.paid.laborMicroUsd + held!.paid.toolsMicroUsd + held!.paid.computeMicroUsd, 0n);
    const approval = { reviewer: grace, rationale: "a hard parser bug: four hours for a hundred lines is right" };
    const [approved] = check([{ ...item, approval }]);
    assert.equal(approved!.outcome, "approved");
    assert.deepEqual(approved!.approval, approval);
    assert.deepEqual(approved!.paid, item.attested);

    const ratio: RateCard = { ...card, plausibility: { maxToolsToLaborBps: 100 } };
    const [tools] = check([
      itemOf(reportOf({}, ratio), {
        rateCardHash: canonicalHash(rateCardSchema.encode(ratio)),
        rateCard: { json: rateCardSchema.encode(ratio) },
      }),
    ]);
    assert.equal(tools!.outcome, "held");
    assert.equal(tools!.findings[0]!.path, "tools.totalMicroUsd");
  });

  test("whatever lines are tampered with, the paid labor is what the honest lines add up to, never above the attestation", () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
        fc.bigInt({ min: 0n, max: 2_000_000_000n }),
        (tampered, attested) => {
          const report = reportOf();
          const item = itemOf(report, { attested: { ...report.totals, laborMicroUsd: attested } }, (json) => {
            const lines = (json.labor as { lines: { microUsd: string }[] }).lines;
            tampered.forEach((t, i) => {
              if (t) lines[i]!.microUsd = "1";
            });
          });
          const [result] = check([item]);
          const honest = tampered.filter((t) => !t).length * 300_000_000;
          assert.equal(result!.paid.laborMicroUsd, BigInt(Math.min(honest, Number(attested))));
          assert.ok(result!.paid.laborMicroUsd <= attested);
        },
      ),
    );
  });
});
