import { BPS, type ManifestScore } from "@coherence/protocol";

import { formatBps } from "../lib/format.ts";
import { ScrollTable } from "./ScrollTable.tsx";

type RecordedMetric = { bps: number | null; weightBps: number };

function metricsOf(record: unknown): [string, RecordedMetric][] | undefined {
  if (typeof record !== "object" || record === null) return undefined;
  const metrics = (record as { metrics?: unknown }).metrics;
  if (typeof metrics !== "object" || metrics === null) return undefined;
  return Object.entries(metrics as Record<string, RecordedMetric>).filter(
    ([, m]) => typeof m === "object" && m !== null && "weightBps" in m,
  );
}

/**
 * A committed score and what it is made of: for measured code, each metric's value and published weight (the
 * coherence is their weighted mean over the metrics that apply); for reviewed work, the reviewer's score and
 * rationale; for work the scorer could not score, why, and that it is held for a reviewer.
 */
export function ScoreBreakdown({ score }: { score: ManifestScore }) {
  const record = score.metrics as {
    method?: string;
    review?: { reviewer: string; bps: number; rationale: string };
    unscorable?: { error: string; reason: string };
  } | null;
  const metrics = metricsOf(record);
  return (
    <div className="score-breakdown">
      <p>
        Coherence <strong>{formatBps(score.coherenceBps)}</strong>
        {record?.method ? ` (${record.method})` : ""}.
      </p>
      {metrics !== undefined && metrics.length > 0 ? (
        <ScrollTable label="Metric breakdown" caption="Metric breakdown" columns={["Metric", "Value", "Weight"]}>
          {metrics.map(([name, m]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>
                {m.bps === null ? (
                  "does not apply"
                ) : (
                  <span className="meter-row">
                    <meter min={0} max={BPS} value={m.bps} aria-label={`${name} ${formatBps(m.bps)}`} />
                    {formatBps(m.bps)}
                  </span>
                )}
              </td>
              <td>{formatBps(m.weightBps)}</td>
            </tr>
          ))}
        </ScrollTable>
      ) : record?.review ? (
        <p>
          Reviewed: {formatBps(record.review.bps)}. “{record.review.rationale}”
        </p>
      ) : record?.unscorable ? (
        <p data-testid="unscorable">
          It could not be scored ({record.unscorable.reason}), so it counts at the middle of the scale, neither rewarded
          nor penalised, and its cost is held until a reviewer approves it.
        </p>
      ) : null}
      <p className="muted">
        Metrics hash <code className="hash-full">{score.metricsHash}</code>
      </p>
    </div>
  );
}
