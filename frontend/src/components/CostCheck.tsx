import type { CostCheck, CostOutcome } from "@coherence/protocol";

import { type CheckedCost, formatPaidTotal } from "../lib/checkedCosts.ts";
import { EFFECT_WORDS, findingSentence, OUTCOME_MEANINGS, outcomeLabel } from "../lib/costWords.ts";
import { formatMicroUsd } from "../lib/format.ts";
import { Address } from "./Address.tsx";
import { CostReportDisclosure } from "./CostReport.tsx";
import { Skeleton } from "./Skeleton.tsx";

const BADGE_CLASSES: Record<CostOutcome, string> = {
  verified: "badge badge-done",
  approved: "badge badge-done",
  unreported: "badge",
  capped: "badge badge-wait",
  held: "badge badge-wait",
  excluded: "badge badge-bad",
};

/** A cost check's outcome as a badge in plain words. */
export function CostOutcomeBadge({ check }: { check: CostCheck }) {
  return (
    <span className={BADGE_CLASSES[check.outcome]} data-testid="cost-outcome" data-outcome={check.outcome}>
      {outcomeLabel(check)}
    </span>
  );
}

/** What an epoch paid for a contribution, with the attested cost when that differs, and the check's outcome. */
export function PaidCost({ cost }: { cost: CheckedCost }) {
  return (
    <span data-testid="paid-cost">
      {formatPaidTotal(cost)}{" "}
      {cost.check === null ? (
        <span className="muted">(paid as attested: epoch {cost.epoch.toString()} predates cost checks)</span>
      ) : (
        <CostOutcomeBadge check={cost.check} />
      )}
    </span>
  );
}

/**
 * A contribution's cost where a page lists it: what the latest finalised epoch paid when it weighed it, otherwise
 * the attested cost (from the indexer), said to be only that.
 */
export function CostCell({
  attestedMicroUsd,
  cost,
  isLoading,
  unreadable,
}: {
  attestedMicroUsd: bigint;
  cost: CheckedCost | undefined;
  isLoading: boolean;
  unreadable: string | undefined;
}) {
  if (cost !== undefined) return <PaidCost cost={cost} />;
  if (isLoading) return <Skeleton width="8rem" />;
  return (
    <span data-testid="paid-cost">
      {formatMicroUsd(attestedMicroUsd)} attested{" "}
      <span className="muted">
        {unreadable === undefined
          ? "(not weighed by the latest finalised epoch)"
          : "(what was paid is unknown here: a manifest could not be read)"}
      </span>
    </span>
  );
}

/**
 * How an epoch checked a contribution's cost: what the outcome meant, every finding as a sentence with what it
 * did to the pay, the reviewer's approval, and the bound report line by line.
 */
export function CostCheckNotes({ cost }: { cost: CheckedCost }) {
  const { check } = cost;
  if (check === null)
    return (
      <p className="muted" data-testid="cost-check">
        Epoch {cost.epoch.toString()} predates cost checks: it paid every cost as attested.
      </p>
    );
  return (
    <div className="cost-check" data-testid="cost-check">
      <p>
        Epoch {cost.epoch.toString()}: {OUTCOME_MEANINGS[check.outcome]}
      </p>
      {check.findings.length === 0 ? null : (
        <ul className="cost-findings" data-testid="cost-findings">
          {check.findings.map((finding) => (
            <li key={`${finding.effect} ${finding.path} ${finding.reason}`}>
              {findingSentence(finding)} <span className="muted">({EFFECT_WORDS[finding.effect]})</span>
            </li>
          ))}
        </ul>
      )}
      {check.approval === null ? null : (
        <p data-testid="cost-approval">
          Approved by <Address value={check.approval.reviewer} />: “{check.approval.rationale}”
        </p>
      )}
      {check.report === null ? null : (
        <CostReportDisclosure hash={check.report} check={check} attested={cost.attested} />
      )}
    </div>
  );
}
