/**
 * A repository's gates in effect (`GET /repositories`, as its owner signed them in `.coherence.json`), in the
 * plain words a maintainer reads on the Intake page: what a merged change request must pass to be attested.
 */

import { formatMicroUsd } from "./format.ts";
import type { IntakeRepository } from "./intake.ts";

export type IntakeGates = NonNullable<IntakeRepository["gates"]>;

const UNITS = [
  [86_400, "day"],
  [3_600, "hour"],
  [60, "minute"],
  [1, "second"],
] as const;

/**
 * A window of seconds in the largest unit that divides it.
 *
 * @example
 * windowWords(86_400) // "day"; windowWords(7_200) // "2 hours"; windowWords(90) // "90 seconds"
 */
export function windowWords(seconds: number): string {
  const [size, unit] = UNITS.find(([size]) => seconds % size === 0) ?? UNITS[3];
  const n = seconds / size;
  return n === 1 ? unit : `${n} ${unit}s`;
}

/**
 * One sentence a gate, in the order the pipeline applies them.
 *
 * @example
 * gateWords(gates)[0] // "Change requests labelled coherence:skip are skipped."
 */
export function gateWords(gates: IntakeGates): string[] {
  const { count, windowSeconds } = gates.rateLimit;
  const labels = gates.excludedLabels;
  return [
    labels.length === 0
      ? "No label makes the intake skip a change request."
      : `Change requests labelled ${labels.join(" or ")} are skipped.`,
    gates.skipBots
      ? "Change requests opened by bots, and bot co-authors, are skipped."
      : "Bots' change requests and co-authorship are taken like anyone's.",
    gates.requireApproval
      ? "A merge needs an approving review by someone other than its contributors, with write access."
      : "No approving review is needed.",
    `Each contributor has at most ${count} contribution${count === 1 ? "" : "s"} taken in any ${windowWords(windowSeconds)}; more are refused.`,
    `A change request claiming more than ${formatMicroUsd(gates.maxMicroUsdPerChangedLine)} per changed line is held until you approve it.`,
  ];
}
