import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { keccak256, stringToHex } from "viem";

import { replaySeed, sampleIndices } from "./replaySeed.ts";

const runner = "0xbcd4042de499d14e55001ccbb24a551f3b954096";
const block = keccak256(stringToHex("block 41"));

describe("the replay seed and its sample", () => {
  test("the same block, runner and period give the same seed and sample; any of them changed, another", () => {
    const seed = replaySeed(block, runner, 7n);
    assert.equal(seed, replaySeed(block, runner, 7n));
    assert.deepEqual(sampleIndices(seed, 1_000, 8), sampleIndices(seed, 1_000, 8));
    const others = [
      replaySeed(keccak256(stringToHex("block 42")), runner, 7n),
      replaySeed(block, "0x71be63f3384f5fb98995898a86b02fb2426c5788", 7n),
      replaySeed(block, runner, 8n),
    ];
    for (const other of others) {
      assert.notEqual(other, seed);
      assert.notDeepEqual(sampleIndices(other, 1_000, 8), sampleIndices(seed, 1_000, 8));
    }
  });

  test("draws k distinct positions in range, ascending; all of them when k covers the count", () => {
    for (let n = 0; n < 40; n++) {
      const seed = replaySeed(keccak256(stringToHex(`block ${n}`)), runner, BigInt(n));
      const drawn = sampleIndices(seed, 50, 10);
      assert.equal(new Set(drawn).size, 10);
      assert.ok(
        drawn.every((i, at) => i >= 0 && i < 50 && (at === 0 || drawn[at - 1]! < i)),
        String(drawn),
      );
      assert.deepEqual(sampleIndices(seed, 3, 10), [0, 1, 2]);
    }
    assert.deepEqual(sampleIndices(block, 0, 5), []);
  });

  test("every position is drawn about equally often", () => {
    const hits = new Array<number>(10).fill(0);
    for (let n = 0; n < 2_000; n++) {
      for (const i of sampleIndices(keccak256(stringToHex(`seed ${n}`)), 10, 3)) hits[i]!++;
    }
    // 600 expected per position; a biased draw (say, never the last one) falls far outside.
    for (const count of hits) assert.ok(count > 480 && count < 720, String(hits));
  });

  test("a sparse draw from a huge period stays within it", () => {
    const drawn = sampleIndices(block, 4_000_000_000, 5);
    assert.equal(new Set(drawn).size, 5);
    assert.ok(drawn.every((i) => i < 4_000_000_000));
  });
});
