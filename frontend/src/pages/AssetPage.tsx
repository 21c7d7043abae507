import { Address, AddressLines, HashValue } from "../components/Address.tsx";
import { AssetLink } from "../components/AssetLink.tsx";
import { AssetUsageSection } from "../components/AssetUsage.tsx";
import { AuthorshipBadge, AuthorshipDetail } from "../components/Authorship.tsx";
import { ContributionStatusBadge } from "../components/ContributionStatusBadge.tsx";
import { CostCell } from "../components/CostCheck.tsx";
import { ExternalLink } from "../components/ExternalLink.tsx";
import { Figure } from "../components/Figure.tsx";
import { LineageGraph } from "../components/LineageGraph.tsx";
import { Notice, QueryError } from "../components/Notice.tsx";
import { ScrollTable } from "../components/ScrollTable.tsx";
import { Skeleton, SkeletonBlock } from "../components/Skeleton.tsx";
import { TokenAmount } from "../components/TokenAmount.tsx";
import { useAsset } from "../hooks/useAsset.ts";
import { useCheckedCosts } from "../hooks/useCheckedCosts.ts";
import { useEpochs } from "../hooks/useEpochs.ts";
import { useLineage } from "../hooks/useLineage.ts";
import { useTokens } from "../hooks/useTokens.ts";
import { assetName } from "../lib/assetLabel.ts";
import { attesterPolicyWords } from "../lib/attesterPolicy.ts";
import { formatPaidSplit } from "../lib/checkedCosts.ts";
import { formatCostSplit } from "../lib/contributionCost.ts";
import { formatBps, formatMicroUsd, formatTimestamp } from "../lib/format.ts";
import { routeHref } from "../lib/route.ts";

/** The parts of an asset's revenue per token, in the order of the revenue table's columns after "Token". */
const REVENUE_SPLIT = ["amount", "fee", "reserve", "pool"] as const;

/**
 * One asset: its authorship and attesters, its lineage as a graph, resonance, revenue, revenue from use (metered runs)
 * and contributions.
 */
