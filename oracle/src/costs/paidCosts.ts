/**
 * Attested costs and paid costs: the manifest records what the ledger attested (`inputs.contributions`) and
 * what the checks let through (`inputs.costs[].paid`); the epoch weighs the paid ones. Shared by the operator,
 * which computes the epoch, and by whoever recomputes it from the manifest.
 */
import { type CostCheck, type EpochContribution, type Hex, InvalidArgumentError } from "@coherence/protocol";

/** The checks of contributions whose costs were not checked: each paid as attested. */
export function unreportedChecks(contributions: readonly EpochContribution[]): CostCheck[] {
  return contributions.map((c) => ({
    approval: null,
    contributionId: c.id.toLowerCase() as Hex,
    findings: [],
    outcome: "unreported",
    paid: { laborMicroUsd: c.laborMicroUsd, toolsMicroUsd: c.toolsMicroUsd, computeMicroUsd: c.computeMicroUsd },
    report: null,
  }));
}

/**
 * The contributions with their paid costs in place of the attested ones.
 *
 * @example
 * computeEpoch({ ...input, contributions: withPaidCosts(input.contributions, checks) });
 */
export function withPaidCosts<C extends EpochContribution>(
  contributions: readonly C[],
  checks: readonly CostCheck[],
): C[] {
  const byId = new Map(checks.map((check) => [check.contributionId.toLowerCase(), check]));
  return contributions.map((c) => {
    const check = byId.get(c.id.toLowerCase());
    if (check === undefined) throw new InvalidArgumentError(`Contribution ${c.id} has no cost check.`);
    return { ...c, ...check.paid };
  });
}
