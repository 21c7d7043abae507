import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";

import { canonicalJson, checkCostReport, costReportSchema, priceCostReport } from "@coherence/protocol";
import { DEFAULT_PRICE_TABLE_FILE } from "@coherence/protocol/node";

import { readMachineProfile, readPriceTable, readRateCard, readSubscriptions, readTimeEntries } from "./costFiles.ts";

const example = (file: string) => new URL(`../../../scenarios/costs/${file}`, import.meta.url).pathname;

describe("the worked example in scenarios/costs/", () => {
  test("is 16 hours of labor, an editor plan and a laptop's compute, $2,413.19 exactly, as report.json says", async () => {
    const rateCard = await readRateCard(example("rate-card.json"));
    const priceTable = await readPriceTable(DEFAULT_PRICE_TABLE_FILE);
    const report = priceCostReport({
      rateCard,
      priceTable,
      labor: (await readTimeEntries(example("time-entries.json"))).entries,
      subscriptions: (await readSubscriptions(example("subscriptions.json"))).subscriptions,
      compute: [{ kind: "machine", profile: await readMachineProfile(example("laptop.json")), seconds: 16 * 3600 }],
    });
    assert.equal(report.labor.seconds, 16 * 3600);
    assert.deepEqual(
      report.labor.lines.map((l) => l.microUsd),
      [640_000_000n, 640_000_000n, 640_000_000n, 480_000_000n],
    );
    assert.equal(report.tools.subscriptions[0]!.microUsd, 200_000n);
    const laptop = report.compute.lines[0]!;
    assert.ok(laptop.kind === "machine");
    assert.equal(laptop.energyMicroUsd, 193_200n);
    assert.equal(laptop.depreciationMicroUsd, 12_796_800n);
    assert.deepEqual(report.totals, {
      computeMicroUsd: 12_990_000n,
      laborMicroUsd: 2_400_000_000n,
      toolsMicroUsd: 200_000n,
    });
    const { computeMicroUsd, laborMicroUsd, toolsMicroUsd } = report.totals;
    assert.equal(computeMicroUsd + laborMicroUsd + toolsMicroUsd, 2_413_190_000n);
    assert.deepEqual(checkCostReport(report, { rateCard, priceTable }), []);
    assert.equal(
      await readFile(example("report.json"), "utf8"),
      `${canonicalJson(costReportSchema.encode(report))}\n`,
      "scenarios/costs/report.json is stale: rebuild it with ccn cost build (see oracle/docs/costs.md)",
    );
  });
});
