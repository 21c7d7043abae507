/**
 * The cost part of the in-browser audit of a manifest: a v2 manifest records one cost check per contribution, in
 * the contributions' order, each paying at most the attested part and as its outcome says (verified and
 * unreported as attested, held and excluded nothing); and every weight in a leaf is computed from the paid cost.
 * A v1 manifest checked no cost, so its weights are computed from the attested ones.
 */
import { type CostParts, MANIFEST_FORMAT_V1, type Manifest } from "@coherence/protocol";

import { checkedCostsOf } from "./checkedCosts.ts";
import { costTotal } from "./contributionCost.ts";
import type { AuditCheck } from "./manifestAudit.ts";

const PARTS = ["laborMicroUsd", "toolsMicroUsd", "computeMicroUsd"] as const;
const same = (a: CostParts, b: CostParts) => PARTS.every((part) => a[part] === b[part]);

/** Why a contribution's check cannot be what was paid, if it cannot. */
function checkProblem(manifest: CostAuditInput, i: number): string | undefined {
  const contribution = manifest.inputs.contributions[i]!;
  const check = manifest.inputs.costs[i];
  if (check?.contributionId.toLowerCase() !== contribution.id.toLowerCase())
    return `contribution ${contribution.id} has no cost check in its place`;
  if (PARTS.some((part) => check.paid[part] > contribution[part]))
    return `contribution ${contribution.id} is paid more than was attested`;
  const zero = costTotal(check.paid) === 0n;
  if ((check.outcome === "verified" || check.outcome === "unreported") && !same(check.paid, contribution))
    return `contribution ${contribution.id} is ${check.outcome} but not paid as attested`;
  if ((check.outcome === "held" || check.outcome === "excluded") && !zero)
    return `contribution ${contribution.id} is ${check.outcome} but paid`;
  return undefined;
}

/** What the cost checks read: a whole manifest, or what an account's slice proves of one. */
export type CostAuditInput = Pick<Manifest, "format" | "epoch" | "leaves"> & {
  inputs: Pick<Manifest["inputs"], "contributions" | "costs">;
};

/** The audit's cost checks of `manifest`. */
export function auditCosts(manifest: CostAuditInput): AuditCheck[] {
  const { contributions, costs } = manifest.inputs;
  const v1 = manifest.format === MANIFEST_FORMAT_V1;
  let problem: string | undefined;
  if (v1 && costs.length > 0) problem = "a v1 manifest records cost checks";
  else if (!v1 && costs.length !== contributions.length)
    problem = `${costs.length} cost checks for ${contributions.length} contributions`;
  for (let i = 0; problem === undefined && !v1 && i < contributions.length; i++) problem = checkProblem(manifest, i);

  const paid = checkedCostsOf(manifest);
  let unweighed: string | undefined;
  for (const leaf of manifest.leaves)
    for (const source of leaf.sources) {
      if (source.kind !== "contributors") continue;
      const wrong = source.contributions.find((c) => {
        const cost = paid.get(c.id.toLowerCase());
        return cost === undefined || c.costMicroUsd !== costTotal(cost.paid);
      });
      if (wrong !== undefined && unweighed === undefined)
        unweighed = `contribution ${wrong.id} in ${leaf.account}'s leaf`;
    }

  return [
    {
      name: "One cost check per contribution, none paying more than was attested",
      ok: problem === undefined,
      detail: problem ?? (v1 ? "v1: every cost paid as attested" : `${costs.length} checks`),
    },
    {
      name: "Every weight is computed from the paid cost",
      ok: unweighed === undefined,
      detail: unweighed === undefined ? `${manifest.leaves.length} leaves` : `not for ${unweighed}`,
    },
  ];
}
