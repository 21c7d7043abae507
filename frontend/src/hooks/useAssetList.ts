import type { AssetKind } from "@coherence/protocol";
import { useInfiniteQuery } from "@tanstack/react-query";

import { graphql } from "../lib/indexer.ts";
import { ASSET_PAGE_QUERY, ASSET_REVENUE_QUERY, type IndexerQuery } from "../lib/queries.ts";

/** An asset as the list shows it. */
export type AssetListItem = {
  id: bigint;
  kind: AssetKind;
  uri: string;
  owner: string;
  registeredAt: bigint;
  /** Whether a verifier confirmed its owner is the author (otherwise its registration is first-come). */
  verified: boolean;
  parentCount: number;
  descendants: number;
  contributorCount: number;
  diversityBps: number;
  /** Lifetime revenue per token (lower-case address). */
  revenue: Map<string, bigint>;
};

/** One page of the list: its assets with their revenue, and the cursor of the next page (null after the last). */
export type AssetListPage = { totalCount: number; items: AssetListItem[]; nextCursor: string | null };

type PageInfo = { hasNextPage: boolean; endCursor: string | null };

type AssetRow = {
  id: string;
  kind: AssetKind;
  uri: string;
  owner: string;
  registeredAt: string;
  parentIds: string[];
  verified: boolean;
  resonance: { descendants: number; contributorCount: number; diversityBps: number } | null;
};

type RevenueRow = { assetId: string; token: string; amount: string };

/** How a page is fetched: `graphql()`, or a stand-in in tests. */
export type SendQuery = <T>(
  query: IndexerQuery,
  variables: Record<string, unknown>,
  signal?: AbortSignal,
) => Promise<T>;

const next = (page: PageInfo) => (page.hasNextPage ? page.endCursor : null);

/**
 * The page of the asset list after `after` (the first page without it): one request for the assets, then their
 * revenue per token as a top-level list over the page's id range, as many requests as it has rows.
 */
export async function fetchAssetPage(
  after: string | undefined,
  send: SendQuery = graphql,
  signal?: AbortSignal,
): Promise<AssetListPage> {
  const { assets } = await send<{ assets: { totalCount: number; pageInfo: PageInfo; items: AssetRow[] } }>(
    ASSET_PAGE_QUERY,
    { after },
    signal,
  );
  const revenue = new Map<string, Map<string, bigint>>(assets.items.map((r) => [r.id, new Map()]));
  if (assets.items.length > 0) {
    // The page is ordered by id, newest first.
    const range = { oldest: assets.items.at(-1)!.id, newest: assets.items[0]!.id };
    let cursor: string | null = null;
    do {
      const { assetRevenues }: { assetRevenues: { pageInfo: PageInfo; items: RevenueRow[] } } = await send(
        ASSET_REVENUE_QUERY,
        { ...range, after: cursor ?? undefined },
        signal,
      );
      for (const v of assetRevenues.items) revenue.get(v.assetId)?.set(v.token.toLowerCase(), BigInt(v.amount));
      cursor = next(assetRevenues.pageInfo);
    } while (cursor !== null);
  }
  return {
    totalCount: assets.totalCount,
    nextCursor: next(assets.pageInfo),
    items: assets.items.map(
      (r): AssetListItem => ({
        id: BigInt(r.id),
        kind: r.kind,
        uri: r.uri,
        owner: r.owner,
        registeredAt: BigInt(r.registeredAt),
        verified: r.verified,
        parentCount: r.parentIds.length,
        descendants: r.resonance?.descendants ?? 0,
        contributorCount: r.resonance?.contributorCount ?? 0,
        diversityBps: r.resonance?.diversityBps ?? 0,
        revenue: revenue.get(r.id)!,
      }),
    ),
  };
}

/**
 * The asset list, newest first, a page (`ASSET_PAGE_SIZE` assets) at a time: `fetchNextPage()` loads the
 * next older page. The page searches and sorts the assets loaded so far.
 */
export function useAssetList() {
  return useInfiniteQuery({
    queryKey: ["assetList"],
    staleTime: 30_000,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => fetchAssetPage(pageParam, graphql, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
