/**
 * The outbox's worker: posts each due comment (`feedbackComment.ts`) on its change request, exactly once across
 * restarts and `kill -9`. The store wrote the comment's row with the decision, in the same transaction; the
 * comment carries a hidden marker naming the deciding delivery, so before posting the worker lists the change
 * request's comments, and one already there (posted by a run that died, or whose answer was lost, before it
 * recorded the post) is recorded instead of posted again.
 */
import type { IntakeContext } from "../pipeline/intakeContext.ts";
import type { DueFeedback, IntakeStore } from "../store/intakeStore.ts";
import { feedbackComment, feedbackMarker } from "./feedbackComment.ts";

export type FeedbackPosterParameters = {
  store: IntakeStore;
  forges: IntakeContext["forges"];
  now: () => number;
  /** How many due comments one pass takes. */
  limit: number;
};

export type FeedbackResult = { posted: number; found: number };

/** Some comments could not be posted this pass (each said why); the others were. */
export class FeedbackPostError extends Error {
  override name = "FeedbackPostError";
  readonly failures: readonly { subject: string; error: unknown }[];

  constructor(failures: readonly { subject: string; error: unknown }[]) {
    const each = failures.map((f) => `${f.subject}: ${(f.error as Error).message}`).join("; ");
    super(`could not comment on ${failures.length} change request(s): ${each}`);
    this.failures = failures;
  }
}

/** Posts one due comment, or records the one a previous run posted; says which. */
async function deliver(p: FeedbackPosterParameters, due: DueFeedback): Promise<"posted" | "found"> {
  const { target } = due;
  const forge = p.forges[target.forge];
  if (forge === undefined) throw new Error(`the intake is no longer configured for ${target.forge}`);
  const repository = await forge.repository(target.scope, target.owner, target.name);
  const marker = feedbackMarker(due.deliveryId);
  const existing = (await repository.comments(target.number)).find((c) => c.body.startsWith(marker));
  const comment = existing ?? (await repository.comment(target.number, feedbackComment(due)));
  await p.store.markFeedbackPosted(target.forge, target.repository, target.number, comment.id, p.now());
  return existing === undefined ? "posted" : "found";
}

/**
 * Posts up to `limit` due comments. A forge error on one does not hold up the others: they are posted, then a
 * {@link FeedbackPostError} names what failed, for the caller to try again after a back-off.
 *
 * @example
 * const { posted } = await postDueFeedback({ store, forges, now, limit: 20 });
 */
export async function postDueFeedback(p: FeedbackPosterParameters): Promise<FeedbackResult> {
  const result: FeedbackResult = { posted: 0, found: 0 };
  const failures: { subject: string; error: unknown }[] = [];
  for (const due of await p.store.dueFeedback(p.limit)) {
    try {
      result[await deliver(p, due)]++;
    } catch (error) {
      failures.push({ subject: `${due.target.repository}#${due.target.number}`, error });
    }
  }
  if (failures.length > 0) throw new FeedbackPostError(failures);
  return result;
}
