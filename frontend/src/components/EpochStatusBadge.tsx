import { useChainTime } from "../hooks/useChainTime.ts";
import type { EpochRow } from "../lib/epochs.ts";

/**
 * An epoch's status: finalised, revoked (by governance after finalisation), vetoed, expired (nobody finalised it
 * within a challenge period after its deadline, and it was cleared), disputed (it waits for the resolution), in its challenge window, or ready to be finalised.
 */
export function EpochStatusBadge({ epoch }: { epoch: EpochRow }) {
  const now = useChainTime();
  if (epoch.status === "finalised") return <span className="badge badge-done">finalised</span>;
  if (epoch.status === "vetoed") return <span className="badge badge-bad">vetoed</span>;
  if (epoch.status === "expired") return <span className="badge badge-bad">expired</span>;
  if (epoch.status === "revoked") return <span className="badge badge-bad">revoked</span>;
  if (epoch.disputeStatus === "open") return <span className="badge badge-wait">disputed</span>;
  const open = now === undefined || BigInt(now) < epoch.challengeDeadline;
  return <span className="badge badge-wait">{open ? "in challenge window" : "ready to finalise"}</span>;
}
