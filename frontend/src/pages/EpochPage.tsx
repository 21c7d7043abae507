import { useMemo } from "react";

import { Address, HashValue } from "../components/Address.tsx";
import { Countdown } from "../components/Countdown.tsx";
import { EpochStatusBadge } from "../components/EpochStatusBadge.tsx";
import { Notice, QueryError } from "../components/Notice.tsx";
import { Skeleton, SkeletonBlock } from "../components/Skeleton.tsx";
import { TokenAmount } from "../components/TokenAmount.tsx";
import { useEpoch } from "../hooks/useEpoch.ts";
import { useManifest } from "../hooks/useManifest.ts";
import { useTokens } from "../hooks/useTokens.ts";
import type { EpochRow } from "../lib/epochs.ts";
import { formatTimestamp } from "../lib/format.ts";
import { manifestUrl } from "../lib/manifest.ts";
import { auditManifest } from "../lib/manifestAudit.ts";

/** One epoch: status, challenge countdown, totals per token, manifest hash and link, and its audit in the browser. */
export default function EpochPage({ id }: { id: string }) {
  const number = /^\d+$/.test(id) ? BigInt(id) : undefined;
  const epoch = useEpoch(number);
  const { describe } = useTokens(epoch.data?.tokens ?? []);
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

function EpochDetail({ epoch, describe }: { epoch: EpochRow; describe: ReturnType<typeof useTokens>["describe"] }) {
  const url = manifestUrl(epoch.number, epoch.manifestHash);
  const manifest = useManifest(epoch);
  const checks = useMemo(() => (manifest.data ? auditManifest(manifest.data.manifest, epoch) : undefined), [manifest.data, epoch]);
  const failed = checks?.filter((c) => !c.ok) ?? [];
  return (
    <div className="stack">
      <dl className="figures" data-testid="epoch-detail">
        <div>
          <dt>Status</dt>
          <dd>
            <EpochStatusBadge epoch={epoch} />
          </dd>
        </div>
        <div>
          <dt>{epoch.status === "proposed" ? "Challenge window ends in" : "Challenge window"}</dt>
          <dd>
            {epoch.status === "proposed" ? <Countdown deadline={epoch.challengeDeadline} /> : "over"} (deadline {formatTimestamp(epoch.challengeDeadline)})
          </dd>
        </div>
        <div>
          <dt>Blocks covered</dt>
          <dd>
            {epoch.fromBlock.toString()}–{epoch.toBlock.toString()}
          </dd>
        </div>
        <div>
          <dt>Proposed</dt>
          <dd>
            {formatTimestamp(epoch.proposedAt)} · <HashValue value={epoch.proposedTx} label="proposal transaction" />
          </dd>
        </div>
        {epoch.finalisedAt !== null ? (
          <div>
            <dt>Finalised</dt>
            <dd>{formatTimestamp(epoch.finalisedAt)}</dd>
          </div>
        ) : null}
        {epoch.status === "vetoed" ? (
          <div>
            <dt>Vetoed</dt>
            <dd>{epoch.vetoReason ?? "(no reason given)"}</dd>
          </div>
        ) : null}
        <div>
          <dt>Payout root</dt>
          <dd>
            <HashValue value={epoch.payoutRoot} label="payout root" />
          </dd>
        </div>
        <div>
          <dt>Scores root</dt>
          <dd>
            <HashValue value={epoch.scoresRoot} label="scores root" />
          </dd>
        </div>
        <div>
          <dt>Manifest hash</dt>
          <dd>
            <HashValue value={epoch.manifestHash} label="manifest hash" />
            {url ? (
              <>
                {" "}
                · <a href={url} rel="noreferrer noopener" target="_blank" data-testid="manifest-link">manifest</a>
              </>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Signed by</dt>
          <dd>
            {epoch.signers.map((s) => (
              <span key={s} className="line">
                <Address value={s} link={false} />
              </span>
            ))}
          </dd>
        </div>
      </dl>

      <section aria-labelledby="totals-title">
        <h2 id="totals-title">Totals per token</h2>
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Totals per token">
          <table data-testid="epoch-totals">
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col">Funded in the epoch</th>
                <th scope="col">Cumulative total (all leaves)</th>
              </tr>
            </thead>
            <tbody>
              {epoch.tokens.map((t, i) => {
                const token = describe(t);
                const funded = manifest.data?.manifest.epoch.tokens.find((x) => x.token.toLowerCase() === t.toLowerCase())?.funded;
                return (
                  <tr key={t}>
                    <th scope="row">{token.symbol}</th>
                    <td>{funded === undefined ? manifest.isLoading ? <Skeleton width="6rem" /> : "—" : <TokenAmount value={BigInt(funded)} {...token} />}</td>
                    <td>
                      <TokenAmount value={epoch.totals[i]!} {...token} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="audit-title" data-testid="audit">
        <h2 id="audit-title">Audit</h2>
        {url === undefined ? (
          <p>No manifest source is configured for this app, so the epoch cannot be audited here. Use the oracle's audit command.</p>
        ) : manifest.isPending ? (
          <SkeletonBlock lines={4} label="Fetching and checking the manifest" />
        ) : manifest.isError ? (
          <Notice tone="error" title="The manifest could not be verified" testId="audit-failed">
            <p>{(manifest.error as Error).message}</p>
          </Notice>
        ) : (
          <>
            <Notice
              tone={failed.length === 0 ? "success" : "error"}
              title={failed.length === 0 ? `Verified in your browser: all ${checks!.length + 1} checks passed` : `${failed.length} check(s) failed`}
              testId={failed.length === 0 ? "audit-ok" : "audit-failed"}
            >
              <p>
                The manifest ({manifest.data.byteLength.toLocaleString("en-US")} bytes, oracle {manifest.data.manifest.codeVersion}) was fetched and its keccak256
                matched the manifest hash the oracles committed on-chain.
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
