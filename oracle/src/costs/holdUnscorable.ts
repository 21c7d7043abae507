/**
 * A contribution the scorer could not score is held like one a plausibility bound holds: nothing of it is paid
 * until a reviewer approves it (the cost config's `approvals`, recorded in the manifest), then it is paid as its
 * cost checks allow. Its record pays nothing silently and nothing unreviewed: making a change unscorable (too
 * large, say) cannot earn more than scoring it would.
 */
import type { CostCheck, CostParts } from "@coherence/protocol";

const ZERO: CostParts = { laborMicroUsd: 0n, toolsMicroUsd: 0n, computeMicroUsd: 0n };

/**
 * `check` with a `hold` finding on its evidence saying why the contribution cannot be scored: `held` and paid
 * nothing without `approval`, `approved` and paid as checked with it.
 *
 * @example
 * holdUnscorable(check, "CommitNotFoundError: Commit 9fce… not found …", null).outcome // "held"
 */
export function holdUnscorable(check: CostCheck, reason: string, approval: CostCheck["approval"]): CostCheck {
  const findings = [
    ...check.findings,
    {
      effect: "hold" as const,
      path: "evidence",
      reason: `cannot be scored (${reason}), so it is held for a reviewer`,
    },
  ];
  // With an approval the checks already released any plausibility hold, so `check.paid` is what they allow.
  if (approval === null) return { ...check, approval: null, findings, outcome: "held", paid: ZERO };
  return { ...check, approval, findings, outcome: "approved" };
}
