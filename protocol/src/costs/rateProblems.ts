/**
 * What is wrong with a claimed rate, a time entry or a priced model, as reasons in words: shared by `priceCostReport`, which
 * refuses to build such a report, and `checkCostReport`, which reports it as a finding.
 */
import type { RateCard } from "./rateCard.ts";

/**
 * Why `role` at `hourlyMicroUsd` is not allowed by `card`, or undefined when it is.
 *
 * @example
 * roleRateProblem(card, "designer", 100_000_000n) // 'role "designer" is not on the rate card (engineer, reviewer)'
 */
export function roleRateProblem(card: RateCard, role: string, hourlyMicroUsd: bigint): string | undefined {
  const rate = Object.hasOwn(card.roles, role) ? card.roles[role] : undefined;
  if (rate === undefined) {
    return `role ${JSON.stringify(role)} is not on the rate card (${Object.keys(card.roles).join(", ")})`;
  }
  if (hourlyMicroUsd < rate.minHourlyMicroUsd || hourlyMicroUsd > rate.maxHourlyMicroUsd) {
    return `${hourlyMicroUsd} micro-USD/h is outside the rate card's ${rate.minHourlyMicroUsd}..${rate.maxHourlyMicroUsd} for ${role}`;
  }
  return undefined;
}

/** The reason for a model the price table does not list. */
export function missingModelProblem(provider: string, model: string): string {
  return `model ${provider}/${model} is not in the price table`;
}

/** The reason for a time entry that overlaps `other` (named by its field). */
export function overlapProblem(other: string, entry: { start: string; end: string }): string {
  return `overlaps ${other} (${entry.start} to ${entry.end}): time is charged once`;
}
