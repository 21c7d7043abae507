import assert from "node:assert/strict";
import { test } from "node:test";

import { BPS, MAX_PARENTS } from "@coherence/protocol";
import fc from "fast-check";

import { weighParents } from "./weighParents.ts";

const weights = (files: number[], upstreamBps: number) =>
  weighParents(
    files.map((n, i) => ({ assetId: BigInt(i + 1), files: n })),
    upstreamBps,
  ).weighted.map((p) => [Number(p.assetId), p.weightBps]);

test("1 bps each, the rest in proportion to importing files, the leftover bps to the largest remainders", () => {
  // 1996 left after 1 bps each: 2/11, 1/11, 5/11, 3/11 of it are 362.9, 181.5, 907.3, 544.4.
  assert.deepEqual(weights([2, 1, 5, 3], 2000), [
    [3, 908],
    [4, 545],
    [1, 364],
    [2, 183],
  ]);
  assert.deepEqual(weights([1, 1, 1], 100), [
    [1, 34],
    [2, 33],
    [3, 33],
  ]);
  assert.deepEqual(weights([7], 2500), [[1, 2500]]);
  assert.deepEqual(weights([], 2000), []);
});

test("parents beyond MAX_PARENTS, or beyond the upstream share in bps, get no weight and are told why", () => {
  const many = Array.from({ length: MAX_PARENTS + 2 }, (_, i) => ({ assetId: BigInt(i + 1), files: 100 - i }));
  const { weighted, unweighted } = weighParents(many, 2000);
  assert.equal(weighted.length, MAX_PARENTS);
  assert.deepEqual(
    unweighted.map((u) => u.candidate.assetId),
    [33n, 34n],
  );
  assert.match(unweighted[0]!.reason, /at most 32 parents/);
  const few = weighParents(many.slice(0, 3), 2);
  assert.deepEqual(
    few.weighted.map((p) => p.weightBps),
    [1, 1],
  );
  assert.match(few.unweighted[0]!.reason, /upstream share of 2 bps leaves no whole bps for more than 2 parents/);
  assert.equal(weighParents(many.slice(0, 3), 0).weighted.length, 0);
});

const candidates = fc.uniqueArray(
  fc.record({ assetId: fc.bigInt({ min: 1n, max: 1000n }), files: fc.integer({ min: 1, max: 500 }) }),
  { maxLength: 40, selector: (c) => String(c.assetId) },
);

test("the weights sum to exactly the upstream share, each at least 1 bps, whatever the order of the candidates", () => {
  fc.assert(
    fc.property(candidates, fc.integer({ min: 0, max: BPS }), fc.nat(), (list, upstreamBps, seed) => {
      const { weighted, unweighted } = weighParents(list, upstreamBps);
      assert.equal(weighted.length + unweighted.length, list.length);
      if (weighted.length > 0)
        assert.equal(
          weighted.reduce((sum, p) => sum + p.weightBps, 0),
          upstreamBps,
        );
      for (const p of weighted) assert.ok(p.weightBps >= 1);
      const shuffled = [...list].sort(
        (a, b) => ((Number(a.assetId) * 7919 + seed) % 101) - ((Number(b.assetId) * 7919 + seed) % 101),
      );
      assert.deepEqual(weighParents(shuffled, upstreamBps), { weighted, unweighted });
    }),
  );
});

test("a parent imported by more files never weighs less than one imported by fewer", () => {
  fc.assert(
    fc.property(candidates, fc.integer({ min: 0, max: BPS }), (list, upstreamBps) => {
      const { weighted } = weighParents(list, upstreamBps);
      for (let i = 1; i < weighted.length; i++) {
        assert.ok(weighted[i - 1]!.files >= weighted[i]!.files);
        assert.ok(weighted[i - 1]!.weightBps >= weighted[i]!.weightBps);
      }
    }),
  );
});
