import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { maxAgeCache } from "./maxAgeCache.ts";

/** A read whose answers are numbered, and a clock moved by hand. */
function world() {
  let reads = 0;
  let time = 1_000;
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    read: async () => ++reads,
    failing: async (): Promise<number> => {
      reads++;
      throw new Error("the RPC is down");
    },
    reads: () => reads,
    clock: () => time,
    advance: (ms: number) => {
      time += ms;
    },
    settle,
  };
}

describe("maxAgeCache", () => {
  test("an answer younger than half its age is given without reading again", async () => {
    const w = world();
    const cached = maxAgeCache(2_000, w.clock);
    assert.equal(await cached("k", w.read), 1);
    w.advance(999);
    assert.equal(await cached("k", w.read), 1);
    assert.equal(w.reads(), 1);
  });

  test("past half its age the answer is still given and read again in the background, once", async () => {
    const w = world();
    const cached = maxAgeCache(2_000, w.clock);
    await cached("k", w.read);
    w.advance(1_000);
    assert.deepEqual(await Promise.all([cached("k", w.read), cached("k", w.read)]), [1, 1]);
    await w.settle();
    assert.equal(w.reads(), 2);
    assert.equal(await cached("k", w.read), 2);
  });

  test("an answer is never given past its age: the refreshed one is, read when it was asked for", async () => {
    const w = world();
    const cached = maxAgeCache(2_000, w.clock);
    await cached("k", w.read);
    w.advance(1_500);
    await cached("k", w.read);
    await w.settle();
    // Refreshed at 1 500 ms: at 3 400 ms it is 1 900 ms old, still given; at 3 500 ms it is expired.
    w.advance(1_900);
    assert.equal(await cached("k", w.read), 2);
    w.advance(1_000);
    assert.equal(await cached("k", w.read), 3);
  });

  test("a failed read is not kept: past the last answer's age each call is the error", async () => {
    const w = world();
    const cached = maxAgeCache(2_000, w.clock);
    await cached("k", w.read);
    w.advance(1_500);
    assert.equal(await cached("k", w.failing), 1);
    await w.settle();
    w.advance(500);
    await assert.rejects(cached("k", w.failing), /the RPC is down/);
    await assert.rejects(cached("k", w.failing), /the RPC is down/);
    assert.equal(w.reads(), 4);
  });

  test("an age of its own, infinite, is read once", async () => {
    const w = world();
    const cached = maxAgeCache(2_000, w.clock);
    await cached("k", w.read, Number.POSITIVE_INFINITY);
    w.advance(10 ** 9);
    assert.equal(await cached("k", w.read, Number.POSITIVE_INFINITY), 1);
    await w.settle();
    assert.equal(w.reads(), 1);
  });
});
