import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { createKeccakKernel } from "./keccakKernel.ts";
import { sortHashesInto } from "./sortHashes.ts";

/** Packs `hashes` at byte 0 of a buffer with room for the sorted copy right after them. */
function sorted(hashes: Uint8Array[]): { order: number[]; duplicate: [number, number] | undefined; out: Uint8Array[] } {
  const n = hashes.length;
  const kernel = createKeccakKernel();
  const at = kernel.data;
  const input = kernel.reserve(64 * n);
  hashes.forEach((h, i) => {
    input.set(h, at + 32 * i);
  });
  const { order, duplicate } = sortHashesInto(kernel, at, n, at + 32 * n);
  const memory = kernel.reserve(64 * n);
  // The k-th smallest sits at slot n - 1 - k.
  const slot = (k: number): number => at + 32 * n + 32 * (n - 1 - k);
  const out = Array.from({ length: n }, (_, k) => memory.slice(slot(k), slot(k) + 32));
  return { order: Array.from(order), duplicate, out };
}

describe("sortHashesInto", () => {
  test("orders hashes as unsigned big-endian numbers, stably, even when prefixes collide", () => {
    // Few distinct first bytes force long runs with equal 4-byte prefixes, distinct beyond them.
    const hash = fc
      .tuple(fc.constantFrom(0, 1, 128, 255), fc.uint8Array({ minLength: 31, maxLength: 31 }), fc.boolean())
      .map(([first, rest, collide]) => {
        const h = new Uint8Array(32);
        h[0] = first;
        if (!collide) h.set(rest, 1);
        else h.set(rest.subarray(0, 4), 28);
        return h;
      });
    const distinct = fc.uniqueArray(hash, { maxLength: 300, selector: (h) => Buffer.from(h).toString("hex") });
    fc.assert(
      fc.property(distinct, (hashes) => {
        const { order, duplicate, out } = sorted(hashes);
        const expected = hashes.map((_, i) => i).sort((a, b) => Buffer.compare(hashes[a]!, hashes[b]!) || a - b);
        assert.equal(duplicate, undefined);
        assert.deepEqual(order, expected);
        assert.deepEqual(
          out.map((h) => Buffer.from(h).toString("hex")),
          expected.map((i) => Buffer.from(hashes[i]!).toString("hex")),
        );
      }),
      { numRuns: 200 },
    );
  });

  test("finds the smallest pair of equal hashes, lower index first, wherever they sit", () => {
    const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
    fc.assert(
      fc.property(fc.array(hash, { minLength: 1, maxLength: 200 }), fc.nat(), fc.nat(), (hashes, a, b) => {
        const twin = [...hashes];
        twin.splice(b % (twin.length + 1), 0, twin[a % twin.length]!);
        const { duplicate } = sorted(twin);
        const key = (i: number): string => Buffer.from(twin[i]!).toString("hex");
        const byValue = twin.map((_, i) => i).sort((x, y) => key(x).localeCompare(key(y)) || x - y);
        const k = byValue.findIndex((i, j) => j > 0 && key(byValue[j - 1]!) === key(i));
        assert.deepEqual(duplicate, [byValue[k - 1], byValue[k]]);
      }),
      { numRuns: 200 },
    );
  });

  test("at the most buckets (2048, over 2^18 hashes) every slot ascends and holds the hash its index names", () => {
    const n = 2 ** 18 + 3;
    const hashes = Array.from({ length: n }, (_, i) => {
      const h = new Uint8Array(32);
      // Spread over every first-11-bit value, the top bit included, with a few equal prefixes.
      new DataView(h.buffer).setUint32(0, Math.imul(i % (n - 7), 0x9e3779b1) >>> 0);
      new DataView(h.buffer).setUint32(28, i);
      return h;
    });
    const { order, duplicate, out } = sorted(hashes);
    assert.equal(duplicate, undefined);
    for (let k = 0; k < n; k++) {
      assert.deepEqual(out[k], hashes[order[k]!]);
      if (k > 0) assert.ok(Buffer.compare(out[k - 1]!, out[k]!) < 0, `slot of position ${k}`);
    }
    assert.equal(new Set(order).size, n);
  });

  test("one hash, two hashes, and many sharing every bucket bit", () => {
    const h = (b: number): Uint8Array => new Uint8Array(32).fill(b);
    assert.deepEqual(sorted([h(5)]).order, [0]);
    assert.deepEqual(sorted([h(9), h(2)]).order, [1, 0]);
    const same = Array.from({ length: 5000 }, (_, i) => {
      const x = new Uint8Array(32);
      x.set([i >> 8, i & 255], 30);
      return x;
    }).reverse();
    assert.deepEqual(
      sorted(same).order,
      same.map((_, i) => 4999 - i),
    );
  });
});
