import { type UseQueryResult, useQuery } from "@tanstack/react-query";
import { type ReactNode, useMemo, useState } from "react";
import type { Hex } from "viem";
import { useConnection } from "wagmi";

import { AccountForm } from "../components/AccountForm.tsx";
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
import { manifestQuery } from "../hooks/useManifest.ts";
import { useTokens } from "../hooks/useTokens.ts";
import { type AccountSliceResult, fetchAccountSlice, sliceErrorText } from "../lib/accountSlice.ts";
import { errorText } from "../lib/errorText.ts";
import { formatTimestamp } from "../lib/format.ts";
import { hasManifestSource, manifestUrl, type VerifiedManifest } from "../lib/manifest.ts";
import { type AuditCheck, auditManifest, auditSlice } from "../lib/manifestAudit.ts";
import { byteSize, publishedSize } from "../lib/manifestSize.ts";

/**
 * One epoch: status, challenge countdown, totals per token, manifest hash and link, and its audit in the browser:
 * of one account from its slice (kilobytes), or of the whole epoch from its whole manifest when asked (its size
 * said first: a large epoch's is a gigabyte).
 */
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
  const connection = useConnection();
  const [typed, setTyped] = useState<Hex | undefined>(undefined);
  const account = typed ?? (connection.status === "connected" ? connection.address : undefined);
  const slice = useQuery({
    queryKey: ["epoch-slice", account?.toLowerCase(), epoch.manifestHash.toLowerCase()] as const,
    // A slice proven against a committed manifest hash never changes.
    staleTime: Infinity,
    retry: 1,
    enabled: account !== undefined,
    queryFn: ({ signal }) => fetchAccountSlice(account!, epoch, signal, "epoch"),
  });
  const [wholeAsked, setWholeAsked] = useState(false);
  const manifest = useQuery({
    ...manifestQuery(epoch.number, epoch.manifestHash),
    enabled: wholeAsked && hasManifestSource(),
  });
  // What the page shows of the header: the whole manifest's once read, else the slice's (both proven).
  const header =
    manifest.data?.manifest.epoch ?? (slice.data?.kind === "slice" ? slice.data.slice.header.epoch : undefined);
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
            const funded = header?.tokens.find((x) => x.token.toLowerCase() === t.toLowerCase())?.funded;
            return (
              <tr key={t}>
                <th scope="row">{token.symbol}</th>
                <td>
                  {funded === undefined ? (
                    manifest.isLoading || slice.isLoading ? (
                      <Skeleton width="6rem" />
                    ) : (
                      <span className="muted">in the manifest's header: shown once an audit below reads it</span>
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
        <p>
          Check one account's payout from its slice of the manifest (a few kilobytes, proven against the manifest hash
          the oracles committed on-chain), or the whole epoch from the whole manifest.
        </p>
        <AccountAudit epoch={epoch} account={account} onAccount={setTyped} slice={slice} />
        <WholeAudit epoch={epoch} url={url} asked={wholeAsked} onAsk={() => setWholeAsked(true)} manifest={manifest} />
      </section>
    </div>
  );
}

type SliceQuery = UseQueryResult<AccountSliceResult>;
type ManifestQuery = UseQueryResult<VerifiedManifest>;

function AccountAudit({
  epoch,
  account,
  onAccount,
  slice,
}: {
  epoch: EpochWithDisputes;
  account: Hex | undefined;
  onAccount: (account: Hex) => void;
  slice: SliceQuery;
}) {
  const [text, setText] = useState("");
  const [invalid, setInvalid] = useState(false);
  const checks = useMemo(
    () => (slice.data?.kind === "slice" ? auditSlice(slice.data.slice, epoch) : undefined),
    [slice.data, epoch],
  );
  return (
    <div className="stack" data-testid="account-audit">
      <h3>One account</h3>
      <AccountForm
        text={text}
        onText={setText}
        invalid={invalid}
        onInvalid={setInvalid}
        onAddress={(address) => onAccount(address.toLowerCase() as Hex)}
        placeholder={account ?? "0x…"}
        button="Audit this account"
        testId="audit-account"
      />
      {account === undefined ? (
        <p className="muted">Connect a wallet or enter an address to audit its payout in this epoch.</p>
      ) : slice.isPending ? (
        <SkeletonBlock lines={3} label="Fetching and proving the account's slice" />
      ) : slice.isError ? (
        <Notice tone="error" title="The account's slice could not be verified" testId="slice-refused">
          <p>{sliceErrorText(slice.error)}</p>
          <button type="button" className="button-quiet" onClick={() => void slice.refetch()}>
            Try again
          </button>
        </Notice>
      ) : slice.data.kind === "no-leaves" ? (
        <Notice tone="info" title="No payout in this epoch" testId="audit-no-leaves">
          <p>
            {slice.data.message} That is the indexer's word: only the whole-epoch audit below proves that an account has
            no leaf.
          </p>
        </Notice>
      ) : slice.data.kind === "not-chunked" ? (
        <Notice tone="info" title="This epoch's manifest has no slices" testId="audit-not-chunked">
          <p>{slice.data.message} It was published before manifests were cut in slices: audit the whole epoch below.</p>
        </Notice>
      ) : (
        <Checks
          checks={checks!}
          testId="audit"
          first={`The slice's chunks are proven against the committed manifest hash and its ${slice.data.slice.leaves.length} leaves against the payout root`}
          summary={
            <>
              The slice of <span className="mono break">{slice.data.slice.account}</span> (
              {byteSize(slice.data.slice.byteLength)}, oracle {slice.data.slice.header.codeVersion}) was fetched from
              the claims API and proven in your browser.
            </>
          }
        />
      )}
    </div>
  );
}

function WholeAudit({
  epoch,
  url,
  asked,
  onAsk,
  manifest,
}: {
  epoch: EpochWithDisputes;
  url: string | undefined;
  asked: boolean;
  onAsk: () => void;
  manifest: ManifestQuery;
}) {
  // Over IPFS (VITE_IPFS_GATEWAYS) alone there is no URL to ask the size of before fetching.
  const size = useQuery({
    queryKey: ["manifest-size", url] as const,
    staleTime: Infinity,
    enabled: url !== undefined,
    queryFn: ({ signal }) => publishedSize(url!, signal),
  });
  const checks = useMemo(
    () => (manifest.data ? auditManifest(manifest.data.manifest, epoch) : undefined),
    [manifest.data, epoch],
  );
  return (
    <div className="stack" data-testid="whole-audit">
      <h3>The whole epoch</h3>
      {!hasManifestSource() ? (
        <p>
          No manifest source is configured for this app, so the whole epoch cannot be audited here. Use the oracle's
          audit command.
        </p>
      ) : !asked ? (
        <p>
          The full audit downloads the whole manifest (
          {url === undefined
            ? "its size is known only once fetched"
            : size.isPending
              ? "its size is being asked"
              : size.data === undefined
                ? "its server does not say its size"
                : byteSize(size.data)}
          ) and checks every leaf and tree node in your browser; for a large epoch the oracle's audit command is faster.{" "}
          <button type="button" className="button-quiet" data-testid="audit-full" onClick={onAsk}>
            Audit the whole epoch
          </button>
        </p>
      ) : manifest.isPending ? (
        <SkeletonBlock lines={4} label="Fetching and checking the whole manifest" />
      ) : manifest.isError ? (
        <Notice tone="error" title="The manifest could not be verified" testId="full-audit-failed">
          <p>{errorText(manifest.error)}</p>
        </Notice>
      ) : (
        <Checks
          checks={checks!}
          testId="full-audit"
          first="Manifest bytes hash to the committed manifest hash"
          summary={
            <>
              The manifest ({manifest.data.byteLength.toLocaleString("en-US")} bytes, oracle{" "}
              {manifest.data.manifest.codeVersion}) was fetched and its hash matched the manifest hash the oracles
              committed on-chain.
            </>
          }
        />
      )}
    </div>
  );
}

/** An audit's outcome: a notice (`<testId>-ok` or `<testId>-failed`) and every check, the proof of the bytes first. */
function Checks({
  checks,
  testId,
  first,
  summary,
}: {
  checks: readonly AuditCheck[];
  testId: string;
  first: string;
  summary: ReactNode;
}) {
  const failed = checks.filter((c) => !c.ok);
  return (
    <>
      <Notice
        tone={failed.length === 0 ? "success" : "error"}
        title={
          failed.length === 0
            ? `Verified in your browser: all ${checks.length + 1} checks passed`
            : `${failed.length} check(s) failed`
        }
        testId={failed.length === 0 ? `${testId}-ok` : `${testId}-failed`}
      >
        <p>{summary}</p>
      </Notice>
      <ul className="checks">
        <li className="check-ok">✓ {first}</li>
        {checks.map((c) => (
          <li key={c.name} className={c.ok ? "check-ok" : "check-bad"}>
            {c.ok ? "✓" : "✗"} {c.name} <span className="muted break">({c.detail})</span>
          </li>
        ))}
      </ul>
    </>
  );
}
