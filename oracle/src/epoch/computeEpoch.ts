/**
 * The epoch computation: pool revenue in, per-(account, token) allocations,
 * cumulative totals and explanations out. Pure and deterministic.
 *
 * Flow of one asset's inflow X in a token (its own pool revenue plus what its
 * descendants passed up), assets taken children first so X is complete:
 * - with weighted contributions (total weight W > 0): X is split by largest
 *   remainder over [each parent's edge weight..., 10000 - upstream share]
 *   (parents ascending by id, then the contributor pool); the pool is split by
 *   largest remainder over the contributors' weights (ascending by address);
 * - with none: X goes to the parents by edge weight (X split over the edge
 *   weights alone), or, with no parents, to the treasury.
 * Every split conserves its amount exactly, so per token the allocations add
 * up to the pool funded in the epoch. Cost: O(assets + edges + contributions)
 * per token, plus sorting.
 */

import {
  type Address,
  type AssetFlow,
  type EpochLeaf,
  invariant,
  type LeafSource,
  type TokenTotal,
} from "@coherence/protocol";
import { splitByWeights } from "./largestRemainder.ts";
import { type NormalizedInput, normalizeInput } from "./normalizeInput.ts";
import { childrenFirstOrder } from "./topologicalOrder.ts";
import type { EpochInput, EpochResult } from "./types.ts";

/** A leaf as credits arrive; its `previous` and `cumulative` are set once all have, and it becomes the result's leaf. */
type LeafAccumulator = {
  account: Address;
  token: Address;
  previous: bigint;
  amount: bigint;
  cumulative: bigint;
  sources: LeafSource[];
};

/** How much of the explanation {@link computeEpoch} builds. */
export type ComputeEpochOptions = {
  /**
   * `false` leaves every leaf's `sources` and the result's `contributions` empty (flows are still built; they grow
   * with assets, not accounts): for
   * callers that compare amounts and roots only, such as the audit, which at a million accounts would otherwise
   * hold a source object per leaf. The amounts, totals and order are the same either way.
   */
  explain?: boolean;
};

/** The `sources` of every leaf computed without explanations; never written to. */
const NO_SOURCES: readonly LeafSource[] = Object.freeze([]);

/**
 * Computes an epoch's allocations from its inputs. Input order and address case
 * do not matter; the result is sorted canonically (see {@link EpochResult}).
 * Throws `MalformedFieldError` naming the first invalid input field and
 * `InvalidArgumentError` for a lineage cycle.
 *
 * @example
 * const result = computeEpoch({
 *   assets: [{ id: 1n, parents: [] }, { id: 2n, parents: [{ assetId: 1n, weightBps: 2000 }] }],
 *   contributions: [{ id: C1, assetId: 1n, contributor: ALICE, laborMicroUsd: 100n, toolsMicroUsd: 0n, computeMicroUsd: 0n }],
 *   scores: [{ contributionId: C1, coherenceBps: 8200, metricsHash: H }],
 *   revenue: [{ assetId: 2n, token: USDC, amount: 1000n }],
 *   previous: [],
 *   config: { multiplier: DEFAULT_MULTIPLIER, treasury: TREASURY },
 * });
 * // asset 2 has no contributions: all 1000 go up to asset 1, whose contributor ALICE gets 1000.
 */
export function computeEpoch(input: EpochInput, options: ComputeEpochOptions = {}): EpochResult {
  const explain = options.explain !== false;
  return computeNormalized(normalizeInput(input, { explain }), explain);
}

