import { type FormEvent, useId, useMemo } from "react";
import { isAddress } from "viem";
import { useConnection } from "wagmi";
import { Address, HashValue } from "../components/Address.tsx";
import { AssetLink } from "../components/AssetLink.tsx";
import { ContributionStatusBadge } from "../components/ContributionStatusBadge.tsx";
import { CostCell, CostCheckNotes } from "../components/CostCheck.tsx";
import { ExternalLink } from "../components/ExternalLink.tsx";
import { Figure } from "../components/Figure.tsx";
import { IndexerBehind } from "../components/IndexerBehind.tsx";
import { Notice, QueryError } from "../components/Notice.tsx";
import { ScoreBreakdown } from "../components/ScoreBreakdown.tsx";
import { ScrollTable } from "../components/ScrollTable.tsx";
import { Skeleton, SkeletonBlock } from "../components/Skeleton.tsx";
import { TokenAmount } from "../components/TokenAmount.tsx";
import { useCheckedCosts } from "../hooks/useCheckedCosts.ts";
import { useContributor } from "../hooks/useContributor.ts";
import { useContributorHistory } from "../hooks/useContributorHistory.ts";
import { useEpochs } from "../hooks/useEpochs.ts";
import { useResettableState } from "../hooks/useResettableState.ts";
import { useTokens } from "../hooks/useTokens.ts";
import { formatPaidSplit } from "../lib/checkedCosts.ts";
import { formatCostSplit } from "../lib/contributionCost.ts";
import { formatBps, formatMicroUsd, formatTimestamp } from "../lib/format.ts";
import { routeHref } from "../lib/route.ts";

/** An address's contributions (costs as attested and as paid, coherence and metrics), payouts over epochs and claims. */
export default function ContributorPage({ address }: { address: string | undefined }) {
  return (
    <>
      <h1>Contributor</h1>
      <IndexerBehind />
      <Lookup initial={address ?? ""} />
      {address === undefined ? null : isAddress(address, { strict: false }) ? (
        <ContributorDetail address={address.toLowerCase()} />
      ) : (
        <Notice tone="error" title="Not an address" testId="bad-address">
          <p>“{address}” is not an address: expected 0x and 40 hex digits.</p>
        </Notice>
      )}
    </>
  );
}

function Lookup({ initial }: { initial: string }) {
  const id = useId();
  const [value, setValue] = useResettableState(initial, initial);
  const connection = useConnection();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    window.location.hash = routeHref({ name: "contributors", address: value.trim() });
  };
  return (
    <search>
      <form className="lookup" onSubmit={submit}>
        <label htmlFor={id}>Address</label>
        <input
          id={id}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder="0x…"
          spellCheck={false}
          autoComplete="off"
          inputMode="text"
        />
        <button type="submit">Show</button>
        {connection.address ? (
          <a href={routeHref({ name: "contributors", address: connection.address })}>Your account</a>
        ) : null}
      </form>
    </search>
  );
}

