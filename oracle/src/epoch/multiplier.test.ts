import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MalformedFieldError } from "@coherence/protocol";
import { DEFAULT_MULTIPLIER, multiplierBps, validateMultiplierCurve } from "./multiplier.ts";

describe("multiplierBps", () => {
  test("is the design's 0.5x..1.5x line by default", () => {
    assert.equal(multiplierBps(DEFAULT_MULTIPLIER, 0), 5000);
    assert.equal(multiplierBps(DEFAULT_MULTIPLIER, 8200), 13200);
    assert.equal(multiplierBps(DEFAULT_MULTIPLIER, 10000), 15000);
  });

  test("rounds a fractional slope down", () => {
    assert.equal(multiplierBps({ kind: "linear", baseBps: 0, slopeBps: 3 }, 9999), 2);
  });

  test("rejects unknown curves and out-of-range parameters, naming the field", () => {
    assert.throws(
      () => validateMultiplierCurve({ kind: "log" as "linear", baseBps: 1, slopeBps: 1 }),
      (e: unknown) => e instanceof MalformedFieldError && e.field === "config.multiplier.kind",
    );
    assert.throws(
      () => validateMultiplierCurve({ kind: "linear", baseBps: -1, slopeBps: 1 }),
      (e: unknown) => e instanceof MalformedFieldError && e.field === "config.multiplier.baseBps",
    );
    assert.throws(
      () => validateMultiplierCurve({ kind: "linear", baseBps: 1, slopeBps: 0.5 }),
      (e: unknown) => e instanceof MalformedFieldError && e.field === "config.multiplier.slopeBps",
    );
  });
});
