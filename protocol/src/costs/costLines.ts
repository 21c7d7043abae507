/**
 * The arithmetic of each kind of cost report line, from the line's own inputs: `priceCostReport` builds lines
 * with it and `checkCostReport` redoes it, so the two cannot disagree on a formula. Every division floors, once
 * per amount (see `microUsd.ts`).
 */

import type { TimeEntry } from "./costInputs.ts";
import type { CiLine, LaborLine, MachineLine, SubscriptionLine, UsageLine } from "./costReport.ts";
import type { MachineProfile } from "./machineProfile.ts";
import {
  floorMicroUsd,
  SECONDS_IN_MONTH,
  SECONDS_PER_HOUR,
  TOKENS_PER_PRICE_UNIT,
  WATT_SECONDS_PER_KWH,
} from "./microUsd.ts";
import type { ModelPrice } from "./priceTable.ts";
import type { ToolUsage } from "./toolUsage.ts";

/** Whole seconds from `start` to `end`, floored (instants may carry fractions of a second). */
export function secondsBetween(start: string, end: string): number {
  return Math.floor((Date.parse(end) - Date.parse(start)) / 1000);
}

/**
 * A labor line: `floor(seconds * hourlyMicroUsd / 3600)`.
 *
 * @example
 * laborLine({ start: "2026-11-30T09:00:00Z", end: "2026-11-30T13:00:00Z", role: "engineer",
 *   description: "parser", hourlyMicroUsd: 160_000_000n }).microUsd // 640_000_000n
 */
export function laborLine(entry: TimeEntry): LaborLine {
  const seconds = secondsBetween(entry.start, entry.end);
  return {
    ...entry,
    seconds,
    microUsd: floorMicroUsd(BigInt(seconds) * entry.hourlyMicroUsd, SECONDS_PER_HOUR),
  };
}

/** The per-million prices a usage line copies from its table entry. */
export type TokenPrices = Pick<
  ModelPrice,
  | "cacheReadMicroUsdPerMillion"
  | "cacheWriteMicroUsdPerMillion"
  | "inputMicroUsdPerMillion"
  | "outputMicroUsdPerMillion"
>;

/**
 * A token line: each kind of token times its price per million, added, then floored once.
 *
 * @example
 * usageLine(usage, { inputMicroUsdPerMillion: 3_000_000n, outputMicroUsdPerMillion: 15_000_000n,
 *   cacheReadMicroUsdPerMillion: 300_000n, cacheWriteMicroUsdPerMillion: 3_750_000n }).microUsd
 */
export function usageLine(usage: ToolUsage, prices: TokenPrices): UsageLine {
  const cacheRead = BigInt(usage["gen_ai.usage.cache_read.input_tokens"] ?? 0);
  const cacheWrite = BigInt(usage["gen_ai.usage.cache_creation.input_tokens"] ?? 0);
  // OpenTelemetry's input count includes the cached tokens, which have their own prices.
  const uncached = BigInt(usage["gen_ai.usage.input_tokens"]) - cacheRead - cacheWrite;
  const output = BigInt(usage["gen_ai.usage.output_tokens"]);
  const numerator =
    uncached * prices.inputMicroUsdPerMillion +
    cacheRead * prices.cacheReadMicroUsdPerMillion +
    cacheWrite * prices.cacheWriteMicroUsdPerMillion +
    output * prices.outputMicroUsdPerMillion;
  return {
    cacheReadMicroUsdPerMillion: prices.cacheReadMicroUsdPerMillion,
    cacheWriteMicroUsdPerMillion: prices.cacheWriteMicroUsdPerMillion,
    inputMicroUsdPerMillion: prices.inputMicroUsdPerMillion,
    microUsd: floorMicroUsd(numerator, TOKENS_PER_PRICE_UNIT),
    outputMicroUsdPerMillion: prices.outputMicroUsdPerMillion,
    usage,
  };
}

/**
 * A subscription's share: `floor(monthlyMicroUsd * laborSeconds / secondsInMonth)`, the month being 30 days.
 *
 * @example
 * subscriptionLine({ name: "editor", monthlyMicroUsd: 9_000_000n }, 57_600).microUsd // 200_000n
 */
export function subscriptionLine(
  subscription: { name: string; monthlyMicroUsd: bigint },
  laborSeconds: number,
): SubscriptionLine {
  return {
    laborSeconds,
    microUsd: floorMicroUsd(subscription.monthlyMicroUsd * BigInt(laborSeconds), SECONDS_IN_MONTH),
    monthlyMicroUsd: subscription.monthlyMicroUsd,
    name: subscription.name,
    secondsInMonth: Number(SECONDS_IN_MONTH),
  };
}

/**
 * A machine's cost for `seconds` of use: its energy plus its depreciation, each floored.
 *
 * @example
 * machineLine(laptop, 57_600).microUsd
 */
export function machineLine(profile: Omit<MachineProfile, "format">, seconds: number): MachineLine {
  const time = BigInt(seconds);
  const energyMicroUsd = floorMicroUsd(
    BigInt(profile.watts) * time * profile.electricityMicroUsdPerKwh,
    WATT_SECONDS_PER_KWH,
  );
  const depreciationMicroUsd = floorMicroUsd(
    profile.purchaseMicroUsd * time,
    BigInt(profile.lifetimeHours) * SECONDS_PER_HOUR,
  );
  return {
    depreciationMicroUsd,
    electricityMicroUsdPerKwh: profile.electricityMicroUsdPerKwh,
    energyMicroUsd,
    kind: "machine",
    lifetimeHours: profile.lifetimeHours,
    microUsd: energyMicroUsd + depreciationMicroUsd,
    name: profile.name,
    purchaseMicroUsd: profile.purchaseMicroUsd,
    seconds,
    watts: profile.watts,
  };
}

/**
 * CI minutes at a published per-minute rate (no division, so nothing to round).
 *
 * @example
 * ciLine({ name: "GitHub Actions linux 2-core", minutes: 100, microUsdPerMinute: 8_000n }).microUsd // 800_000n
 */
export function ciLine(ci: { name: string; minutes: number; microUsdPerMinute: bigint }): CiLine {
  return {
    kind: "ci",
    microUsd: BigInt(ci.minutes) * ci.microUsdPerMinute,
    microUsdPerMinute: ci.microUsdPerMinute,
    minutes: ci.minutes,
    name: ci.name,
  };
}
