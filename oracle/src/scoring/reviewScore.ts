/**
 * Reviewer scores: work that is not code (designs, docs, content, models,
 * data) is scored by a reviewer who gives basis points and a written rationale.
 */
import { address, type Infer, integer, object, parse, reportedAs, string, transform } from "@coherence/protocol";
import type { Hex } from "viem";

import { MalformedReviewError } from "./errors.ts";

/**
 * A reviewer's score of one contribution, normalised on decoding (lower-case address, rationale trimmed);
 * failures are {@link MalformedReviewError}s naming the field.
 */
export const reviewScoreSchema = reportedAs(
  transform(
    object({
      /** The reviewer's account. */
      reviewer: address(),
      /** Coherence in basis points, 0..10000. */
      bps: integer({ max: 10_000 }),
      /** Why: what was good, what was not. Required, so every review score explains itself. */
      rationale: string({ pattern: /\S/, expected: "a written rationale" }),
    }),
    {
      decode: (review) => ({
        ...review,
        reviewer: review.reviewer.toLowerCase() as Hex,
        rationale: review.rationale.trim(),
      }),
      encode: (review) => review,
    },
  ),
  MalformedReviewError,
);
export type ReviewScore = Infer<typeof reviewScoreSchema>;

/**
 * Checks a review given as a value and returns it normalised.
 *
 * @example
 * validateReviewScore({ reviewer: "0xAbC...", bps: 8000, rationale: "Clear, complete spec." })
 */
export function validateReviewScore(review: unknown): ReviewScore {
  return parse(reviewScoreSchema, review, { path: ["review"] });
}
