import { Countdown } from "../components/Countdown.tsx";
import { DisputeSummary } from "../components/Dispute.tsx";
import { EpochStatusBadge } from "../components/EpochStatusBadge.tsx";
import { IndexerBehind } from "../components/IndexerBehind.tsx";
import { QueryError } from "../components/Notice.tsx";
import { ScrollTable } from "../components/ScrollTable.tsx";
import { SkeletonBlock } from "../components/Skeleton.tsx";
import { TokenAmount } from "../components/TokenAmount.tsx";
import { useEpochs } from "../hooks/useEpochs.ts";
import { useTokens } from "../hooks/useTokens.ts";
import { formatTimestamp } from "../lib/format.ts";
import { routeHref } from "../lib/route.ts";

/** Every epoch proposal with its status, challenge window and per-token totals. */
export default function EpochsPage() {
  const epochs = useEpochs();
  const { describe } = useTokens([
    ...new Set(epochs.data?.items.flatMap((e) => (e.dispute ? [...e.tokens, e.dispute.token] : e.tokens)) ?? []),
  ]);
  return (
    <>
      <h1>Epochs</h1>
      <IndexerBehind />
      <p>
        Each epoch, the oracles compute every contributor's cumulative payout and commit it as a Merkle root. A proposal
        waits out a challenge window in which any guardian can veto it; then anyone can finalise it, and claims use its
        root. Anyone can dispute a proposal in its window by posting a bond: it then waits until a guardian or
        governance upholds the dispute (the root is vetoed, the bond returned with a reward) or governance rejects it
        (the bond goes to the treasury). A proposal nobody finalises within another challenge period expires, and anyone
        can clear it.
      </p>
      {epochs.isPending ? (
        <SkeletonBlock lines={6} label="Loading epochs" />
      ) : epochs.isError ? (
        <QueryError error={epochs.error} retry={() => void epochs.refetch()} what="epochs" />
      ) : epochs.data.items.length === 0 ? (
        <p data-testid="no-epochs">No epoch has been proposed yet.</p>
      ) : (
        <ScrollTable
          label="Epochs"
          testId="epoch-list"
          columns={["Epoch", "Status", "Blocks", "Totals (cumulative)", "Proposed", "Finalised / window", "Dispute"]}
        >
          {epochs.data.items.map((e) => (
            <tr key={e.number.toString()} data-testid="epoch-row">
              <th scope="row">
                <a href={routeHref({ name: "epoch", id: e.number.toString() })}>Epoch {e.number.toString()}</a>
              </th>
              <td>
                <EpochStatusBadge epoch={e} />
              </td>
              <td>
                {e.fromBlock.toString()}–{e.toBlock.toString()}
              </td>
              <td>
                {e.tokens.map((t, i) => (
                  <span key={t} className="line">
                    <TokenAmount value={e.totals[i]!} {...describe(t)} maxFractionDigits={4} />
                  </span>
                ))}
              </td>
              <td>{formatTimestamp(e.proposedAt)}</td>
              <td>
                {e.revokedAt !== null ? (
                  `finalised ${formatTimestamp(e.finalisedAt ?? e.revokedAt)}, revoked ${formatTimestamp(e.revokedAt)}`
                ) : e.finalisedAt !== null ? (
                  formatTimestamp(e.finalisedAt)
                ) : e.expiredAt !== null ? (
                  `expired, cleared ${formatTimestamp(e.expiredAt)}`
                ) : e.status === "proposed" ? (
                  <>
                    finalisable in <Countdown deadline={e.challengeDeadline} />
                  </>
                ) : (
                  "—"
                )}
              </td>
              <td>
                {e.dispute ? (
                  <DisputeSummary dispute={e.dispute} describe={describe} compact />
                ) : e.disputeStatus !== null ? (
                  e.disputeStatus
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </ScrollTable>
      )}
    </>
  );
}
