import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidArgumentError, MalformedFieldError } from "@coherence/protocol";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import fc from "fast-check";
import { commitEpoch } from "./commitEpoch.ts";
import { computeEpoch } from "./computeEpoch.ts";
import { DEFAULT_MULTIPLIER } from "./multiplier.ts";
import { addr, b32, network, TOKENS, TREASURY } from "./networkArbitrary.ts";
import type { EpochInput } from "./types.ts";

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
          assert.equal(
            t.cumulative,
            funded + sum(input.previous.filter((p) => p.token === t.token).map((p) => p.amount)),
          );
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
        for (const c of result.contributions)
          weightOn.set(
            `${c.assetId}/${c.contributor}`,
            (weightOn.get(`${c.assetId}/${c.contributor}`) ?? 0n) + c.weight,
          );
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
          const paid = sum(
            result.leaves
              .filter((l) => l.token === f.token)
              .flatMap((l) =>
                l.sources.filter((s) => s.kind === "contributors" && s.assetId === f.assetId).map((s) => s.amount),
              ),
          );
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
          contributions: shuffled(input.contributions, seed + 2).map((c) => ({
            ...c,
            contributor: upper(c.contributor),
          })),
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

  test("without explanations gives the same leaves, totals and flows, only without sources and contributions (what the audit compares)", () => {
    fc.assert(
      fc.property(network, (input) => {
        const full = computeEpoch(input);
        const bare = computeEpoch(input, { explain: false });
        assert.deepEqual(bare, {
          ...full,
          leaves: full.leaves.map((l) => ({ ...l, sources: [] })),
          contributions: [],
        });
        assert.equal(commitEpoch(bare, input.scores).payoutRoot, commitEpoch(full, input.scores).payoutRoot);
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
        assert.deepEqual(
          c.totals,
          result.tokens.map((t) => t.cumulative),
        );
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
      contributions: [
        { id: b32(1), assetId: 1n, contributor: addr(1), laborMicroUsd: 1n, toolsMicroUsd: 0n, computeMicroUsd: 0n },
      ],
      scores: [{ contributionId: b32(1), coherenceBps: 5000, metricsHash: b32(9) }],
      revenue: [{ assetId: 2n, token: TOKENS[0]!, amount: 10n }],
      previous: [],
      config: { multiplier: DEFAULT_MULTIPLIER, treasury: TREASURY },
    });
    const cases: [string, (i: EpochInput) => EpochInput, RegExp][] = [
      [
        "unknown parent",
        (i) => ({ ...i, assets: [i.assets[0]!, { id: 2n, parents: [{ assetId: 9n, weightBps: 1 }] }] }),
        /^assets\[1\]\.parents\[0\]\.assetId: unknown asset 9/,
      ],
      [
        "unknown asset of revenue",
        (i) => ({ ...i, revenue: [{ assetId: 7n, token: TOKENS[0]!, amount: 1n }] }),
        /^revenue\[0\]\.assetId: unknown asset 7/,
      ],
      [
        "too much upstream",
        (i) => ({
          ...i,
          assets: [
            { id: 1n, parents: [] },
            { id: 3n, parents: [] },
            {
              id: 2n,
              parents: [
                { assetId: 1n, weightBps: 6000 },
                { assetId: 3n, weightBps: 5000 },
              ],
            },
          ],
        }),
        /^assets\[2\]\.parents: edge weights add up to 11000/,
      ],
      [
        "zero edge weight",
        (i) => ({ ...i, assets: [i.assets[0]!, { id: 2n, parents: [{ assetId: 1n, weightBps: 0 }] }] }),
        /^assets\[1\]\.parents\[0\]\.weightBps/,
      ],
      ["missing score", (i) => ({ ...i, scores: [] }), /^contributions\[0\]\.id: contribution 0x0+1 has no score/],
      [
        "score without contribution",
        (i) => ({ ...i, scores: [...i.scores, { contributionId: b32(2), coherenceBps: 1, metricsHash: b32(3) }] }),
        /^scores\[1\]\.contributionId: no contribution/,
      ],
      [
        "coherence out of range",
        (i) => ({ ...i, scores: [{ ...i.scores[0]!, coherenceBps: 10001 }] }),
        /^scores\[0\]\.coherenceBps/,
      ],
      [
        "bad contributor",
        (i) => ({ ...i, contributions: [{ ...i.contributions[0]!, contributor: "0x12" as `0x${string}` }] }),
        /^contributions\[0\]\.contributor/,
      ],
      [
        "negative cost",
        (i) => ({ ...i, contributions: [{ ...i.contributions[0]!, toolsMicroUsd: -1n }] }),
        /^contributions\[0\]\.toolsMicroUsd/,
      ],
      ["duplicate asset", (i) => ({ ...i, assets: [...i.assets, { id: 1n, parents: [] }] }), /duplicate asset id 1/],
      [
        "duplicate previous",
        (i) => ({
          ...i,
          previous: [
            { account: addr(1), token: TOKENS[0]!, amount: 1n },
            { account: addr(1), token: TOKENS[0]!, amount: 2n },
          ],
        }),
        /^previous\[1\]: second total/,
      ],
      [
        "unknown curve",
        (i) => ({ ...i, config: { ...i.config, multiplier: { ...DEFAULT_MULTIPLIER, kind: "cubic" as "linear" } } }),
        /^config\.multiplier\.kind/,
      ],
    ];
    for (const [name, mutate, message] of cases) {
      test(name, () => {
        assert.throws(
          () => computeEpoch(mutate(base())),
          (e: unknown) => e instanceof MalformedFieldError && message.test(e.shortMessage),
        );
      });
    }
    test("a lineage cycle", () => {
      const input = base();
      const cyclic = { ...input, assets: [{ id: 1n, parents: [{ assetId: 2n, weightBps: 1 }] }, input.assets[1]!] };
      assert.throws(
        () => computeEpoch(cyclic),
        (e: unknown) => e instanceof InvalidArgumentError && /cycle: asset\(s\) 1, 2/.test(e.message),
      );
    });
  });
});
