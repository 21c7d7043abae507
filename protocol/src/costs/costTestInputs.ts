/**
 * Inputs for the cost tests: a rate card, a price table and a machine, and a fast-check arbitrary of every
 * report input they accept (fractional-second instants, cached and uncached tokens, machines and CI).
 */
import fc from "fast-check";

import type { TimeEntry } from "./costInputs.ts";
import type { MachineProfile } from "./machineProfile.ts";
import type { CostReportInputs } from "./priceCostReport.ts";
import type { PriceTable } from "./priceTable.ts";
import type { RateCard } from "./rateCard.ts";
import type { ToolUsage } from "./toolUsage.ts";

export const rateCard: RateCard = {
  asset: "test-asset",
  format: "coherence-rate-card-v1",
  roles: {
    engineer: { maxHourlyMicroUsd: 200_000_000n, minHourlyMicroUsd: 80_000_000n },
    reviewer: { maxHourlyMicroUsd: 150_000_000n, minHourlyMicroUsd: 60_000_000n },
  },
};

export const priceTable: PriceTable = {
  asOf: "2026-12-01",
  format: "coherence-price-table-v1",
  models: [
    {
      aliases: ["claude-sonnet-4-5-20250929"],
      cacheReadMicroUsdPerMillion: 300_000n,
      cacheWriteMicroUsdPerMillion: 3_750_000n,
      inputMicroUsdPerMillion: 3_000_000n,
      model: "claude-sonnet-4-5",
      outputMicroUsdPerMillion: 15_000_000n,
      provider: "anthropic",
      source: "test",
    },
    {
      cacheReadMicroUsdPerMillion: 75_000n,
      cacheWriteMicroUsdPerMillion: 150_000n,
      inputMicroUsdPerMillion: 150_000n,
      model: "gpt-4o-mini",
      outputMicroUsdPerMillion: 600_000n,
      provider: "openai",
      source: "test",
    },
  ],
  version: "test",
};

export const laptop: MachineProfile = {
  electricityMicroUsdPerKwh: 345_000n,
  format: "coherence-machine-profile-v1",
  lifetimeHours: 5000,
  name: "laptop",
  purchaseMicroUsd: 3_999_000_000n,
  watts: 35,
};

const BASE = Date.parse("2026-11-01T00:00:00Z");
const instant = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/** Up to 8 entries that do not overlap (a time is logged once), in any order, on second or finer instants. */
const timeEntries: fc.Arbitrary<TimeEntry[]> = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 0, max: 86_400 }),
      seconds: fc.integer({ min: 1, max: 12 * 3600 }),
      millis: fc.integer({ min: 0, max: 999 }),
      role: fc.constantFrom("engineer", "reviewer"),
      rate: fc.bigInt({ min: 80_000_000n, max: 150_000_000n }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((drafts) => {
    let at = BASE;
    return drafts.map(({ gap, seconds, millis, role, rate }) => {
      const start = at + gap * 1000;
      at = start + seconds * 1000 + millis;
      return { description: "work", start: instant(start), end: instant(at), role, hourlyMicroUsd: rate };
    });
  })
  .chain((entries) => fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }));

const toolUsage: fc.Arbitrary<ToolUsage> = fc
  .record({
    model: fc.constantFrom(
      ["anthropic", "claude-sonnet-4-5"],
      ["anthropic", "claude-sonnet-4-5-20250929"],
      ["openai", "gpt-4o-mini"],
    ),
    uncached: fc.integer({ min: 0, max: 50_000_000 }),
    cacheRead: fc.option(fc.integer({ min: 0, max: 50_000_000 }), { nil: undefined }),
    cacheWrite: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: undefined }),
    output: fc.integer({ min: 0, max: 5_000_000 }),
    requests: fc.integer({ min: 1, max: 1000 }),
  })
  .map(({ model, uncached, cacheRead, cacheWrite, output, requests }) => ({
    end: "2026-11-30T10:00:00Z",
    "gen_ai.provider.name": model[0]!,
    "gen_ai.request.model": model[1]!,
    ...(cacheWrite !== undefined ? { "gen_ai.usage.cache_creation.input_tokens": cacheWrite } : {}),
    ...(cacheRead !== undefined ? { "gen_ai.usage.cache_read.input_tokens": cacheRead } : {}),
    "gen_ai.usage.input_tokens": uncached + (cacheRead ?? 0) + (cacheWrite ?? 0),
    "gen_ai.usage.output_tokens": output,
    requests,
    start: "2026-11-30T09:00:00Z",
  }));

/** Any inputs the rate card and price table above accept. */
export const costInputs: fc.Arbitrary<CostReportInputs> = fc.record({
  rateCard: fc.constant(rateCard),
  priceTable: fc.constant(priceTable),
  labor: timeEntries,
  usage: fc.array(toolUsage, { maxLength: 6 }),
  subscriptions: fc.array(
    fc.record({ name: fc.constant("plan"), monthlyMicroUsd: fc.bigInt({ min: 0n, max: 500_000_000n }) }),
    { maxLength: 3 },
  ),
  compute: fc.array(
    fc.oneof(
      fc.record({
        kind: fc.constant("machine" as const),
        profile: fc.constant(laptop),
        seconds: fc.integer({ min: 0, max: 1_000_000 }),
      }),
      fc.record({
        kind: fc.constant("ci" as const),
        name: fc.constant("ci"),
        minutes: fc.integer({ min: 0, max: 100_000 }),
        microUsdPerMinute: fc.bigInt({ min: 0n, max: 100_000n }),
      }),
    ),
    { maxLength: 3 },
  ),
});
