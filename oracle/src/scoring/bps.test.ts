import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvariantError } from "@coherence/protocol";
import { ratioBps, weightedMeanBps } from "./bps.ts";

describe("ratioBps", () => {
  test("floors and clamps to 10000", () => {
    assert.equal(ratioBps(2, 3), 6666);
    assert.equal(ratioBps(1, 1), 10000);
    assert.equal(ratioBps(5, 2), 10000);
    assert.equal(ratioBps(0, 7), 0);
  });

  test("is exact for large safe integers", () => {
    assert.equal(ratioBps(Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER), 9999);
  });

  test("a zero denominator is a bug, not a score", () => {
    assert.throws(() => ratioBps(1, 0), InvariantError);
  });
});

describe("weightedMeanBps", () => {
  test("floors the weighted mean", () => {
    assert.equal(weightedMeanBps([10000, 5000], [3, 1]), 8750);
    assert.equal(weightedMeanBps([10000, 0, 0], [1, 1, 1]), 3333);
  });

  test("is null when no weight applies", () => {
    assert.equal(weightedMeanBps([], []), null);
    assert.equal(weightedMeanBps([9000], [0]), null);
  });
});
