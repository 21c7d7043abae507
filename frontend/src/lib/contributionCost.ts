import type { CostParts } from "@coherence/protocol";

import { formatMicroUsd } from "./format.ts";

/** What a contribution cost, in micro-USD: labor, tools and compute, and their total. */
export type ContributionCost = CostParts & { costMicroUsd: bigint };

/** The sum of a cost's three parts. */
export function costTotal(parts: CostParts): bigint {
  return parts.laborMicroUsd + parts.toolsMicroUsd + parts.computeMicroUsd;
}

/** A cost's parts as "labor / tools / compute": "$1,000.00 / $200.00 / $60.00". */
export function formatCostSplit(cost: CostParts): string {
  return `${formatMicroUsd(cost.laborMicroUsd)} / ${formatMicroUsd(cost.toolsMicroUsd)} / ${formatMicroUsd(cost.computeMicroUsd)}`;
}
