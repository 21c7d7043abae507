import { useId, useMemo, useState } from "react";

import { Address } from "../components/Address.tsx";
import { AuthorshipBadge } from "../components/Authorship.tsx";
import { Figure } from "../components/Figure.tsx";
import { QueryError } from "../components/Notice.tsx";
import { SkeletonBlock } from "../components/Skeleton.tsx";
import { TokenAmount } from "../components/TokenAmount.tsx";
import { deployment } from "../config/deployment.ts";
import { useAssetList } from "../hooks/useAssetList.ts";
import { replaceRoute } from "../hooks/useRoute.ts";
import { useTokens } from "../hooks/useTokens.ts";
import { assetName } from "../lib/assetLabel.ts";
import { formatBps, formatTimestamp } from "../lib/format.ts";
import { ASSET_PAGE_SIZE } from "../lib/queries.ts";
import { type AssetSort, routeHref } from "../lib/route.ts";
import { searchAssets, sortAssets } from "../lib/sortAssets.ts";

const SORT_LABELS: Record<AssetSort, string> = { revenue: "Revenue", resonance: "Resonance", newest: "Newest" };

/**
 * The asset list with search and sort, held in the URL (so a view can be shared, and a link to another search shows
 * it). The newest assets come a page at a time and search and sort cover the pages loaded; "Load … older assets"
 * loads the next page.
 */
export default function AssetsPage({ query, sort }: { query: string; sort: AssetSort }) {
  const searchId = useId();
  const sortId = useId();
  const tokenId = useId();
  const assets = useAssetList();
  const loaded = useMemo(() => assets.data?.pages.flatMap((p) => p.items) ?? [], [assets.data]);
  // The latest page's count: the list grows while it is paged.
  const totalCount = assets.data?.pages.at(-1)?.totalCount ?? 0;
  const tokenAddresses = useMemo(() => {
    const all = new Set<string>((deployment?.tokens ?? []).map((t) => t.address.toLowerCase()));
    for (const a of loaded) for (const t of a.revenue.keys()) all.add(t);
    return [...all];
  }, [loaded]);
  const { describe } = useTokens(tokenAddresses);
  const [token, setToken] = useState<string | undefined>(undefined);
  const revenueToken = token ?? tokenAddresses[0];

  const show = (q: string, s: AssetSort) => replaceRoute({ name: "assets", query: q, sort: s });
  const shown = useMemo(
    () => sortAssets(searchAssets(loaded, query), sort, revenueToken),
    [loaded, query, sort, revenueToken],
  );

  return (
    <>
      <h1>Assets</h1>
      <search>
        <form className="toolbar" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor={searchId}>Search</label>
            <input
              id={searchId}
              type="search"
              value={query}
              placeholder="Name, #id, kind or owner"
              onChange={(e) => show(e.target.value, sort)}
            />
          </div>
          <div className="field">
            <label htmlFor={sortId}>Sort by</label>
            <select id={sortId} value={sort} onChange={(e) => show(query, e.target.value as AssetSort)}>
              {(Object.keys(SORT_LABELS) as AssetSort[]).map((s) => (
                <option key={s} value={s}>
                  {SORT_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          {sort === "revenue" && tokenAddresses.length > 1 ? (
            <div className="field">
              <label htmlFor={tokenId}>Revenue in</label>
              <select id={tokenId} value={revenueToken} onChange={(e) => setToken(e.target.value)}>
                {tokenAddresses.map((t) => (
                  <option key={t} value={t}>
                    {describe(t as `0x${string}`).symbol}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </form>
      </search>

      {assets.isPending ? (
        <SkeletonBlock lines={8} label="Loading assets" />
      ) : assets.isLoadingError || (assets.isRefetchError && !assets.isFetchNextPageError) ? (
        <QueryError error={assets.error} retry={() => void assets.refetch()} what="assets" />
      ) : (
        <>
          <p className="muted" aria-live="polite" data-testid="asset-count">
            {shown.length} of {totalCount} assets
            {assets.hasNextPage ? ` (the newest ${loaded.length} are loaded and searched)` : ""}
          </p>
          <ul className="card-grid" data-testid="asset-list">
            {shown.map((a) => (
              <li key={a.id.toString()} className="card" data-testid="asset-card">
                <p className="card-title">
                  <a href={routeHref({ name: "asset", id: a.id })}>
                    #{a.id.toString()} {assetName(a.uri) || "(unnamed)"}
                  </a>{" "}
                  <span className="badge">{a.kind}</span>
                  {a.verified ? <AuthorshipBadge verified /> : null}
                </p>
                <dl className="figures compact">
                  <Figure term="Revenue">
                    {a.revenue.size === 0
                      ? "none yet"
                      : [...a.revenue].map(([t, v]) => (
                          <span key={t} className="line">
                            <TokenAmount value={v} {...describe(t as `0x${string}`)} maxFractionDigits={4} />
                          </span>
                        ))}
                  </Figure>
                  <Figure term="Resonance">
                    {a.descendants} descendants · {a.contributorCount} contributors · diversity{" "}
                    {formatBps(a.diversityBps)}
                  </Figure>
                  <Figure term="Owner">
                    <Address value={a.owner} />
                  </Figure>
                  <Figure term="Registered">{formatTimestamp(a.registeredAt)}</Figure>
                </dl>
              </li>
            ))}
          </ul>
          {assets.isFetchNextPageError ? (
            <QueryError error={assets.error} retry={() => void assets.fetchNextPage()} what="more assets" />
          ) : assets.hasNextPage ? (
            <p>
              <button
                type="button"
                data-testid="asset-load-more"
                disabled={assets.isFetchingNextPage}
                onClick={() => void assets.fetchNextPage()}
              >
                {assets.isFetchingNextPage
                  ? "Loading…"
                  : totalCount > loaded.length
                    ? `Load ${Math.min(ASSET_PAGE_SIZE, totalCount - loaded.length)} older assets`
                    : "Load older assets"}
              </button>
            </p>
          ) : null}
        </>
      )}
    </>
  );
}
