/**
 * Builds a cost report from its inputs: every line priced, every part totalled, the rate card's and the price
 * table's hashes recorded. Pure and deterministic: the same inputs give the same report, byte for byte.
 */
import { InvalidArgumentError } from "../errors.ts";
import { fieldName, MAX_UINT64 } from "../schema.ts";
import type { Subscription, TimeEntry } from "./costInputs.ts";
import { ciLine, laborLine, machineLine, subscriptionLine, usageLine } from "./costLines.ts";
import { COST_REPORT_FORMAT, type ComputeLine, type CostReport, type UsageLine } from "./costReport.ts";
import { laborOverlaps } from "./laborOverlaps.ts";
import type { MachineProfile } from "./machineProfile.ts";
import { sumMicroUsd } from "./microUsd.ts";
import { findModelPrice, type PriceTable, priceTableHash } from "./priceTable.ts";
import { type RateCard, rateCardHash } from "./rateCard.ts";
import { missingModelProblem, overlapProblem, roleRateProblem } from "./rateProblems.ts";
import type { ToolUsage } from "./toolUsage.ts";

/** Compute to price: a machine for some seconds of use, or CI minutes at a published rate. */
export type ComputeInput =
  | { readonly kind: "machine"; readonly profile: MachineProfile; readonly seconds: number }
  | { readonly kind: "ci"; readonly name: string; readonly minutes: number; readonly microUsdPerMinute: bigint };

export type CostReportInputs = {
  readonly rateCard: RateCard;
  readonly priceTable: PriceTable;
  readonly labor: readonly TimeEntry[];
  readonly usage?: readonly ToolUsage[];
  readonly subscriptions?: readonly Subscription[];
  readonly compute?: readonly ComputeInput[];
};

/**
 * Prices every line and totals every part. Throws {@link InvalidArgumentError} listing every role missing from
 * the rate card, rate outside its bounds, time entry overlapping another and model missing from the price table: such a report would not pass
 * `checkCostReport`.
 *
 * @example
 * const report = priceCostReport({ rateCard, priceTable, labor: entries, subscriptions: [editor] });
 * report.totals.laborMicroUsd // 2_400_000_000n
 */
export function priceCostReport(inputs: CostReportInputs): CostReport {
  const problems: string[] = [];
  inputs.labor.forEach((entry, i) => {
    const problem = roleRateProblem(inputs.rateCard, entry.role, entry.hourlyMicroUsd);
    if (problem !== undefined) problems.push(`${fieldName(["labor", i])}: ${problem}`);
  });
  for (const { index, overlaps } of laborOverlaps(inputs.labor)) {
    problems.push(
      `${fieldName(["labor", index])}: ${overlapProblem(fieldName(["labor", overlaps]), inputs.labor[overlaps]!)}`,
    );
  }
  const usage: UsageLine[] = [];
  (inputs.usage ?? []).forEach((entry, i) => {
    const provider = entry["gen_ai.provider.name"];
    const model = entry["gen_ai.request.model"];
    const price = findModelPrice(inputs.priceTable, provider, model);
    if (price === undefined) problems.push(`${fieldName(["usage", i])}: ${missingModelProblem(provider, model)}`);
    else usage.push(usageLine(entry, price));
  });
  if (problems.length > 0) {
    throw new InvalidArgumentError(`Cannot price the cost report: ${problems.length} problem(s).`, {
      metaMessages: problems,
    });
  }

  const laborLines = inputs.labor.map(laborLine);
  const laborSeconds = laborLines.reduce((total, line) => total + line.seconds, 0);
  const subscriptions = (inputs.subscriptions ?? []).map((s) => subscriptionLine(s, laborSeconds));
  const computeLines: ComputeLine[] = (inputs.compute ?? []).map((c) =>
    c.kind === "machine" ? machineLine(c.profile, c.seconds) : ciLine(c),
  );

  const laborMicroUsd = sumMicroUsd(laborLines.map((l) => l.microUsd));
  const toolsMicroUsd = sumMicroUsd([...usage, ...subscriptions].map((l) => l.microUsd));
  const computeMicroUsd = sumMicroUsd(computeLines.map((l) => l.microUsd));
  const totals = { computeMicroUsd, laborMicroUsd, toolsMicroUsd };
  for (const [part, total] of Object.entries(totals)) {
    // The ContributionLedger attests each total as a uint64.
    if (total > MAX_UINT64) throw new InvalidArgumentError(`The ${part} total ${total} exceeds a uint64.`);
  }
  return {
    compute: { lines: computeLines, totalMicroUsd: computeMicroUsd },
    format: COST_REPORT_FORMAT,
    labor: {
      lines: laborLines,
      rateCardHash: rateCardHash(inputs.rateCard),
      seconds: laborSeconds,
      totalMicroUsd: laborMicroUsd,
    },
    tools: {
      priceTableHash: priceTableHash(inputs.priceTable),
      subscriptions,
      totalMicroUsd: toolsMicroUsd,
      usage,
    },
    totals,
  };
}
