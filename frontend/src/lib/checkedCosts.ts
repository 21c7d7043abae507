/**
 * What each contribution's cost was as an epoch weighed it, from the epoch's manifest: the costs the ledger
 * attested (`inputs.contributions`), the costs paid (`inputs.costs[].paid`, each part at most the attested one) and
 * the check between them. A v1 manifest predates cost checks: it paid every cost as attested and records no check.
 */
import { type CostCheck, type CostParts, MANIFEST_FORMAT_V1, type Manifest } from "@coherence/protocol";

import { costTotal, formatCostSplit } from "./contributionCost.ts";
import { formatMicroUsd } from "./format.ts";

/** A contribution's cost in one epoch. */
export type CheckedCost = {
  epoch: bigint;
  attested: CostParts;
  paid: CostParts;
  /** null in a v1 manifest, which checked nothing and paid the attested costs. */
  check: CostCheck | null;
};

/** Every contribution's cost in `manifest` (a whole one, or what an account's slice proves of it), by lower-case id. */
export function checkedCostsOf(
  manifest: Pick<Manifest, "format" | "epoch"> & { inputs: Pick<Manifest["inputs"], "contributions" | "costs"> },
): Map<string, CheckedCost> {
  const epoch = manifest.epoch.number;
  const checks = new Map(manifest.inputs.costs.map((check) => [check.contributionId.toLowerCase(), check]));
  const costs = new Map<string, CheckedCost>();
  for (const c of manifest.inputs.contributions) {
    const id = c.id.toLowerCase();
    const attested = {
      computeMicroUsd: c.computeMicroUsd,
      laborMicroUsd: c.laborMicroUsd,
      toolsMicroUsd: c.toolsMicroUsd,
    };
    const check = checks.get(id);
    if (check !== undefined) costs.set(id, { epoch, attested, paid: check.paid, check });
    // A v2 manifest without a contribution's check says nothing of what was paid: better unknown than "as attested".
    else if (manifest.format === MANIFEST_FORMAT_V1) costs.set(id, { epoch, attested, paid: attested, check: null });
  }
  return costs;
}

/** Both costs when the paid one differs from the attested one: "attested $520.00, paid $0.00"; else the paid one. */
function paidAndAttested(cost: CheckedCost, format: (parts: CostParts) => string): string {
  const paid = format(cost.paid);
  return costTotal(cost.paid) === costTotal(cost.attested) ? paid : `attested ${format(cost.attested)}, paid ${paid}`;
}

/** The total paid, with the attested total when they differ: "attested $1,020.00, paid $270.00". */
export function formatPaidTotal(cost: CheckedCost): string {
  return paidAndAttested(cost, (parts) => formatMicroUsd(costTotal(parts)));
}

/** Labor / tools / compute as paid, with the attested split when the total differs. */
export function formatPaidSplit(cost: CheckedCost): string {
  return paidAndAttested(cost, formatCostSplit);
}
