import { formatMicroUsd } from "./format.ts";

/** What a contribution cost, in micro-USD: labor, tools and compute, and their total. */
export type ContributionCost = {
  laborMicroUsd: bigint;
  toolsMicroUsd: bigint;
  computeMicroUsd: bigint;
  costMicroUsd: bigint;
};

/** A cost's parts as "labor / tools / compute": "$1,000.00 / $200.00 / $60.00". */
export function formatCostSplit(cost: ContributionCost): string {
  return `${formatMicroUsd(cost.laborMicroUsd)} / ${formatMicroUsd(cost.toolsMicroUsd)} / ${formatMicroUsd(cost.computeMicroUsd)}`;
}
