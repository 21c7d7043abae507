import { useMemo } from "react";

import { AddressLines, HashValue } from "../components/Address.tsx";
import { Countdown } from "../components/Countdown.tsx";
import { DisputeSummary } from "../components/Dispute.tsx";
import { EpochStatusBadge } from "../components/EpochStatusBadge.tsx";
import { ExternalLink } from "../components/ExternalLink.tsx";
import { Figure } from "../components/Figure.tsx";
import { Notice, QueryError } from "../components/Notice.tsx";
import { ScrollTable } from "../components/ScrollTable.tsx";
import { Skeleton, SkeletonBlock } from "../components/Skeleton.tsx";
import { TokenAmount } from "../components/TokenAmount.tsx";
import { type EpochWithDisputes, useEpoch } from "../hooks/useEpoch.ts";
import { useManifest } from "../hooks/useManifest.ts";
import { useTokens } from "../hooks/useTokens.ts";
import { errorText } from "../lib/errorText.ts";
import { formatTimestamp } from "../lib/format.ts";
import { manifestUrl } from "../lib/manifest.ts";
import { auditManifest } from "../lib/manifestAudit.ts";

/** One epoch: status, challenge countdown, totals per token, manifest hash and link, and its audit in the browser. */
export default function EpochPage({ id }: { id: string }) {
  const number = /^\d+$/.test(id) ? BigInt(id) : undefined;
  const epoch = useEpoch(number);
  const { describe } = useTokens([...(epoch.data?.tokens ?? []), ...(epoch.data?.disputes.map((d) => d.token) ?? [])]);
  if (number === undefined) {
    return (
      <Notice tone="error" title="Not an epoch number">
        <p>“{id}” is not an epoch number.</p>
      </Notice>
    );
  }
  return (
    <>
      <h1>Epoch {number.toString()}</h1>
      {epoch.isPending ? (
        <SkeletonBlock lines={10} label="Loading the epoch" />
      ) : epoch.isError ? (
        <QueryError error={epoch.error} retry={() => void epoch.refetch()} what={`epoch ${number}`} />
      ) : epoch.data === null ? (
        <Notice tone="info" title={`No epoch ${number}`} testId="no-epoch">
          <p>No proposal with this number has been indexed.</p>
        </Notice>
      ) : (
        <EpochDetail epoch={epoch.data} describe={describe} />
      )}
    </>
  );
}

