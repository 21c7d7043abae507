import { useChainTime } from "../hooks/useChainTime.ts";
import { formatDuration } from "../lib/format.ts";

/** Time left until `deadline` (chain time, seconds), ticking; "over" once it has passed. */
export function Countdown({ deadline }: { deadline: bigint }) {
  const now = useChainTime();
  if (now === undefined) return <span className="countdown">…</span>;
  const left = Number(deadline) - now;
  return (
    <span className="countdown" data-testid="countdown">
      {left > 0 ? formatDuration(left) : "over"}
    </span>
  );
}