export default function AssetPage({ id }: { id: bigint }) {
  const asset = useAsset(id);
  const lineage = useLineage(id);
  const { describe } = useTokens(asset.data?.revenue.map((r) => r.token) ?? []);
  const epochs = useEpochs();
  const checked = useCheckedCosts(epochs.data?.items);

  if (asset.isPending) {
    return (
      <>
        <h1>
          Asset #{id.toString()} <Skeleton width="10rem" />
        </h1>
        <SkeletonBlock lines={10} label="Loading the asset" />
      </>
    );
  }
  if (asset.isError) {
    return (
      <>
        <h1>Asset #{id.toString()}</h1>
        <QueryError error={asset.error} retry={() => void asset.refetch()} what={`asset #${id}`} />
      </>
    );
  }
  if (asset.data === null) {
    return (
      <>
        <h1>Asset #{id.toString()}</h1>
        <Notice tone="info" title={`No asset #${id}`} testId="no-asset">
          <p>
            No asset with this id is registered (yet).{" "}
            <a href={routeHref({ name: "assets", query: "", sort: "revenue" })}>All assets</a>
          </p>
        </Notice>
      </>
    );
  }
  const a = asset.data;
  const parents = lineage.data?.edges.filter((e) => e.child === id) ?? [];
  const children = lineage.data?.edges.filter((e) => e.parent === id) ?? [];

  return (
    <div className="stack">
      <h1>
        Asset #{a.id.toString()} {assetName(a.uri)} <span className="badge">{a.kind}</span>
        <AuthorshipBadge verified={a.authorship.verified} />
      </h1>
      <p>
        <a href={routeHref({ name: "pay", asset: a.id })} data-testid="pay-this-asset">
          Pay this asset
        </a>
      </p>
      <dl className="figures">
        <Figure term="Owner">
          <Address value={a.owner} />
        </Figure>
        <Figure term="Authorship" className="break">
          <AuthorshipDetail authorship={a.authorship} />
        </Figure>
        <Figure term="Attesters" testId="attesters">
          <span className="line">{attesterPolicyWords(a.attesters)}</span>
          {a.attesters.restricted ? <AddressLines values={a.attesters.chosen} none="" /> : null}
          {a.attesters.chosen.length < a.attesters.chosenCount ? (
            <span className="line muted">(the first {a.attesters.chosen.length} shown)</span>
          ) : null}
        </Figure>
        <Figure term="Content hash">
          <HashValue value={a.contentHash} label="content hash" />
        </Figure>
        <Figure term="Upstream share">
          {formatBps(a.upstreamShareBps)} of contributor revenue flows to its parents
        </Figure>
        <Figure term="Registered">{formatTimestamp(a.registeredAt)}</Figure>
        {a.uri ? (
          <Figure term="Metadata" className="break">
            <ExternalLink href={a.uri}>{a.uri}</ExternalLink>
          </Figure>
        ) : null}
      </dl>

      <section aria-labelledby="lineage-title">
        <h2 id="lineage-title">Lineage</h2>
        {lineage.isPending ? (
          <Skeleton height="14rem" />
        ) : lineage.isError ? (
          <QueryError error={lineage.error} retry={() => void lineage.refetch()} what="the lineage" />
        ) : (
          <>
            <LineageGraph lineage={lineage.data} current={id} />
            <div className="two-columns">
              <div>
                <h3>Built from</h3>
                {parents.length === 0 ? (
                  <p>Nothing: an original work.</p>
                ) : (
                  <ul data-testid="parents">
                    {parents.map((e) => (
                      <li key={e.parent.toString()}>
                        <AssetLink id={e.parent} /> ({formatBps(e.weightBps)} of revenue flows to it)
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              <div>
                <h3>Built on it</h3>
                {children.length === 0 ? (
                  <p>Nothing yet.</p>
                ) : (
                  <ul data-testid="children">
                    {children.map((e) => (
                      <li key={e.child.toString()}>
                        <AssetLink id={e.child} /> (sends {formatBps(e.weightBps)} of its revenue here)
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="resonance-title">
        <h2 id="resonance-title">Resonance</h2>
        {a.resonance === null ? (
          <p>No resonance yet.</p>
        ) : (
          <dl className="figures" data-testid="resonance">
            <Figure term="Descendants">
              {a.resonance.descendants} ({a.resonance.directChildren} direct)
            </Figure>
            <Figure term="Contributors">{a.resonance.contributorCount}</Figure>
            <Figure term="Contributor diversity">{formatBps(a.resonance.diversityBps)}</Figure>
            <Figure term="Total attested cost">{formatMicroUsd(a.resonance.totalCostMicroUsd)}</Figure>
          </dl>
        )}
      </section>

      <section aria-labelledby="revenue-title">
        <h2 id="revenue-title">Revenue</h2>
        {a.revenue.length === 0 ? (
          <p>No revenue yet.</p>
        ) : (
          <ScrollTable
            label="Revenue per token"
            testId="revenue"
            columns={["Token", "Paid", "Fee", "Reserve", "Contributor pool", "Payments"]}
          >
            {a.revenue.map((r) => {
              const token = describe(r.token as `0x${string}`);
              return (
                <tr key={r.token}>
                  <th scope="row">{token.symbol}</th>
                  {REVENUE_SPLIT.map((part) => (
                    <td key={part}>
                      <TokenAmount value={r[part]} {...token} maxFractionDigits={6} />
                    </td>
                  ))}
                  <td>{r.paymentCount}</td>
                </tr>
              );
            })}
          </ScrollTable>
        )}
      </section>

      <AssetUsageSection id={a.id} owner={a.owner} />

      <section aria-labelledby="contributions-title">
        <h2 id="contributions-title">Contributions ({a.contributionCount})</h2>
        {a.contributions.length === 0 ? (
          <p>No contribution attested yet.</p>
        ) : (
          <ScrollTable
            label="Contributions"
            testId="asset-contributions"
            columns={["Contributor", "Attester", "Cost", "Labor / tools / compute", "Status", "Attested"]}
          >
            {a.contributions.map((c) => {
              const cost = checked.costs.get(c.id.toLowerCase());
              return (
                <tr key={c.id}>
                  <td>
                    <Address value={c.contributor} />
                  </td>
                  <td>
                    <Address value={c.attester} link={false} />
                  </td>
                  <td>
                    <CostCell
                      attestedMicroUsd={c.costMicroUsd}
                      cost={cost}
                      isLoading={checked.isLoading}
                      unreadable={checked.unreadable}
                    />
                  </td>
                  <td>{cost === undefined ? formatCostSplit(c) : formatPaidSplit(cost)}</td>
                  <td>
                    <ContributionStatusBadge contribution={c} />
                  </td>
                  <td>{formatTimestamp(c.attestedAt)}</td>
                </tr>
              );
            })}
          </ScrollTable>
        )}
      </section>
    </div>
  );
}
