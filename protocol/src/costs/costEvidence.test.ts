import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";

import { boundEvidence, withCostReport } from "./costEvidence.ts";

const hash = `0x${"ab".repeat(32)}` as const;
const range = `${"1".repeat(40)}..${"2".repeat(40)}`;

test("a bound fragment splits into the work and the report hash", () => {
  assert.deepEqual(boundEvidence(withCostReport(range, hash)), { work: range, costReport: hash, problem: undefined });
});

test("a fragment without a report is all work", () => {
  assert.deepEqual(boundEvidence("figma-library-v3"), {
    work: "figma-library-v3",
    costReport: undefined,
    problem: undefined,
  });
});

test("a malformed report parameter is named, never read as work", () => {
  const { work, costReport, problem } = boundEvidence(`${range};cost=0xABC`);
  assert.equal(work, range);
  assert.equal(costReport, undefined);
  assert.match(problem!, /"0xABC" after ;cost= is not a report hash/);
});

test("binding then splitting gives back the work and hash, for any work text", () => {
  fc.assert(
    fc.property(fc.string(), fc.uint8Array({ minLength: 32, maxLength: 32 }), (work, bytes) => {
      const reportHash = `0x${Buffer.from(bytes).toString("hex")}` as const;
      const bound = boundEvidence(withCostReport(work, reportHash));
      assert.equal(bound.work, work);
      assert.equal(bound.costReport, reportHash);
    }),
  );
});

test("only a lower-case 32-byte hash can be bound", () => {
  assert.throws(() => withCostReport(range, "0xAB" as `0x${string}`), /64 lower-case hex digits/);
});
