import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { keccak_256 } from "@noble/hashes/sha3.js";
import fc from "fast-check";
import { createKeccak256Stream, keccak256, keccak256Into, leafHash256Into } from "./keccak.ts";

describe("keccak256", () => {
  test("hashes the empty input to the well-known Keccak-256 (not SHA3-256) value", () => {
    assert.equal(
      Buffer.from(keccak256(new Uint8Array())).toString("hex"),
      "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
    );
  });

  test("agrees with @noble/hashes on random inputs, whole and streamed", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.nat(400), async (data, cut) => {
        const expected = keccak_256(data);
        assert.deepEqual(keccak256(data), expected);
        const out = new Uint8Array(40);
        keccak256Into(data, out, 8);
        assert.deepEqual(out.subarray(8), expected);
        const stream = await createKeccak256Stream();
        const at = Math.min(cut, data.length);
        stream.update(data.subarray(0, at));
        stream.update(data.subarray(at));
        assert.deepEqual(stream.digest(), expected);
      }),
      { numRuns: 100 },
    );
  });

  test("agrees with @noble/hashes past the kernel's input limit, and hashes leaves twice", () => {
    for (const length of [135, 136, 8192, 300_000]) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 31) & 255);
      assert.deepEqual(keccak256(data), keccak_256(data));
      const out = new Uint8Array(32);
      leafHash256Into(data, out, 0);
      assert.deepEqual(out, keccak_256(keccak_256(data)));
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        const out = new Uint8Array(36);
        leafHash256Into(data, out, 4);
        assert.deepEqual(out.subarray(4), keccak_256(keccak_256(data)));
      }),
    );
  });

  test("streams strings as UTF-8", async () => {
    const stream = await createKeccak256Stream();
    stream.update("héllo ");
    stream.update("wörld");
    assert.deepEqual(stream.digest(), keccak_256(new TextEncoder().encode("héllo wörld")));
  });
});
