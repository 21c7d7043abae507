/**
 * Consistency of one of a v2 manifest's cost checks (`inputs.costs`) with the contribution it checks: no part
 * paid above its attestation, and its outcome consistent with its findings and pay. That there is one per
 * contribution, in the same order, is the manifest checker's rule (./manifestChecker.ts). Whether the checks
 * are the right ones for the published reports is the audit's job (it recomputes them).
 */
import { type CostCheck, type CostParts, MalformedFieldError } from "@coherence/protocol";

const PARTS = ["laborMicroUsd", "toolsMicroUsd", "computeMicroUsd"] as const;

/** Throws {@link MalformedFieldError} at `path` when `check` is not a consistent check of `contribution`. */
export function validateCostCheck(check: CostCheck, contribution: CostParts & { id: string }, path: string): void {
  if (check.contributionId !== contribution.id)
    bad(`${path}.contributionId`, `expected the check of contribution ${contribution.id}`);
  for (const part of PARTS) {
    if (check.paid[part] > contribution[part])
      bad(`${path}.paid.${part}`, `${check.paid[part]} exceeds the attested ${contribution[part]}`);
  }
  const nothingPaid = PARTS.every((part) => check.paid[part] === 0n);
  const held = check.findings.some((f) => f.effect === "hold");
  const rule = {
    unreported:
      check.report === null &&
      check.findings.length === 0 &&
      PARTS.every((part) => check.paid[part] === contribution[part]),
    verified: check.report !== null && check.findings.length === 0,
    capped: check.findings.length > 0 && !held,
    excluded: check.findings.length > 0 && !held && nothingPaid,
    held: held && nothingPaid,
    approved: held && check.approval !== null,
  }[check.outcome];
  if (!rule) bad(`${path}.outcome`, `"${check.outcome}" does not fit its report, findings and pay`);
  if ((check.approval !== null) !== (check.outcome === "approved"))
    bad(`${path}.approval`, "is set exactly when the outcome is approved");
}

function bad(field: string, problem: string): never {
  throw new MalformedFieldError(field, problem);
}
