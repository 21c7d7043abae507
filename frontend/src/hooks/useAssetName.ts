import { useQuery } from "@tanstack/react-query";

import { assetName } from "../lib/assetLabel.ts";
import { batchLoader } from "../lib/batchLoader.ts";
import { graphql } from "../lib/indexer.ts";
import { ASSET_NODES_QUERY } from "../lib/queries.ts";

/** Every asset link rendered in one tick is named by one indexer request. */
const assetUris = batchLoader(async (ids) => {
  const { assets } = await graphql<{ assets: { items: { id: string; uri: string }[] } }>(ASSET_NODES_QUERY, {
    ids,
  });
  return new Map(assets.items.map((a) => [a.id, a.uri]));
});

/** The readable name of asset `id` from its metadata URI, or undefined while unknown or when it has none. */
export function useAssetName(id: bigint): string | undefined {
  const { data } = useQuery({
    queryKey: ["assetUri", id.toString()],
    queryFn: async () => (await assetUris.load(id.toString())) ?? "",
    // An owner can change the URI; names need not follow within the minute.
    staleTime: 300_000,
  });
  return data === undefined ? undefined : assetName(data) || undefined;
}