function EpochDetail({
  epoch,
  describe,
}: {
  epoch: EpochWithDisputes;
  describe: ReturnType<typeof useTokens>["describe"];
}) {
  const url = manifestUrl(epoch.number, epoch.manifestHash);
  const manifest = useManifest(epoch);
  const checks = useMemo(
    () => (manifest.data ? auditManifest(manifest.data.manifest, epoch) : undefined),
    [manifest.data, epoch],
  );
  const failed = checks?.filter((c) => !c.ok) ?? [];
  return (
    <div className="stack">
      <dl className="figures" data-testid="epoch-detail">
        <Figure term="Status">
          <EpochStatusBadge epoch={epoch} />
        </Figure>
        <Figure term={epoch.status === "proposed" ? "Challenge window ends in" : "Challenge window"}>
          {epoch.status === "proposed" ? <Countdown deadline={epoch.challengeDeadline} /> : "over"} (deadline{" "}
          {formatTimestamp(epoch.challengeDeadline)})
        </Figure>
        <Figure term="Blocks covered">
          {epoch.fromBlock.toString()}–{epoch.toBlock.toString()}
        </Figure>
        <Figure term="Proposed">
          {formatTimestamp(epoch.proposedAt)} · <HashValue value={epoch.proposedTx} label="proposal transaction" />
        </Figure>
        {epoch.finalisedAt !== null ? <Figure term="Finalised">{formatTimestamp(epoch.finalisedAt)}</Figure> : null}
        {epoch.status === "vetoed" ? <Figure term="Vetoed">{epoch.vetoReason ?? "(no reason given)"}</Figure> : null}
        {epoch.disputes.length > 0 ? (
          <Figure term={epoch.disputes.length === 1 ? "Dispute" : "Disputes"} testId="epoch-disputes">
            {epoch.disputes.map((d) => (
              <DisputeSummary key={d.id} dispute={d} describe={describe} />
            ))}
          </Figure>
        ) : null}
        {epoch.status === "revoked" && epoch.revokedAt !== null ? (
          <Figure term="Revoked" testId="epoch-revoked">
            Governance revoked it on {formatTimestamp(epoch.revokedAt)}, after its delay, back to epoch{" "}
            {epoch.restoredEpoch?.toString()}: claims are checked against that epoch's root again, and the next epoch
            covers these blocks anew. What was claimed under this root stays paid. Reason:{" "}
            {epoch.revokeReason ?? "(none given)"}
            {epoch.revokedTx === null ? null : (
              <>
                {" "}
                · <HashValue value={epoch.revokedTx} label="revoking transaction" />
              </>
            )}
          </Figure>
        ) : null}
        {epoch.status === "expired" && epoch.expiredAt !== null ? (
          <Figure term="Expired" testId="epoch-expired">
            Nobody finalised it within a challenge period after its deadline, so it was cleared on{" "}
            {formatTimestamp(epoch.expiredAt)} and the next proposal takes the next number. Its root never paid
            anything.
            {epoch.expiredTx === null ? null : (
              <>
                {" "}
                · <HashValue value={epoch.expiredTx} label="clearing transaction" />
              </>
            )}
          </Figure>
        ) : null}
        <Figure term="Payout root">
          <HashValue value={epoch.payoutRoot} label="payout root" />
        </Figure>
        <Figure term="Scores root">
          <HashValue value={epoch.scoresRoot} label="scores root" />
        </Figure>
        <Figure term="Manifest hash">
          <HashValue value={epoch.manifestHash} label="manifest hash" />
          {url ? (
            <>
              {" "}
              ·{" "}
              <ExternalLink href={url} testId="manifest-link">
                manifest
              </ExternalLink>
            </>
          ) : null}
        </Figure>
        <Figure term="Signed by">
          <AddressLines values={epoch.signers} />
        </Figure>
      </dl>

      <section aria-labelledby="totals-title">
        <h2 id="totals-title">Totals per token</h2>
        <ScrollTable
          label="Totals per token"
          testId="epoch-totals"
          columns={["Token", "Funded in the epoch", "Cumulative total (all leaves)"]}
        >
          {epoch.tokens.map((t, i) => {
            const token = describe(t);
            const funded = manifest.data?.manifest.epoch.tokens.find(
              (x) => x.token.toLowerCase() === t.toLowerCase(),
            )?.funded;
            return (
              <tr key={t}>
                <th scope="row">{token.symbol}</th>
                <td>
                  {funded === undefined ? (
                    manifest.isLoading ? (
                      <Skeleton width="6rem" />
                    ) : (
                      "—"
                    )
                  ) : (
                    <TokenAmount value={funded} {...token} />
                  )}
                </td>
                <td>
                  <TokenAmount value={epoch.totals[i]!} {...token} />
                </td>
              </tr>
            );
          })}
        </ScrollTable>
      </section>

      <section aria-labelledby="audit-title" data-testid="audit">
        <h2 id="audit-title">Audit</h2>
        {url === undefined ? (
          <p>
            No manifest source is configured for this app, so the epoch cannot be audited here. Use the oracle's audit
            command.
          </p>
        ) : manifest.isPending ? (
          <SkeletonBlock lines={4} label="Fetching and checking the manifest" />
        ) : manifest.isError ? (
          <Notice tone="error" title="The manifest could not be verified" testId="audit-failed">
            <p>{errorText(manifest.error)}</p>
          </Notice>
        ) : (
          <>
            <Notice
              tone={failed.length === 0 ? "success" : "error"}
              title={
                failed.length === 0
                  ? `Verified in your browser: all ${checks!.length + 1} checks passed`
                  : `${failed.length} check(s) failed`
              }
              testId={failed.length === 0 ? "audit-ok" : "audit-failed"}
            >
              <p>
                The manifest ({manifest.data.byteLength.toLocaleString("en-US")} bytes, oracle{" "}
                {manifest.data.manifest.codeVersion}) was fetched and its keccak256 matched the manifest hash the
                oracles committed on-chain.
              </p>
            </Notice>
            <ul className="checks">
              <li className="check-ok">✓ Manifest bytes hash to the committed manifest hash</li>
              {checks!.map((c) => (
                <li key={c.name} className={c.ok ? "check-ok" : "check-bad"}>
                  {c.ok ? "✓" : "✗"} {c.name} <span className="muted break">({c.detail})</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}
