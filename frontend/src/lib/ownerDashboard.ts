/**
 * What an owner's assets earned and passed on, from the epochs that paid it: each finalised epoch's manifest
 * (verified against its on-chain hash) records how every asset's pool revenue flowed (`lineageFlows`: what came up
 * from descendants, what went to parents) and whom its contributors' leaves paid from it. Summed over the epochs,
 * per asset and token, exactly. A revoked epoch is not among them: the next one covers its blocks again.
 */
import type { Manifest } from "@coherence/protocol";

import type { GovernanceOperation } from "./governance.ts";

/** One asset's flows in one token over the epochs, in base units. */
export type AssetFlowTotals = {
  /** Contributor-pool revenue paid to the asset itself in the epochs. */
  ownRevenue: bigint;
  /** What its descendants passed up to it through the lineage. */
  fromChildren: bigint;
  /** What it passed up to its parents. */
  toParents: bigint;
  /** What its contributors were allocated from it. */
  toContributors: bigint;
  /** What went to the treasury (no weighted contribution and no parents). */
  toTreasury: bigint;
};

/** An asset and token no epoch flowed anything through. */
export const NO_FLOWS: AssetFlowTotals = {
  ownRevenue: 0n,
  fromChildren: 0n,
  toParents: 0n,
  toContributors: 0n,
  toTreasury: 0n,
};
const sum = (items: readonly { amount: bigint }[]) => items.reduce((total, x) => total + x.amount, 0n);

/** `map.get(key)`, set to `make()` first when absent. */
function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  const value = map.get(key);
  if (value !== undefined) return value;
  const made = make();
  map.set(key, made);
  return made;
}

/**
 * Per asset id (decimal string) and token (lower case), the flows of the assets `ids` in `manifests`.
 *
 * @example
 * lineageTotals(manifests, new Set(["3"])).get("3")?.get(usd)?.fromChildren
 */
export function lineageTotals(
  manifests: readonly Manifest[],
  ids: ReadonlySet<string>,
): Map<string, Map<string, AssetFlowTotals>> {
  const totals = new Map<string, Map<string, AssetFlowTotals>>();
  for (const manifest of manifests) {
    for (const flow of manifest.lineageFlows) {
      const id = flow.assetId.toString();
      if (!ids.has(id)) continue;
      const byToken = entry(totals, id, () => new Map<string, AssetFlowTotals>());
      const t = entry(byToken, flow.token.toLowerCase(), () => ({ ...NO_FLOWS }));
      t.ownRevenue += flow.ownRevenue;
      t.fromChildren += sum(flow.fromChildren);
      t.toParents += sum(flow.toParents);
      t.toContributors += flow.toContributors;
      t.toTreasury += flow.toTreasury;
    }
  }
  return totals;
}

/**
 * Per asset id, contributor (lower case) and token, what the assets `ids` paid each contributor in `manifests`:
 * the contributor sources of their leaves.
 */
export function contributorPayouts(
  manifests: readonly Manifest[],
  ids: ReadonlySet<string>,
): Map<string, Map<string, Map<string, bigint>>> {
  const paid = new Map<string, Map<string, Map<string, bigint>>>();
  for (const manifest of manifests) {
    for (const leaf of manifest.leaves) {
      for (const source of leaf.sources) {
        const id = source.assetId.toString();
        if (source.kind !== "contributors" || !ids.has(id)) continue;
        const byToken = entry(
          entry(paid, id, () => new Map()),
          leaf.account.toLowerCase(),
          () => new Map(),
        );
        byToken.set(leaf.token.toLowerCase(), (byToken.get(leaf.token.toLowerCase()) ?? 0n) + source.amount);
      }
    }
  }
  return paid;
}

/** The registry functions' arguments that name an asset (`setURI(assetId, …)`, `transferFrom(…, tokenId)`). */
const ASSET_ARGUMENTS = new Set(["assetId", "tokenId"]);

/** The operations of `operations` with a call to the AssetRegistry about asset `id`. */
export function changesTouching(operations: readonly GovernanceOperation[], id: bigint): GovernanceOperation[] {
  return operations.filter((operation) =>
    operation.calls.some(
      (call) =>
        call.targetName === "AssetRegistry" &&
        call.args.some((arg) => ASSET_ARGUMENTS.has(arg.name) && arg.value === id.toString()),
    ),
  );
}

/**
 * The calls that change the terms every asset is paid on: the router's split and recipients (every payment) and
 * the distributor's token allowlist (which tokens an asset can be paid in at all).
 */
const TERMS_OF_EVERY_ASSET: Readonly<Record<string, ReadonlySet<string> | "all">> = {
  RevenueRouter: "all",
  PayoutDistributor: new Set(["setTokenAllowed"]),
};

/** The operations of `operations` that change what every asset is paid, whichever asset it is. */
export function changesToEveryAsset(operations: readonly GovernanceOperation[]): GovernanceOperation[] {
  return operations.filter((operation) =>
    operation.calls.some((call) => {
      const functions = call.targetName === null ? undefined : TERMS_OF_EVERY_ASSET[call.targetName];
      return functions === "all" || (call.functionName !== null && functions?.has(call.functionName) === true);
    }),
  );
}
