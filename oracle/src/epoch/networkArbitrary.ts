/**
 * A fast-check arbitrary of whole epoch inputs, for property tests: a random
 * lineage DAG (parents only among earlier-built assets, ids shuffled and
 * sparse), contributions with zero and non-zero costs, revenue in up to three
 * tokens, and previous totals. Test support only (fast-check is a dev dependency).
 */

import type { EpochAsset, EpochContribution, EpochScore, PoolRevenue } from "@coherence/protocol";
import fc from "fast-check";
import { DEFAULT_MULTIPLIER } from "./multiplier.ts";
import type { EpochInput } from "./types.ts";

/** An address holding the number `n`. */
export const addr = (n: number): `0x${string}` => `0x${n.toString(16).padStart(40, "0")}`;
/** A bytes32 holding the number `n`. */
export const b32 = (n: number): `0x${string}` => `0x${n.toString(16).padStart(64, "0")}`;
/** The tokens revenue is paid in. */
export const TOKENS = [addr(0xa0), addr(0xb0), addr(0xc0)];
/** The treasury of every generated config. */
export const TREASURY = addr(0x7e);
/** Contributors and holders of previous totals (the treasury among them). */
export const ACCOUNTS = [addr(1), addr(2), addr(3), addr(4), addr(5), TREASURY];

/** Random epoch inputs; see the module comment. */
export const network: fc.Arbitrary<EpochInput> = fc
  .integer({ min: 1, max: 12 })
  .chain((n) =>
    fc.record({
      ids: fc.uniqueArray(fc.bigInt({ min: 1n, max: 1000n }), { minLength: n, maxLength: n }),
      edges: fc.tuple(
        ...Array.from({ length: n }, (_, i) =>
          i === 0
            ? fc.constant([])
            : fc.uniqueArray(fc.tuple(fc.nat(i - 1), fc.integer({ min: 1, max: 6000 })), {
                maxLength: 3,
                selector: ([p]) => p,
              }),
        ),
      ),
      contributions: fc.array(
        fc.record({
          asset: fc.nat(n - 1),
          contributor: fc.constantFrom(...ACCOUNTS),
          labor: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 12n })),
          tools: fc.bigInt({ min: 0n, max: 10n ** 6n }),
          compute: fc.bigInt({ min: 0n, max: 10n ** 6n }),
          coherence: fc.integer({ min: 0, max: 10000 }),
        }),
        { maxLength: 25 },
      ),
      revenue: fc.array(
        fc.record({
          asset: fc.nat(n - 1),
          token: fc.constantFrom(...TOKENS),
          amount: fc.bigInt({ min: 0n, max: 10n ** 24n }),
        }),
        {
          minLength: 1,
          maxLength: 10,
        },
      ),
      previous: fc.uniqueArray(
        fc.record({
          account: fc.constantFrom(...ACCOUNTS),
          token: fc.constantFrom(...TOKENS),
          amount: fc.bigInt({ min: 0n, max: 10n ** 20n }),
        }),
        {
          maxLength: 6,
          selector: (p) => p.account + p.token,
        },
      ),
    }),
  )
  .map(({ ids, edges, contributions, revenue, previous }) => {
    const assets: EpochAsset[] = ids.map((id, i) => {
      let budget = 10000;
      const parents = [];
      for (const [p, w] of edges[i] as [number, number][]) {
        const weightBps = Math.min(w, budget);
        if (weightBps === 0) break;
        budget -= weightBps;
        parents.push({ assetId: ids[p]!, weightBps });
      }
      return { id, parents };
    });
    const cs: EpochContribution[] = contributions.map((c, k) => ({
      id: b32(k + 1),
      assetId: ids[c.asset]!,
      contributor: c.contributor,
      laborMicroUsd: c.labor,
      toolsMicroUsd: c.tools,
      computeMicroUsd: c.compute,
    }));
    const scores: EpochScore[] = contributions.map((c, k) => ({
      contributionId: b32(k + 1),
      coherenceBps: c.coherence,
      metricsHash: b32(1000 + k),
    }));
    const rev: PoolRevenue[] = revenue.map((r) => ({ assetId: ids[r.asset]!, token: r.token, amount: r.amount }));
    return {
      assets,
      contributions: cs,
      scores,
      revenue: rev,
      previous,
      config: { multiplier: DEFAULT_MULTIPLIER, treasury: TREASURY },
    };
  });
