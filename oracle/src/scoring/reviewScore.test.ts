import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MalformedReviewError } from "./errors.ts";
import { validateReviewScore } from "./reviewScore.ts";

const REVIEWER = "0xAbCdEf0123456789abcdef0123456789ABCDEF01";

describe("validateReviewScore", () => {
  test("normalises the address and the rationale", () => {
    assert.deepEqual(
      validateReviewScore({ reviewer: REVIEWER, bps: 8000, rationale: "  Clear spec; two diagrams missing.\n" }),
      {
        reviewer: REVIEWER.toLowerCase(),
        bps: 8000,
        rationale: "Clear spec; two diagrams missing.",
      },
    );
  });

  test("accepts the bounds 0 and 10000", () => {
    assert.equal(validateReviewScore({ reviewer: REVIEWER, bps: 0, rationale: "r" }).bps, 0);
    assert.equal(validateReviewScore({ reviewer: REVIEWER, bps: 10000, rationale: "r" }).bps, 10000);
  });

  test("rejects bad fields, naming them", () => {
    const cases: [unknown, string][] = [
      [null, "review"],
      [{ reviewer: "0x12", bps: 1, rationale: "r" }, "review.reviewer"],
      [{ reviewer: REVIEWER, bps: 10001, rationale: "r" }, "review.bps"],
      [{ reviewer: REVIEWER, bps: -1, rationale: "r" }, "review.bps"],
      [{ reviewer: REVIEWER, bps: 50.5, rationale: "r" }, "review.bps"],
      [{ reviewer: REVIEWER, bps: 5000, rationale: "   " }, "review.rationale"],
      [{ reviewer: REVIEWER, bps: 5000 }, "review.rationale"],
    ];
    for (const [review, field] of cases) {
      assert.throws(
        () => validateReviewScore(review),
        (e: unknown) => e instanceof MalformedReviewError && e.field === field,
        field,
      );
    }
  });
});
