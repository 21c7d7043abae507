/** Search and sort of the asset list, done in the page (see useAssetList). */
import type { AssetListItem } from "../hooks/useAssetList.ts";
import { assetName } from "./assetLabel.ts";
import type { AssetSort } from "./route.ts";

/** Assets matching `query`: an id ("4" or "#4"), or a substring of the name, URI, kind or owner. */
export function searchAssets(items: readonly AssetListItem[], query: string): AssetListItem[] {
  const q = query.trim().toLowerCase();
  if (q === "") return [...items];
  const id = /^#?\d+$/.test(q) ? BigInt(q.replace("#", "")) : undefined;
  return items.filter(
    (a) =>
      a.id === id ||
      assetName(a.uri).toLowerCase().includes(q) ||
      a.uri.toLowerCase().includes(q) ||
      a.kind.toLowerCase().includes(q) ||
      a.owner.toLowerCase().startsWith(q),
  );
}

const cmp = (a: bigint | number, b: bigint | number) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Sorts assets: by revenue in `token` (largest first), by resonance (descendants, then contributors, then
 * diversity), or newest first; ties by id, newest first.
 */
export function sortAssets(
  items: readonly AssetListItem[],
  sort: AssetSort,
  token: string | undefined,
): AssetListItem[] {
  const key = token?.toLowerCase();
  return [...items].sort((a, b) => {
    let order = 0;
    if (sort === "revenue") order = cmp(b.revenue.get(key ?? "") ?? 0n, a.revenue.get(key ?? "") ?? 0n);
    else if (sort === "resonance")
      order =
        cmp(b.descendants, a.descendants) ||
        cmp(b.contributorCount, a.contributorCount) ||
        cmp(b.diversityBps, a.diversityBps);
    return order || cmp(b.id, a.id);
  });
}
