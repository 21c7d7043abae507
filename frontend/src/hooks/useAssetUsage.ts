import { useQuery } from "@tanstack/react-query";

import { type AssetUsage, type AssetUsageRow, parseAssetUsage } from "../lib/assetUsage.ts";
import { graphql } from "../lib/indexer.ts";
import { ASSET_USAGE_QUERY } from "../lib/queries.ts";
import type { SendQuery } from "./useAssetList.ts";

/** An asset's use through the MeteringEscrow, in one request, for an asset owned by `owner`. */
export async function fetchAssetUsage(
  id: bigint,
  owner: string,
  send: SendQuery = graphql,
  signal?: AbortSignal,
): Promise<AssetUsage> {
  return parseAssetUsage(await send<AssetUsageRow>(ASSET_USAGE_QUERY, { id: id.toString() }, signal), owner);
}

/** An asset's usage: units, revenue from use per token, terms and runners; waits for the asset's owner. */
export function useAssetUsage(id: bigint, owner: string | undefined) {
  return useQuery({
    queryKey: ["assetUsage", id.toString(), owner],
    enabled: owner !== undefined,
    staleTime: 30_000,
    queryFn: ({ signal }) => fetchAssetUsage(id, owner ?? "", graphql, signal),
  });
}
