import { type ContributionStatus, contributionStatusWords } from "../lib/contributionStatus.ts";

const CLASS_NAMES: Record<ContributionStatus, string> = {
  attested: "badge badge-done",
  revoked: "badge badge-wait",
  struck: "badge badge-bad",
};

/** A contribution's status as a badge, with what it means and, once revoked or struck, the reason given. */
export function ContributionStatusBadge({
  contribution,
}: {
  contribution: { status: ContributionStatus; attestationCount: number; revokeReason: string | null };
}) {
  const { label, meaning } = contributionStatusWords(contribution);
  const reason = contribution.status === "attested" ? null : contribution.revokeReason;
  return (
    <span data-testid="contribution-status" data-status={contribution.status}>
      <span className={CLASS_NAMES[contribution.status]}>{label}</span>
      {meaning === null ? null : (
        <span className="muted">
          {" "}
          {meaning}
          {reason ? `: “${reason}”` : ""}
        </span>
      )}
    </span>
  );
}
