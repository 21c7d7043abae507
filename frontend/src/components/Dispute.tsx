import type { DisputeRow, DisputeStatus } from "../lib/epochs.ts";
import { disputeOutcome } from "../lib/epochs.ts";
import { formatTimestamp } from "../lib/format.ts";
import type { DescribeToken } from "../lib/txError.ts";
import { Address, HashValue } from "./Address.tsx";
import { TokenAmount } from "./TokenAmount.tsx";

const BADGES: Record<DisputeStatus, [className: string, text: string]> = {
  open: ["badge badge-wait", "disputed"],
  upheld: ["badge badge-bad", "dispute upheld"],
  rejected: ["badge badge-done", "dispute rejected"],
};

/** A dispute's status as a badge: disputed (open), dispute upheld or dispute rejected. */
export function DisputeBadge({ status }: { status: DisputeStatus }) {
  const [className, text] = BADGES[status];
  return (
    <span className={className} data-testid="dispute-badge">
      {text}
    </span>
  );
}

/** Who disputed with which bond and why, and how it was resolved; `compact` for a table cell. */
export function DisputeSummary({
  dispute,
  describe,
  compact = false,
}: {
  dispute: DisputeRow;
  describe: DescribeToken;
  compact?: boolean;
}) {
  const token = describe(dispute.token);
  return (
    <div data-testid="dispute">
      <span className="line">
        <DisputeBadge status={dispute.status} /> by <Address value={dispute.disputer} />, bond{" "}
        <TokenAmount value={dispute.bond} {...token} />
        {compact ? null : <> on {formatTimestamp(dispute.disputedAt)}</>}
      </span>
      <span className="line">“{dispute.reason}”</span>
      {dispute.status === "open" ? (
        compact ? null : (
          <span className="line">{disputeOutcome(dispute)}</span>
        )
      ) : (
        <span className="line" data-testid="dispute-resolution">
          {dispute.status === "upheld" ? "Upheld" : "Rejected by governance"} by{" "}
          {dispute.resolvedBy === null ? "?" : <Address value={dispute.resolvedBy} link={false} />}
          {dispute.resolvedAt === null ? null : <> on {formatTimestamp(dispute.resolvedAt)}</>}
          {dispute.resolutionReason ? <>: “{dispute.resolutionReason}”</> : null}
          {dispute.status === "upheld" && dispute.reward !== null ? (
            <>
              {" "}
              (bond back, reward <TokenAmount value={dispute.reward} {...token} />)
            </>
          ) : dispute.status === "rejected" ? (
            " (bond to the treasury)"
          ) : null}
        </span>
      )}
      {compact ? null : (
        <span className="line">
          <HashValue value={dispute.disputedTx} label="dispute transaction" />
          {dispute.resolvedTx === null ? null : (
            <>
              {" "}
              · <HashValue value={dispute.resolvedTx} label="resolution transaction" />
            </>
          )}
        </span>
      )}
    </div>
  );
}
