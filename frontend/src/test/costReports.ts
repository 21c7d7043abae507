/**
 * For unit tests: the worked example cost report of scenarios/costs/ (4 labor entries, a subscription, a laptop:
 * $2,413.19) with one token usage line added, as published JSON and decoded, and cost checks of it.
 */
import { readFileSync } from "node:fs";

import {
  type CostCheck,
  type CostReport,
  canonicalHash,
  costReportSchema,
  type Hex,
  type JsonValue,
  type ManifestCostFinding,
  parse,
} from "@coherence/protocol";

const worked = JSON.parse(
  readFileSync(new URL("../../../scenarios/costs/report.json", import.meta.url), "utf8"),
) as Record<string, Record<string, unknown>>;

/** 1,000,000 output tokens of Claude Sonnet 4.5 at $15 per million: $15.00 more tools. */
const usage = {
  cacheReadMicroUsdPerMillion: "300000",
  cacheWriteMicroUsdPerMillion: "3750000",
  inputMicroUsdPerMillion: "3000000",
  microUsd: "15000000",
  outputMicroUsdPerMillion: "15000000",
  usage: {
    end: "2026-11-30T12:00:00Z",
    "gen_ai.provider.name": "anthropic",
    "gen_ai.request.model": "claude-sonnet-4-5",
    "gen_ai.usage.input_tokens": 0,
    "gen_ai.usage.output_tokens": 1000000,
    requests: 50,
    start: "2026-11-30T10:00:00Z",
  },
};

/** The report as published: plain JSON, amounts as decimal strings. */
export const reportJson = {
  ...worked,
  tools: { ...worked.tools, totalMicroUsd: "15200000", usage: [usage] },
  totals: { ...worked.totals, toolsMicroUsd: "15200000" },
} as JsonValue;
export const reportHash: Hex = canonicalHash(reportJson);
export const report: CostReport = parse(costReportSchema, reportJson);

/** What the report attests, as the ledger has it. */
export const attested = {
  computeMicroUsd: 12_990_000n,
  laborMicroUsd: 2_400_000_000n,
  toolsMicroUsd: 15_200_000n,
};

/** A check of the report with `findings`, paying `paid` (the attested costs unless given). */
export function checkOf(
  outcome: CostCheck["outcome"],
  findings: ManifestCostFinding[] = [],
  paid: CostCheck["paid"] = attested,
): CostCheck {
  return { approval: null, contributionId: `0x${"c1".repeat(32)}`, findings, outcome, paid, report: reportHash };
}
