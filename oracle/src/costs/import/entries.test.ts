import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compareInstants } from "./entries.ts";

describe("compareInstants", () => {
  test("orders instants of any fractional precision by time, not by text", () => {
    const instants = ["2026-11-30T09:15:00.5Z", "2026-11-30T09:15:00Z", "2026-11-30T09:15:00.000000001Z"];
    assert.deepEqual(instants.sort(compareInstants), [
      "2026-11-30T09:15:00Z",
      "2026-11-30T09:15:00.000000001Z",
      "2026-11-30T09:15:00.5Z",
    ]);
    assert.equal(compareInstants("2026-11-30T09:15:00.500Z", "2026-11-30T09:15:00.5Z"), 0);
  });
});
