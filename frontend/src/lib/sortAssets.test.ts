import { describe, expect, test } from "vitest";

import type { AssetListItem } from "../hooks/useAssetList.ts";
import { searchAssets, sortAssets } from "./sortAssets.ts";

const USD = "0x00000000000000000000000000000000000000aa";
const asset = (id: number, name: string, revenue: bigint, descendants: number, contributors = 1): AssetListItem => ({
  id: BigInt(id),
  kind: id === 2 ? "Model" : id === 3 ? "Docs" : "Code",
  uri: `https://demo/assets/${name}.json`,
  owner: `0x${id.toString().padStart(40, "0")}`,
  registeredAt: BigInt(id),
  verified: false,
  parentCount: 0,
  descendants,
  contributorCount: contributors,
  diversityBps: 0,
  revenue: new Map([[USD, revenue]]),
});
const items = [
  asset(1, "core-library", 200n, 3),
  asset(2, "ranking-model", 0n, 1, 2),
  asset(3, "handbook", 0n, 1),
  asset(4, "mobile-app", 1000n, 0),
];

describe("asset search and sort", () => {
  test("sorts by revenue, resonance or newest", () => {
    const ids = (sort: "revenue" | "resonance" | "newest") => sortAssets(items, sort, USD).map((a) => Number(a.id));
    expect(ids("revenue")).toEqual([4, 1, 3, 2]);
    expect(ids("resonance")).toEqual([1, 2, 3, 4]);
    expect(ids("newest")).toEqual([4, 3, 2, 1]);
  });

  test("finds by #id, name, kind or owner prefix", () => {
    expect(searchAssets(items, "#4").map((a) => a.id)).toEqual([4n]);
    expect(searchAssets(items, "model").map((a) => a.id)).toEqual([2n]);
    expect(searchAssets(items, "code").map((a) => a.id)).toEqual([1n, 4n]);
    expect(searchAssets(items, "  ").length).toBe(4);
  });
});
