import { Address, HashValue } from "../components/Address.tsx";
import { LineageGraph } from "../components/LineageGraph.tsx";
import { Notice, QueryError } from "../components/Notice.tsx";
import { Skeleton, SkeletonBlock } from "../components/Skeleton.tsx";
import { TokenAmount } from "../components/TokenAmount.tsx";
import { useAsset } from "../hooks/useAsset.ts";
import { useLineage } from "../hooks/useLineage.ts";
import { useTokens } from "../hooks/useTokens.ts";
import { assetName } from "../lib/assetLabel.ts";
import { formatBps, formatMicroUsd, formatTimestamp } from "../lib/format.ts";
import { routeHref } from "../lib/route.ts";

/** One asset: its lineage as a graph, resonance, revenue and contributions. */
export default function AssetPage({ id }: { id: bigint }) {
  const asset = useAsset(id);
  const lineage = useLineage(id);
  const { describe } = useTokens(asset.data?.revenue.map((r) => r.token) ?? []);

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
  if (asset.isError) return <QueryError error={asset.error} retry={() => void asset.refetch()} what={`asset #${id}`} />;
  if (asset.data === null) {
    return (
      <Notice tone="info" title={`No asset #${id}`} testId="no-asset">
        <p>
          No asset with this id is registered (yet). <a href={routeHref({ name: "assets", query: "", sort: "revenue" })}>All assets</a>
        </p>
      </Notice>
    );
  }
  const a = asset.data;
  const parents = lineage.data?.edges.filter((e) => e.child === id) ?? [];
  const children = lineage.data?.edges.filter((e) => e.parent === id) ?? [];

  return (
    <div className="stack">
      <h1>
        Asset #{a.id.toString()} {assetName(a.uri)} <span className="badge">{a.kind}</span>
      </h1>
      <dl className="figures">
        <div>
          <dt>Owner</dt>
          <dd>
            <Address value={a.owner} />
          </dd>
        </div>
        <div>
          <dt>Content hash</dt>
          <dd>
            <HashValue value={a.contentHash} label="content hash" />
          </dd>
        </div>
        <div>
          <dt>Upstream share</dt>
          <dd>{formatBps(a.upstreamShareBps)} of contributor revenue flows to its parents</dd>
        </div>
        <div>
          <dt>Registered</dt>
          <dd>{formatTimestamp(a.registeredAt)}</dd>
        </div>
        {a.uri ? (
          <div>
            <dt>Metadata</dt>
            <dd className="break">
              <a href={a.uri} rel="noreferrer noopener" target="_blank">
                {a.uri}
              </a>
            </dd>
          </div>
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
                        <a href={routeHref({ name: "asset", id: e.parent })}>asset #{e.parent.toString()}</a> ({formatBps(e.weightBps)} of revenue flows to it)
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
                        <a href={routeHref({ name: "asset", id: e.child })}>asset #{e.child.toString()}</a> (sends {formatBps(e.weightBps)} of its revenue here)
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
            <div>
              <dt>Descendants</dt>
              <dd>
                {a.resonance.descendants} ({a.resonance.directChildren} direct)
              </dd>
            </div>
            <div>
              <dt>Contributors</dt>
              <dd>{a.resonance.contributorCount}</dd>
            </div>
            <div>
              <dt>Contributor diversity</dt>
              <dd>{formatBps(a.resonance.diversityBps)}</dd>
            </div>
            <div>
              <dt>Total contributed cost</dt>
              <dd>{formatMicroUsd(a.resonance.totalCostMicroUsd)}</dd>
            </div>
          </dl>
        )}
      </section>

      <section aria-labelledby="revenue-title">
        <h2 id="revenue-title">Revenue</h2>
        {a.revenue.length === 0 ? (
          <p>No revenue yet.</p>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Revenue per token">
            <table data-testid="revenue">
              <thead>
                <tr>
                  <th scope="col">Token</th>
                  <th scope="col">Paid</th>
                  <th scope="col">Fee</th>
                  <th scope="col">Reserve</th>
                  <th scope="col">Contributor pool</th>
                  <th scope="col">Payments</th>
                </tr>
              </thead>
              <tbody>
                {a.revenue.map((r) => {
                  const token = describe(r.token as `0x${string}`);
                  return (
                    <tr key={r.token}>
                      <th scope="row">{token.symbol}</th>
                      <td>
                        <TokenAmount value={r.amount} {...token} maxFractionDigits={6} />
                      </td>
                      <td>
                        <TokenAmount value={r.fee} {...token} maxFractionDigits={6} />
                      </td>
                      <td>
                        <TokenAmount value={r.reserve} {...token} maxFractionDigits={6} />
                      </td>
                      <td>
                        <TokenAmount value={r.pool} {...token} maxFractionDigits={6} />
                      </td>
                      <td>{r.paymentCount}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="contributions-title">
        <h2 id="contributions-title">Contributions ({a.contributionCount})</h2>
        {a.contributions.length === 0 ? (
          <p>No contribution attested yet.</p>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Contributions">
            <table data-testid="asset-contributions">
              <thead>
                <tr>
                  <th scope="col">Contributor</th>
                  <th scope="col">Cost</th>
                  <th scope="col">Labor / tools / compute</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attested</th>
                </tr>
              </thead>
              <tbody>
                {a.contributions.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Address value={c.contributor} />
                    </td>
                    <td>{formatMicroUsd(c.costMicroUsd)}</td>
                    <td>
                      {formatMicroUsd(c.laborMicroUsd)} / {formatMicroUsd(c.toolsMicroUsd)} / {formatMicroUsd(c.computeMicroUsd)}
                    </td>
                    <td>{c.status}</td>
                    <td>{formatTimestamp(c.attestedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
