/**
 * Reviewer scores: work that is not code (designs, docs, content, models,
 * data) is scored by a reviewer who gives basis points and a written rationale.
 */
import type { Hex } from "viem";
import { MalformedReviewError } from "./errors.ts";

/** A reviewer's score of one contribution. */
export type ReviewScore = {
  /** The reviewer's account. */
  reviewer: Hex;
  /** Coherence in basis points, 0..10000. */
  bps: number;
  /** Why: what was good, what was not. Required, so every review score explains itself. */
  rationale: string;
};

/**
 * Checks a review and returns it normalised (lower-case address, rationale
 * trimmed). Throws {@link MalformedReviewError} naming the field at fault.
 *
 * @example
 * validateReviewScore({ reviewer: "0xAbC...", bps: 8000, rationale: "Clear, complete spec." })
 */
export function validateReviewScore(review: unknown): ReviewScore {
  if (typeof review !== "object" || review === null) throw new MalformedReviewError("review", "expected { reviewer, bps, rationale }");
  const { reviewer, bps, rationale } = review as Record<string, unknown>;
  if (typeof reviewer !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(reviewer)) {
    throw new MalformedReviewError("review.reviewer", `expected a 20-byte 0x address, got ${JSON.stringify(reviewer) ?? String(reviewer)}`);
  }
  if (typeof bps !== "number" || !Number.isSafeInteger(bps) || bps < 0 || bps > 10000) {
    throw new MalformedReviewError("review.bps", `expected an integer 0..10000, got ${JSON.stringify(bps) ?? String(bps)}`);
  }
  if (typeof rationale !== "string" || rationale.trim() === "") {
    throw new MalformedReviewError("review.rationale", "a review score needs a written rationale");
  }
  return { reviewer: reviewer.toLowerCase() as Hex, bps, rationale: rationale.trim() };
}