function ContributorDetail({ address }: { address: string }) {
  const contributor = useContributor(address);
  const epochs = useEpochs();
  const contributionIds = useMemo(() => contributor.data?.contributions.map((c) => c.id) ?? [], [contributor.data]);
  const history = useContributorHistory(address, epochs.data?.items ?? [], contributionIds);
  const checked = useCheckedCosts(epochs.data?.items);
  const tokenAddresses = useMemo(
    () => [
      ...new Set([...history.payouts.map((p) => p.token), ...(contributor.data?.claims.map((c) => c.token) ?? [])]),
    ],
    [history.payouts, contributor.data],
  );
  const { describe } = useTokens(tokenAddresses);

  if (contributor.isPending) return <SkeletonBlock lines={8} label="Loading the contributor" />;
  if (contributor.isError)
    return <QueryError error={contributor.error} retry={() => void contributor.refetch()} what="the contributor" />;
  const { summary, contributions, claims } = contributor.data;

  return (
    <div className="stack">
      <section aria-labelledby="summary-title" className="panel">
        <h2 id="summary-title">
          <Address value={address} link={false} />
        </h2>
        {summary === null ? (
          <p data-testid="no-contributions">No contribution has been attested for this address.</p>
        ) : (
          <dl className="figures">
            <Figure term="Contributions">
              {summary.activeContributionCount} active
              {summary.revokedContributionCount > 0 ? `, ${summary.revokedContributionCount} revoked` : ""}
              {summary.struckContributionCount > 0 ? `, ${summary.struckContributionCount} struck` : ""}
            </Figure>
            <Figure term="Assets">{summary.assetCount}</Figure>
            <Figure term="Total attested cost">{formatMicroUsd(summary.totalCostMicroUsd)}</Figure>
          </dl>
        )}
        <p>
          <a href={routeHref({ name: "verify", account: address })}>
            Verify this account's payouts against the on-chain root
          </a>
        </p>
      </section>

      <section aria-labelledby="contributions-title">
        <h2 id="contributions-title">Contributions</h2>
        {history.unavailable.length > 0 ? (
          <Notice tone="warning" title="Some epochs' payouts and scores could not be proven">
            <ul>
              {history.unavailable.map((u) => (
                <li key={u.epoch.toString()}>
                  Epoch {u.epoch.toString()}: {u.message}
                </li>
              ))}
            </ul>
          </Notice>
        ) : null}
        {contributions.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul className="card-list" data-testid="contributions">
            {contributions.map((c) => {
              const score = history.scores.get(c.id.toLowerCase());
              const cost = checked.costs.get(c.id.toLowerCase());
              return (
                <li key={c.id} className="card" data-testid="contribution" data-contribution={c.id.toLowerCase()}>
                  <p className="card-title">
                    <HashValue value={c.id} label="contribution id" /> to <AssetLink id={c.assetId} />{" "}
                    <ContributionStatusBadge contribution={c} />
                  </p>
                  <dl className="figures compact">
                    <Figure term="Cost" testId="cost">
                      <CostCell
                        attestedMicroUsd={c.costMicroUsd}
                        cost={cost}
                        isLoading={checked.isLoading}
                        unreadable={checked.unreadable}
                      />
                    </Figure>
                    <Figure term="Labor / tools / compute">
                      {cost === undefined ? formatCostSplit(c) : formatPaidSplit(cost)}
                    </Figure>
                    <Figure term="Coherence" testId="coherence">
                      {score ? (
                        formatBps(score.coherenceBps)
                      ) : history.isLoading ? (
                        <Skeleton width="4rem" />
                      ) : (
                        // Scores are read from this account's slices: those its payouts cite.
                        "not in a payout yet"
                      )}
                    </Figure>
                    <Figure term="Attested">{formatTimestamp(c.attestedAt)}</Figure>
                  </dl>
                  {cost === undefined ? null : <CostCheckNotes cost={cost} />}
                  {score ? (
                    <details>
                      <summary>Metric breakdown</summary>
                      <ScoreBreakdown score={score} />
                    </details>
                  ) : null}
                  {c.evidenceUri ? (
                    <p className="muted break">
                      Evidence: <ExternalLink href={c.evidenceUri}>{c.evidenceUri}</ExternalLink>
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="payouts-title">
        <h2 id="payouts-title">Payouts over epochs</h2>
        {history.isLoading && history.payouts.length === 0 ? (
          <SkeletonBlock lines={3} label="Loading payouts" />
        ) : history.payouts.length === 0 ? (
          <p data-testid="no-payouts">No payout in any finalised epoch.</p>
        ) : (
          <ScrollTable
            label="Payouts over epochs"
            testId="payouts"
            columns={["Epoch", "Token", "Allocated in the epoch", "Cumulative"]}
          >
            {history.payouts.map((p) => {
              const token = describe(p.token);
              return (
                <tr key={`${p.epoch}-${p.token}`}>
                  <td>
                    <a href={routeHref({ name: "epoch", id: p.epoch.toString() })}>{p.epoch.toString()}</a>
                  </td>
                  <td>{token.symbol}</td>
                  <td>
                    <TokenAmount value={p.amount} {...token} maxFractionDigits={6} />
                  </td>
                  <td>
                    <TokenAmount value={p.cumulative} {...token} maxFractionDigits={6} />
                  </td>
                </tr>
              );
            })}
          </ScrollTable>
        )}
      </section>

      <section aria-labelledby="claims-title">
        <h2 id="claims-title">Claims</h2>
        {claims.length === 0 ? (
          <p>No claim yet.</p>
        ) : (
          <ScrollTable label="Claims" columns={["When", "Amount", "Epoch", "Transaction"]}>
            {claims.map((c) => {
              const token = describe(c.token as `0x${string}`);
              return (
                <tr key={c.id}>
                  <td>{formatTimestamp(c.timestamp)}</td>
                  <td>
                    <TokenAmount value={c.amount} {...token} maxFractionDigits={6} />
                  </td>
                  <td>{c.epochNumber.toString()}</td>
                  <td>
                    <HashValue value={c.txHash} label="transaction hash" explorer="tx" />
                  </td>
                </tr>
              );
            })}
          </ScrollTable>
        )}
      </section>
    </div>
  );
}
