/**
 * The outbox's worker, for previews: publishes each preview changed since it was last published (decided anew, or
 * scored) on its change request, the latest version only. A preview is found again by the forge (GitHub's check
 * run by its name on the head commit, GitLab's note by its marker) and updated, so a restart, or a post whose
 * answer was lost, never shows a second one; the version published is recorded after the forge answered.
 */
import { FeedbackPostError, type FeedbackPosterParameters } from "../feedback/feedbackPoster.ts";
import { previewKey } from "./preview.ts";
import { previewReport } from "./previewReport.ts";

/**
 * Publishes up to `limit` due previews; one the forge refuses does not hold up the others, and a
 * {@link FeedbackPostError} then names what failed, for the caller to try again after a back-off.
 *
 * @example
 * const { published } = await publishDuePreviews({ store, forges, now, limit: 20 });
 */
export async function publishDuePreviews(p: FeedbackPosterParameters): Promise<{ published: number }> {
  let published = 0;
  const failures: { subject: string; error: unknown }[] = [];
  for (const due of await p.store.duePreviews(p.limit)) {
    const { target } = due;
    try {
      const forge = p.forges[target.forge];
      if (forge === undefined) throw new Error(`the intake is no longer configured for ${target.forge}`);
      const repository = await forge.repository(target.scope, target.owner, target.name);
      const id = await repository.publishPreview(target.number, due.head, previewReport(due));
      await p.store.markPreviewPosted(previewKey(due), id, p.now());
      published++;
    } catch (error) {
      failures.push({ subject: `${target.repository}#${target.number}`, error });
    }
  }
  if (failures.length > 0) throw new FeedbackPostError(failures);
  return { published };
}
