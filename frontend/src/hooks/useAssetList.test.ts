import { describe, expect, test } from "vitest";

import { ASSET_PAGE_QUERY, ASSET_REVENUE_QUERY } from "../lib/queries.ts";
import { standInIndexer } from "../test/standInIndexer.ts";
import { fetchAssetPage } from "./useAssetList.ts";

const A = "0x00000000000000000000000000000000000000AA";
const B = "0x00000000000000000000000000000000000000bb";
const asset = (id: string) => ({
  id,
  kind: "Code",
  uri: `https://demo/assets/${id}.json`,
  owner: `0x${id.padStart(40, "0")}`,
  registeredAt: id,
  parentIds: id === "5" ? ["3"] : [],
  verified: id === "7",
  resonance: id === "3" ? { descendants: 1, contributorCount: 2, diversityBps: 5000 } : null,
});

describe("fetchAssetPage", () => {
  test("a page's assets, then their revenue over the page's id range, every revenue page followed", async () => {
    const { asked, send } = standInIndexer([
      {
        assets: {
          totalCount: 2003,
          pageInfo: { hasNextPage: true, endCursor: "assets-2" },
          items: [asset("7"), asset("5"), asset("3")],
        },
      },
      {
        assetRevenues: {
          pageInfo: { hasNextPage: true, endCursor: "revenue-2" },
          items: [
            { assetId: "5", token: A, amount: "10" },
            { assetId: "5", token: B, amount: "20" },
          ],
        },
      },
      {
        assetRevenues: {
          pageInfo: { hasNextPage: false, endCursor: "revenue-3" },
          items: [{ assetId: "3", token: A, amount: "30000000000000000000000" }],
        },
      },
    ]);
    const page = await fetchAssetPage("assets-1", send);
    expect(asked).toEqual([
      { query: ASSET_PAGE_QUERY, variables: { after: "assets-1" } },
      { query: ASSET_REVENUE_QUERY, variables: { oldest: "3", newest: "7", after: undefined } },
      { query: ASSET_REVENUE_QUERY, variables: { oldest: "3", newest: "7", after: "revenue-2" } },
    ]);
    expect(page.totalCount).toBe(2003);
    expect(page.nextCursor).toBe("assets-2");
    expect(page.items.map((a) => [a.id, Object.fromEntries(a.revenue)])).toEqual([
      [7n, {}],
      [5n, { [A.toLowerCase()]: 10n, [B]: 20n }],
      [3n, { [A.toLowerCase()]: 30_000_000_000_000_000_000_000n }],
    ]);
    expect(page.items.map((a) => a.verified)).toEqual([true, false, false]);
    expect(page.items[1]).toMatchObject({ parentCount: 1, descendants: 0, contributorCount: 0, diversityBps: 0 });
    expect(page.items[2]).toMatchObject({ parentCount: 0, descendants: 1, contributorCount: 2, diversityBps: 5000 });
  });

  test("the last page has no next cursor; an empty list asks for no revenue", async () => {
    const { asked, send } = standInIndexer([
      { assets: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, items: [] } },
    ]);
    expect(await fetchAssetPage(undefined, send)).toEqual({ totalCount: 0, nextCursor: null, items: [] });
    expect(asked).toEqual([{ query: ASSET_PAGE_QUERY, variables: { after: undefined } }]);
  });
});
