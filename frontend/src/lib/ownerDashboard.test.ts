import type { AssetFlow, Manifest, ManifestLeaf } from "@coherence/protocol";
import { describe, expect, test } from "vitest";

import type { GovernanceCall, GovernanceOperation } from "./governance.ts";
import { changesToEveryAsset, changesTouching, contributorPayouts, lineageTotals } from "./ownerDashboard.ts";

const USD = "0x00000000000000000000000000000000000000aa" as const;
const ETH = "0x00000000000000000000000000000000000000bb" as const;
const ADA = "0x00000000000000000000000000000000000000a1";
const BOB = "0x00000000000000000000000000000000000000b1";

/** Asset 2 built from asset 1 (20%), asset 3 from asset 2 (50%). */
const flow = (assetId: bigint, token: `0x${string}`, parts: Partial<AssetFlow>): AssetFlow => ({
  assetId,
  token,
  ownRevenue: 0n,
  fromChildren: [],
  inflow: 0n,
  route: "split",
  toContributors: 0n,
  toParents: [],
  toTreasury: 0n,
  totalWeight: 1n,
  ...parts,
});

/** Only the parts of a manifest these functions read. */
const manifest = (lineageFlows: AssetFlow[], leaves: ManifestLeaf[] = []) =>
  ({ lineageFlows, leaves }) as unknown as Manifest;

const leaf = (account: string, token: string, sources: { assetId: bigint; amount: bigint }[]): ManifestLeaf =>
  ({
    account,
    token,
    sources: sources.map((s) => ({
      ...s,
      kind: "contributors",
      contributions: [],
      pool: 0n,
      totalWeight: 1n,
      weight: 1n,
    })),
  }) as unknown as ManifestLeaf;

describe("an owner's assets over the epochs", () => {
  test("lineage totals add each epoch's own revenue, what came from children and what went to parents, per token", () => {
    const epochs = [
      manifest([
        flow(2n, USD, {
          ownRevenue: 100n,
          fromChildren: [{ assetId: 3n, amount: 30n }],
          toParents: [{ assetId: 1n, amount: 26n, weightBps: 2000 }],
          toContributors: 104n,
        }),
        flow(3n, USD, {
          ownRevenue: 60n,
          toParents: [{ assetId: 2n, amount: 30n, weightBps: 5000 }],
          toContributors: 30n,
        }),
      ]),
      manifest([
        flow(2n, USD, { ownRevenue: 7n, toContributors: 7n }),
        flow(2n, ETH, { ownRevenue: 5n, toTreasury: 5n, route: "treasury" }),
      ]),
    ];
    const totals = lineageTotals(epochs, new Set(["2"]));
    expect([...totals.keys()]).toEqual(["2"]);
    expect(totals.get("2")?.get(USD)).toEqual({
      ownRevenue: 107n,
      fromChildren: 30n,
      toParents: 26n,
      toContributors: 111n,
      toTreasury: 0n,
    });
    expect(totals.get("2")?.get(ETH)).toEqual({
      ownRevenue: 5n,
      fromChildren: 0n,
      toParents: 0n,
      toContributors: 0n,
      toTreasury: 5n,
    });
  });

  test("contributor payouts add each leaf's source from the asset, per contributor and token, over the epochs", () => {
    const epochs = [
      manifest(
        [],
        [
          leaf(ADA, USD, [
            { assetId: 2n, amount: 40n },
            { assetId: 5n, amount: 9n },
          ]),
          leaf(BOB, USD, [{ assetId: 2n, amount: 64n }]),
        ],
      ),
      manifest([], [leaf(ADA, USD, [{ assetId: 2n, amount: 2n }])]),
    ];
    const paid = contributorPayouts(epochs, new Set(["2"]));
    expect(paid.get("2")?.get(ADA)?.get(USD)).toBe(42n);
    expect(paid.get("2")?.get(BOB)?.get(USD)).toBe(64n);
    expect(paid.has("5")).toBe(false);
  });

  const call = (targetName: string | null, name: string, value: string, functionName = "f"): GovernanceCall => ({
    operationId: "0x01",
    index: 0,
    target: "0x0000000000000000000000000000000000000001",
    targetName,
    value: 0n,
    data: "0x",
    functionName,
    signature: `${functionName}()`,
    args: [{ name, type: "uint256", value }],
  });
  const operation = (id: string, calls: GovernanceCall[]) => ({ id, calls }) as unknown as GovernanceOperation;

  test("a governance change touches an asset when a call to the registry names its id, not when another contract's does", () => {
    const operations = [
      operation("0xa", [call("AssetRegistry", "assetId", "2")]),
      operation("0xb", [call("AssetRegistry", "assetId", "12")]),
      operation("0xc", [call("PayoutDistributor", "assetId", "2")]),
      operation("0xd", [call("AssetRegistry", "delay", "2")]),
      operation("0xe", [call("CoherenceTimelock", "x", "0"), call("AssetRegistry", "tokenId", "2")]),
    ];
    expect(changesTouching(operations, 2n).map((o) => o.id)).toEqual(["0xa", "0xe"]);
  });

  test("the router's split and recipients and the token allowlist change what every asset is paid; other calls do not", () => {
    const operations = [
      operation("0xa", [call("RevenueRouter", "feeBps_", "300", "setSplit")]),
      operation("0xb", [call("RevenueRouter", "reserve_", "1", "setReserve")]),
      operation("0xc", [call("PayoutDistributor", "token", "1", "setTokenAllowed")]),
      operation("0xd", [call("PayoutDistributor", "threshold", "2", "setThreshold")]),
      operation("0xe", [call("AssetRegistry", "assetId", "2", "setURI")]),
      operation("0xf", [call(null, "x", "1", "setTokenAllowed")]),
    ];
    expect(changesToEveryAsset(operations).map((o) => o.id)).toEqual(["0xa", "0xb", "0xc"]);
  });
});
