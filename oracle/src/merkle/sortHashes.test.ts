import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { sortHashes } from "./sortHashes.ts";

describe("sortHashes", () => {
  test("orders hashes as unsigned big-endian numbers, stably, even when prefixes collide", () => {
    // Few distinct first bytes force long runs with equal 4-byte prefixes and some exact duplicates.
    const hash = fc
      .tuple(fc.constantFrom(0, 1, 255), fc.uint8Array({ minLength: 31, maxLength: 31 }), fc.boolean())
      .map(([first, rest, collide]) => {
        const h = new Uint8Array(32);
        h[0] = first;
        if (!collide) h.set(rest, 1);
        else h[31] = rest[0]! & 3;
        return h;
      });
    fc.assert(
      fc.property(fc.array(hash, { maxLength: 60 }), (hashes) => {
        const packed = new Uint8Array(32 * hashes.length);
        hashes.forEach((h, i) => {
          packed.set(h, 32 * i);
        });
        const order = Array.from(sortHashes(packed, hashes.length));
        const expected = hashes.map((_, i) => i).sort((a, b) => Buffer.compare(hashes[a]!, hashes[b]!) || a - b);
        assert.deepEqual(order, expected);
      }),
      { numRuns: 200 },
    );
  });
});
