import type { AssetKind } from "@coherence/protocol";
import { useQuery } from "@tanstack/react-query";

import { graphql } from "../lib/indexer.ts";

/** An asset as the list shows it. */
export type AssetListItem = {
  id: bigint;
  kind: AssetKind;
  uri: string;
  owner: string;
  registeredAt: bigint;
  parentCount: number;
  descendants: number;
  contributorCount: number;
  diversityBps: number;
  /** Lifetime revenue per token (lower-case address). */
  revenue: Map<string, bigint>;
};

/** The most the list loads at once (Ponder's page limit). */
export const ASSET_LIST_LIMIT = 1000;

const QUERY = `query AssetList($limit: Int!) {
  assets(limit: $limit, orderBy: "id", orderDirection: "desc") {
    totalCount
    items {
      id kind uri owner registeredAt parentIds
      resonance { descendants contributorCount diversityBps }
      revenue { items { token amount } }
    }
  }
}`;

type Row = {
  id: string;
  kind: AssetKind;
  uri: string;
  owner: string;
  registeredAt: string;
  parentIds: string[];
  resonance: { descendants: number; contributorCount: number; diversityBps: number } | null;
  revenue: { items: { token: string; amount: string }[] };
};

/** Every asset (up to {@link ASSET_LIST_LIMIT}, newest first) with its resonance and revenue, for search and sort in the page. */
export function useAssetList() {
  return useQuery({
    queryKey: ["assetList"],
    staleTime: 30_000,
    queryFn: async ({ signal }) => {
      const data = await graphql<{ assets: { totalCount: number; items: Row[] } }>(
        QUERY,
        { limit: ASSET_LIST_LIMIT },
        signal,
      );
      return {
        totalCount: data.assets.totalCount,
        items: data.assets.items.map(
          (r): AssetListItem => ({
            id: BigInt(r.id),
            kind: r.kind,
            uri: r.uri,
            owner: r.owner,
            registeredAt: BigInt(r.registeredAt),
            parentCount: r.parentIds.length,
            descendants: r.resonance?.descendants ?? 0,
            contributorCount: r.resonance?.contributorCount ?? 0,
            diversityBps: r.resonance?.diversityBps ?? 0,
            revenue: new Map(r.revenue.items.map((v) => [v.token.toLowerCase(), BigInt(v.amount)])),
          }),
        ),
      };
    },
  });
}