function computeNormalized(input: NormalizedInput, explain: boolean): EpochResult {
  const { assets } = input;
  const order = childrenFirstOrder(
    assets.map((a) => a.parents.map((p) => p.index)),
    assets.map((a) => a.id),
  );
  // Per token, then per account: account strings are shared, so lookups reuse their cached hashes.
  const leaves = new Map<Address, Map<Address, LeafAccumulator>>();
  const flows: AssetFlow[] = [];
  const totals: TokenTotal[] = [];
  const tokens = new Set<Address>([...input.revenue.keys(), ...[...input.previous.values()].map((p) => p.token)]);

  for (const token of [...tokens].sort()) {
    const revenue = input.revenue.get(token) ?? new Map<number, bigint>();
    let funded = 0n;
    let allocated = 0n;
    const inflow = new Map<number, bigint>();
    const fromChildren = new Map<number, { assetId: bigint; amount: bigint }[]>();
    for (const [p, amount] of revenue) {
      funded += amount;
      if (amount > 0n) inflow.set(p, amount);
    }
    const byAccount = new Map<Address, LeafAccumulator>();
    leaves.set(token, byAccount);
    // Without explanations, `source` is undefined and the leaf keeps only its amount.
    const credit = (account: Address, amount: bigint, source: LeafSource | undefined): void => {
      const leaf = byAccount.get(account);
      if (leaf === undefined) {
        // A leaf's first credit sets its amount and its one-element list: most leaves get no other.
        byAccount.set(account, {
          account,
          token,
          previous: 0n,
          amount,
          cumulative: 0n,
          sources: source === undefined ? (NO_SOURCES as LeafSource[]) : [source],
        });
      } else {
        leaf.amount += amount;
        if (source !== undefined) leaf.sources.push(source);
      }
      allocated += amount;
    };

    for (const p of order) {
      const x = inflow.get(p);
      if (x === undefined) continue;
      const asset = assets[p]!;
      const flow: AssetFlow = {
        assetId: asset.id,
        token,
        ownRevenue: revenue.get(p) ?? 0n,
        fromChildren: (fromChildren.get(p) ?? []).sort((a, b) => (a.assetId < b.assetId ? -1 : 1)),
        inflow: x,
        route: "split",
        toParents: [],
        toContributors: 0n,
        toTreasury: 0n,
        totalWeight: asset.totalWeight,
      };
      let toParents: bigint[];
      if (asset.totalWeight > 0n) {
        const parts = splitByWeights(x, [
          ...asset.parents.map((e) => BigInt(e.weightBps)),
          BigInt(10000 - asset.upstreamBps),
        ]);
        toParents = parts.slice(0, asset.parents.length);
        const pool = parts[asset.parents.length]!;
        flow.toContributors = pool;
        if (pool > 0n) {
          const shares = splitByWeights(
            pool,
            asset.contributors.map((g) => g.weight),
          );
          asset.contributors.forEach((g, k) => {
            const amount = shares[k]!;
            if (amount === 0n) return;
            credit(
              g.account,
              amount,
              explain
                ? {
                    kind: "contributors",
                    assetId: asset.id,
                    amount,
                    pool,
                    weight: g.weight,
                    totalWeight: asset.totalWeight,
                    contributions: g.contributions,
                  }
                : undefined,
            );
          });
        }
      } else if (asset.parents.length > 0) {
        flow.route = "upstream";
        toParents = splitByWeights(
          x,
          asset.parents.map((e) => BigInt(e.weightBps)),
        );
      } else {
        flow.route = "treasury";
        toParents = [];
        flow.toTreasury = x;
        credit(input.config.treasury, x, explain ? { kind: "treasury", assetId: asset.id, amount: x } : undefined);
      }
      flow.toParents = asset.parents.map((e, k) => ({
        assetId: e.assetId,
        weightBps: e.weightBps,
        amount: toParents[k]!,
      }));
      asset.parents.forEach((e, k) => {
        const amount = toParents[k]!;
        if (amount === 0n) return;
        inflow.set(e.index, (inflow.get(e.index) ?? 0n) + amount);
        let list = fromChildren.get(e.index);
        if (list === undefined) {
          list = [];
          fromChildren.set(e.index, list);
        }
        list.push({ assetId: asset.id, amount });
      });
      flows.push(flow);
    }
    invariant(allocated === funded, `token ${token}: allocated ${allocated} but funded ${funded}`);
    totals.push({ token, funded, allocated, cumulative: 0n });
  }

  // Cumulative leaves: every previous total carries over, whether or not it grew.
  for (const prev of input.previous.values()) {
    const byAccount = leaves.get(prev.token)!;
    if (!byAccount.has(prev.account))
      byAccount.set(prev.account, {
        account: prev.account,
        token: prev.token,
        previous: 0n,
        amount: 0n,
        cumulative: 0n,
        sources: explain ? [] : (NO_SOURCES as LeafSource[]),
      });
  }
  const totalByToken = new Map(totals.map((t) => [t.token, t]));
  const all: LeafAccumulator[] = [];
  for (const byAccount of leaves.values()) for (const leaf of byAccount.values()) all.push(leaf);
  all.sort((a, b) =>
    a.account < b.account ? -1 : a.account > b.account ? 1 : a.token < b.token ? -1 : a.token > b.token ? 1 : 0,
  );
  const result: EpochLeaf[] = [];
  for (const leaf of all) {
    const previous = input.previous.get(leaf.account + leaf.token)?.amount ?? 0n;
    const cumulative = previous === 0n ? leaf.amount : previous + leaf.amount;
    if (cumulative === 0n) continue;
    totalByToken.get(leaf.token)!.cumulative += cumulative;
    if (leaf.sources.length > 1)
      leaf.sources.sort((a, b) => (a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : a.kind < b.kind ? -1 : 1));
    // The accumulator is the leaf: a million accounts' leaves are not copied.
    leaf.previous = previous;
    leaf.cumulative = cumulative;
    result.push(leaf);
  }
  flows.sort((a, b) => (a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : a.token < b.token ? -1 : 1));
  return { tokens: totals, leaves: result, flows, contributions: input.contributions };
}
