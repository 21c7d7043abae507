import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import fc from "fast-check";
import { InvalidArgumentError, MalformedFieldError } from "../errors.ts";
import { commitEpoch } from "./commitEpoch.ts";
import { computeEpoch } from "./computeEpoch.ts";
import { DEFAULT_MULTIPLIER } from "./multiplier.ts";
import type { EpochAsset, EpochContribution, EpochInput, EpochScore, PoolRevenue } from "./types.ts";

const addr = (n: number): `0x${string}` => `0x${n.toString(16).padStart(40, "0")}`;
const b32 = (n: number): `0x${string}` => `0x${n.toString(16).padStart(64, "0")}`;
const TOKENS = [addr(0xa0), addr(0xb0), addr(0xc0)];
const TREASURY = addr(0x7e);
const ACCOUNTS = [addr(1), addr(2), addr(3), addr(4), addr(5), TREASURY];

/** A random lineage DAG (parents only among earlier-built assets) with shuffled, sparse ids. */
const network: fc.Arbitrary<EpochInput> = fc
  .integer({ min: 1, max: 12 })
  .chain((n) =>
    fc.record({
      ids: fc.uniqueArray(fc.bigInt({ min: 1n, max: 1000n }), { minLength: n, maxLength: n }),
      edges: fc.tuple(
        ...Array.from({ length: n }, (_, i) =>
          i === 0 ? fc.constant([]) : fc.uniqueArray(fc.tuple(fc.nat(i - 1), fc.integer({ min: 1, max: 6000 })), { maxLength: 3, selector: ([p]) => p }),
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
      revenue: fc.array(fc.record({ asset: fc.nat(n - 1), token: fc.constantFrom(...TOKENS), amount: fc.bigInt({ min: 0n, max: 10n ** 24n }) }), {
        minLength: 1,
        maxLength: 10,
      }),
      previous: fc.uniqueArray(fc.record({ account: fc.constantFrom(...ACCOUNTS), token: fc.constantFrom(...TOKENS), amount: fc.bigInt({ min: 0n, max: 10n ** 20n }) }), {
        maxLength: 6,
        selector: (p) => p.account + p.token,
      }),
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
    const scores: EpochScore[] = contributions.map((c, k) => ({ contributionId: b32(k + 1), coherenceBps: c.coherence, metricsHash: b32(1000 + k) }));
    const rev: PoolRevenue[] = revenue.map((r) => ({ assetId: ids[r.asset]!, token: r.token, amount: r.amount }));
    return { assets, contributions: cs, scores, revenue: rev, previous, config: { multiplier: DEFAULT_MULTIPLIER, treasury: TREASURY } };
  });

const sum = (xs: readonly bigint[]): bigint => xs.reduce((a, b) => a + b, 0n);

/** Deterministic shuffle driven by fast-check's random source. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("computeEpoch", () => {
  test("conserves every unit per token: allocations equal the pool funded in the epoch", () => {
    fc.assert(
      fc.property(network, (input) => {
        const result = computeEpoch(input);
        for (const t of result.tokens) {
          const funded = sum(input.revenue.filter((r) => r.token === t.token).map((r) => r.amount));
          const leaves = result.leaves.filter((l) => l.token === t.token);
          assert.equal(t.funded, funded);
          assert.equal(sum(leaves.map((l) => l.amount)), funded);
          assert.equal(t.allocated, funded);
          assert.equal(t.cumulative, sum(leaves.map((l) => l.cumulative)));
          assert.equal(t.cumulative, funded + sum(input.previous.filter((p) => p.token === t.token).map((p) => p.amount)));
        }
        for (const l of result.leaves) {
          assert.equal(l.amount, sum(l.sources.map((s) => s.amount)));
          assert.equal(l.cumulative, l.previous + l.amount);
        }
      }),
      { numRuns: 150 },
    );
  });

  test("pays nobody without weight: every contributor payment is backed by positive weight on that asset", () => {
    fc.assert(
      fc.property(network, (input) => {
        const result = computeEpoch(input);
        const weightOn = new Map<string, bigint>();
        for (const c of result.contributions) weightOn.set(`${c.assetId}/${c.contributor}`, (weightOn.get(`${c.assetId}/${c.contributor}`) ?? 0n) + c.weight);
        for (const leaf of result.leaves) {
          for (const s of leaf.sources) {
            assert.ok(s.amount > 0n);
            if (s.kind === "contributors") {
              assert.ok(s.weight > 0n);
              assert.equal(weightOn.get(`${s.assetId}/${leaf.account}`), s.weight);
            } else {
              assert.equal(leaf.account, TREASURY);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  test("respects upstream shares: each parent gets its edge share of the child's inflow within one unit", () => {
    fc.assert(
      fc.property(network, (input) => {
        const result = computeEpoch(input);
        const flowOf = new Map(result.flows.map((f) => [`${f.assetId}/${f.token}`, f]));
        for (const f of result.flows) {
          assert.equal(f.inflow, f.ownRevenue + sum(f.fromChildren.map((c) => c.amount)));
          assert.equal(f.inflow, sum(f.toParents.map((p) => p.amount)) + f.toContributors + f.toTreasury);
          const upstream = BigInt(f.toParents.reduce((a, p) => a + p.weightBps, 0));
          // Exact share: inflow * w / 10000 when contributors exist, inflow * w / upstream when it all goes up.
          const denominator = f.route === "split" ? 10000n : upstream;
          for (const p of f.toParents) {
            const diff = p.amount * denominator - f.inflow * BigInt(p.weightBps);
            assert.ok(diff > -denominator && diff < denominator, `asset ${f.assetId} -> ${p.assetId}`);
            if (p.amount > 0n) {
              const parent = flowOf.get(`${p.assetId}/${f.token}`);
              assert.ok(parent?.fromChildren.some((c) => c.assetId === f.assetId && c.amount === p.amount));
            }
          }
          assert.equal(f.route === "split", f.totalWeight > 0n);
          if (f.route === "treasury") assert.equal(f.toParents.length, 0);
          const paid = sum(result.leaves.filter((l) => l.token === f.token).flatMap((l) => l.sources.filter((s) => s.kind === "contributors" && s.assetId === f.assetId).map((s) => s.amount)));
          assert.equal(paid, f.toContributors);
        }
      }),
      { numRuns: 150 },
    );
  });

  test("is deterministic: permuted inputs and mixed-case addresses give the same result and roots", () => {
    fc.assert(
      fc.property(network, fc.integer(), (input, seed) => {
        const upper = (a: `0x${string}`): `0x${string}` => `0x${a.slice(2).toUpperCase()}`;
        const permuted: EpochInput = {
          assets: shuffled(input.assets, seed).map((a) => ({ ...a, parents: shuffled(a.parents, seed + 1) })),
          contributions: shuffled(input.contributions, seed + 2).map((c) => ({ ...c, contributor: upper(c.contributor) })),
          scores: shuffled(input.scores, seed + 3),
          revenue: shuffled(input.revenue, seed + 4).map((r) => ({ ...r, token: upper(r.token) })),
          previous: shuffled(input.previous, seed + 5),
          config: input.config,
        };
        const a = computeEpoch(input);
        const b = computeEpoch(permuted);
        assert.deepEqual(b, a);
        const ca = commitEpoch(a, input.scores);
        const cb = commitEpoch(b, permuted.scores);
        assert.equal(cb.payoutRoot, ca.payoutRoot);
        assert.equal(cb.scoresRoot, ca.scoresRoot);
      }),
      { numRuns: 100 },
    );
  });

  test("commits leaves in a tree OpenZeppelin agrees with, and totals as the proposal needs them", () => {
    fc.assert(
      fc.property(network, (input) => {
        const result = computeEpoch(input);
        const c = commitEpoch(result, input.scores);
        if (result.leaves.length > 0) {
          const oz = StandardMerkleTree.of(
            result.leaves.map((l) => [l.account, l.token, l.cumulative]),
            ["address", "address", "uint256"],
          );
          assert.equal(c.payoutRoot, oz.root);
          assert.deepEqual(c.payoutTree?.getProof(0), oz.getProof(0));
        }
        assert.deepEqual(c.tokens, [...c.tokens].sort());
        assert.deepEqual(c.totals, result.tokens.map((t) => t.cumulative));
      }),
      { numRuns: 50 },
    );
  });

  describe("rejects bad input naming the field", () => {
    const base = (): EpochInput => ({
      assets: [
        { id: 1n, parents: [] },
        { id: 2n, parents: [{ assetId: 1n, weightBps: 1000 }] },
      ],
      contributions: [{ id: b32(1), assetId: 1n, contributor: addr(1), laborMicroUsd: 1n, toolsMicroUsd: 0n, computeMicroUsd: 0n }],
      scores: [{ contributionId: b32(1), coherenceBps: 5000, metricsHash: b32(9) }],
      revenue: [{ assetId: 2n, token: TOKENS[0]!, amount: 10n }],
      previous: [],
      config: { multiplier: DEFAULT_MULTIPLIER, treasury: TREASURY },
    });
    const cases: [string, (i: EpochInput) => EpochInput, RegExp][] = [
      ["unknown parent", (i) => ({ ...i, assets: [i.assets[0]!, { id: 2n, parents: [{ assetId: 9n, weightBps: 1 }] }] }), /^assets\[1\]\.parents\[0\]\.assetId: unknown asset 9/],
      ["unknown asset of revenue", (i) => ({ ...i, revenue: [{ assetId: 7n, token: TOKENS[0]!, amount: 1n }] }), /^revenue\[0\]\.assetId: unknown asset 7/],
      ["too much upstream", (i) => ({ ...i, assets: [{ id: 1n, parents: [] }, { id: 3n, parents: [] }, { id: 2n, parents: [{ assetId: 1n, weightBps: 6000 }, { assetId: 3n, weightBps: 5000 }] }] }), /^assets\[2\]\.parents: edge weights add up to 11000/],
      ["zero edge weight", (i) => ({ ...i, assets: [i.assets[0]!, { id: 2n, parents: [{ assetId: 1n, weightBps: 0 }] }] }), /^assets\[1\]\.parents\[0\]\.weightBps/],
      ["missing score", (i) => ({ ...i, scores: [] }), /^contributions\[0\]\.id: contribution 0x0+1 has no score/],
      ["score without contribution", (i) => ({ ...i, scores: [...i.scores, { contributionId: b32(2), coherenceBps: 1, metricsHash: b32(3) }] }), /^scores\[1\]\.contributionId: no contribution/],
      ["coherence out of range", (i) => ({ ...i, scores: [{ ...i.scores[0]!, coherenceBps: 10001 }] }), /^scores\[0\]\.coherenceBps/],
      ["bad contributor", (i) => ({ ...i, contributions: [{ ...i.contributions[0]!, contributor: "0x12" as `0x${string}` }] }), /^contributions\[0\]\.contributor/],
      ["negative cost", (i) => ({ ...i, contributions: [{ ...i.contributions[0]!, toolsMicroUsd: -1n }] }), /^contributions\[0\]\.toolsMicroUsd/],
      ["duplicate asset", (i) => ({ ...i, assets: [...i.assets, { id: 1n, parents: [] }] }), /duplicate asset id 1/],
      ["duplicate previous", (i) => ({ ...i, previous: [{ account: addr(1), token: TOKENS[0]!, amount: 1n }, { account: addr(1), token: TOKENS[0]!, amount: 2n }] }), /^previous\[1\]: second total/],
      ["unknown curve", (i) => ({ ...i, config: { ...i.config, multiplier: { ...DEFAULT_MULTIPLIER, kind: "cubic" as "linear" } } }), /^config\.multiplier\.kind/],
    ];
    for (const [name, mutate, message] of cases) {
      test(name, () => {
        assert.throws(() => computeEpoch(mutate(base())), (e: unknown) => e instanceof MalformedFieldError && message.test(e.shortMessage));
      });
    }
    test("a lineage cycle", () => {
      const input = base();
      const cyclic = { ...input, assets: [{ id: 1n, parents: [{ assetId: 2n, weightBps: 1 }] }, input.assets[1]!] };
      assert.throws(() => computeEpoch(cyclic), (e: unknown) => e instanceof InvalidArgumentError && /cycle: asset\(s\) 1, 2/.test(e.message));
    });
  });
});
