import type { AssetKind } from "@coherence/protocol";
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";

import type { AttesterPolicy } from "../lib/attesterPolicy.ts";
import { graphql } from "../lib/indexer.ts";
import { big } from "../lib/indexerValues.ts";
import {
  type IndexerQuery,
  OWNED_ASSETS_QUERY,
  OWNED_ATTESTERS_QUERY,
  OWNED_CONTRIBUTORS_QUERY,
  OWNED_PARENTS_QUERY,
  OWNED_REVENUE_QUERY,
} from "../lib/queries.ts";
import { type AssetDetail, parseRevenue } from "./useAsset.ts";
import type { SendQuery } from "./useAssetList.ts";

export type OwnedAsset = {
  id: bigint;
  kind: AssetKind;
  uri: string;
  verified: boolean;
  upstreamShareBps: number;
  parents: { parent: bigint; weightBps: number }[];
  attesters: AttesterPolicy;
  /** Paid to it directly, per token, as the router split it. */
  revenue: AssetDetail["revenue"];
  /** Its contributors with attested (neither revoked nor struck) contributions, costliest first. */
  contributors: { contributor: Address; contributionCount: number; costMicroUsd: bigint }[];
  /** The sum of its contributors' attested cost. */
  totalCostMicroUsd: bigint;
};

type Row = Record<string, unknown>;
type Page = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; items: Row[] };

/** Every row of the one list `query` selects, page after page. */
async function allRows(
  send: SendQuery,
  query: IndexerQuery,
  variables: Record<string, unknown>,
  signal: AbortSignal | undefined,
): Promise<Row[]> {
  const rows: Row[] = [];
  let after: string | undefined;
  do {
    const data = await send<Record<string, Page>>(query, { ...variables, after }, signal);
    const page = Object.values(data)[0]!;
    rows.push(...page.items);
    after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? undefined) : undefined;
  } while (after !== undefined);
  return rows;
}

/** Rows of `rows` grouped by their asset id (decimal string) under `key`. */
function byAsset(rows: Row[], key: string): Map<string, Row[]> {
  const grouped = new Map<string, Row[]>();
  for (const row of rows) {
    const id = String(row[key]);
    grouped.set(id, [...(grouped.get(id) ?? []), row]);
  }
  return grouped;
}

/**
 * The assets `owner` owns, each with its parents, chosen attesters, revenue and contributors: the assets, then each
 * of those lists over all of their ids (top-level lists, as every page of the app asks the indexer).
 */
export async function fetchOwnedAssets(
  owner: Address,
  send: SendQuery = graphql,
  signal?: AbortSignal,
): Promise<OwnedAsset[]> {
  const assets = await allRows(send, OWNED_ASSETS_QUERY, { owner: owner.toLowerCase() }, signal);
  if (assets.length === 0) return [];
  const ids = { ids: assets.map((a) => String(a.id)) };
  const [revenue, contributors, attesters, parents] = await Promise.all(
    [
      [OWNED_REVENUE_QUERY, "assetId"],
      [OWNED_CONTRIBUTORS_QUERY, "assetId"],
      [OWNED_ATTESTERS_QUERY, "assetId"],
      [OWNED_PARENTS_QUERY, "childId"],
    ].map(async ([query, key]) => byAsset(await allRows(send, query as IndexerQuery, ids, signal), key!)),
  );
  return assets.map((a): OwnedAsset => {
    const id = String(a.id);
    const chosen = (attesters!.get(id) ?? []).map((r) => r.attester as Address);
    const people = (contributors!.get(id) ?? [])
      .map((c) => ({
        contributor: c.contributorId as Address,
        contributionCount: Number(c.contributionCount),
        costMicroUsd: big(c.costMicroUsd),
      }))
      .sort((x, y) => (y.costMicroUsd > x.costMicroUsd ? 1 : y.costMicroUsd < x.costMicroUsd ? -1 : 0));
    return {
      id: big(a.id),
      kind: a.kind as AssetKind,
      uri: String(a.uri),
      verified: a.verified === true,
      upstreamShareBps: Number(a.upstreamShareBps),
      parents: (parents!.get(id) ?? []).map((e) => ({ parent: big(e.parentId), weightBps: Number(e.weightBps) })),
      attesters: { restricted: a.attestersRestricted === true, chosen, chosenCount: chosen.length },
      revenue: (revenue!.get(id) ?? []).map(parseRevenue),
      contributors: people,
      totalCostMicroUsd: people.reduce((sum, c) => sum + c.costMicroUsd, 0n),
    };
  });
}

/** The connected account's assets, as the My assets page shows them. */
export function useOwnedAssets(owner: Address) {
  return useQuery({
    queryKey: ["ownedAssets", owner.toLowerCase()],
    staleTime: 15_000,
    queryFn: ({ signal }) => fetchOwnedAssets(owner, graphql, signal),
  });
}
