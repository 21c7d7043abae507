/**
 * A cost check in words a contributor understands: each outcome as a short label and what it means for the pay,
 * each finding as a sentence that names the report line or total it concerns ("Labor entry 1: overlaps …") and
 * what it did to the pay.
 */
import type { CostCheck, CostEffect, CostOutcome, ManifestCostFinding } from "@coherence/protocol";

import { formatMicroUsd, shortAddress } from "./format.ts";
import { LINE_LISTS, type LineList, lineOf } from "./uncountedLines.ts";

const OUTCOME_LABELS: Record<Exclude<CostOutcome, "approved">, string> = {
  unreported: "no cost report",
  verified: "cost verified",
  capped: "cost capped",
  excluded: "cost not paid",
  held: "held for review",
};

/** The outcome as a badge says it: "cost verified", "approved by 0x14dc…9955". */
export function outcomeLabel(check: CostCheck): string {
  if (check.outcome === "approved")
    return check.approval === null ? "approved" : `approved by ${shortAddress(check.approval.reviewer)}`;
  return OUTCOME_LABELS[check.outcome];
}

/** What each outcome meant for the pay. */
export const OUTCOME_MEANINGS: Record<CostOutcome, string> = {
  unreported:
    "No cost report is bound to this contribution and none was required: its cost was paid as attested, unchecked.",
  verified: "Its cost report passed every check and adds up to the attested costs: paid as attested.",
  capped: "Some of the attested cost was not paid: the findings below say which and why.",
  excluded: "None of the attested cost was paid: the findings below say why.",
  held: "A plausibility bound held it for a reviewer: nothing of it is paid until one approves it.",
  approved: "A plausibility bound held it for a reviewer, who approved it: paid as its checks allow.",
};

/** What a finding did to the pay. */
export const EFFECT_WORDS: Record<CostEffect, string> = {
  line: "this line is not counted",
  part: "this part of the report is not counted",
  report: "nothing of the report is counted",
  cap: "the part is paid at most what its counted lines add up to",
  hold: "held for a reviewer",
};

const LINE_NAMES: Record<LineList, string> = {
  labor: "Labor entry",
  usage: "Token usage",
  subscriptions: "Subscription",
  compute: "Compute line",
};

/** A line's field in words, when the reason does not already say which it is. */
const LINE_FIELDS: Record<string, string> = {
  microUsd: "amount",
  seconds: "seconds",
  hourlyMicroUsd: "rate",
  role: "role",
  inputMicroUsdPerMillion: "input price",
  outputMicroUsdPerMillion: "output price",
  cacheReadMicroUsdPerMillion: "cache read price",
  cacheWriteMicroUsdPerMillion: "cache write price",
  "usage.gen_ai.request.model": "model",
  laborSeconds: "labor seconds",
  secondsInMonth: "month",
  monthlyMicroUsd: "monthly price",
  energyMicroUsd: "energy",
  depreciationMicroUsd: "depreciation",
};

const FIELDS: Record<string, string> = {
  evidence: "Evidence",
  document: "Cost report",
  "labor.rateCardHash": "Rate card",
  "labor.seconds": "Labor time",
  "labor.totalMicroUsd": "Labor lines total",
  "tools.priceTableHash": "Price table",
  "tools.totalMicroUsd": "Tools lines total",
  "compute.totalMicroUsd": "Compute lines total",
  "totals.laborMicroUsd": "Labor total",
  "totals.toolsMicroUsd": "Tools total",
  "totals.computeMicroUsd": "Compute total",
};

/** A line as the page numbers it: `labor.lines[0]` -> "Labor entry 1". */
export function lineName(list: LineList, index: number): string {
  return `${LINE_NAMES[list]} ${index + 1}`;
}

/** What a finding's path concerns: "Labor entry 1", "Token usage 2 output price", "Labor total", "Rate card". */
export function findingSubject(path: string): string {
  const line = lineOf(path);
  if (line !== undefined) {
    const field = path.slice(`${LINE_LISTS[line.list]}[${line.index}].`.length);
    const words = LINE_FIELDS[field];
    return words === undefined ? lineName(line.list, line.index) : `${lineName(line.list, line.index)} ${words}`;
  }
  if (path.startsWith("rateCard.")) return "Rate card";
  return FIELDS[path] ?? path;
}

const LINE_REFERENCE = /\b(labor\.lines|tools\.usage|tools\.subscriptions|compute\.lines)\[(\d+)\]/g;

/**
 * A finding as a sentence: its subject, then the oracle's reason with the report paths it mentions named as the
 * page names them, and a total's amounts in dollars.
 *
 * @example
 * findingSentence({ path: "labor.lines[0].start", reason: "overlaps labor.lines[0] of contribution 0x… : time is charged once", effect: "line" })
 * // "Labor entry 1: overlaps labor entry 1 of contribution 0x… : time is charged once"
 */
export function findingSentence(finding: ManifestCostFinding): string {
  let reason = finding.reason.replace(LINE_REFERENCE, (reference) => {
    const line = lineOf(reference)!;
    return lineName(line.list, line.index).toLowerCase();
  });
  // Every number a total's reason gives is an amount in micro-USD: in dollars, as the page shows every amount.
  if (finding.path.startsWith("totals.")) reason = reason.replace(/\b\d+\b/g, (micro) => formatMicroUsd(BigInt(micro)));
  return `${findingSubject(finding.path)}: ${reason}`;
}
