/**
 * The previewer: a loop of the service that scores each unscored preview, one at a time, oldest first
 * (`scoreChange.ts`, bounded by its timeout), and records the score, or why there is none as a refusal too, for
 * the outbox's worker to publish. It runs beside the delivery workers, so a slow or failing score never holds up
 * a merged change request's attestation.
 */

import { forgeHostOf } from "../links/forgeLink.ts";
import type { IntakeContext } from "../pipeline/intakeContext.ts";
import { Backoff, type Wakeup } from "../service/wakeup.ts";
import type { IntakeStore, Refusal } from "../store/intakeStore.ts";
import { type PreviewScore, previewKey, type StoredPreview } from "./preview.ts";
import { type ScoreChangeParameters, scoreChange } from "./scoreChange.ts";

export type PreviewerParameters = ScoreChangeParameters & {
  store: IntakeStore;
  /** Whose credentials each repository is fetched with. */
  forges: IntakeContext["forges"];
  now: () => number;
};

export type PreviewerLoop = {
  running: () => boolean;
  /** Notified when a delivery decided a preview. */
  wakeup: Wakeup;
  /** Notified when a score is recorded: the outbox's worker then has something to publish. */
  scored: () => void;
  idleMs: number;
  log: (event: string, fields?: Record<string, unknown>) => void;
};

/**
 * The forge's credentials for fetching the preview's repository, or why there are none. A forge the intake is not
 * configured for has none to give: its repository is fetched as anyone would.
 */
async function authorizationOf(p: PreviewerParameters, preview: StoredPreview): Promise<string | undefined> {
  const { target } = preview;
  const forge = p.forges[target.forge];
  if (forge === undefined) return undefined;
  const repository = await forge.repository(target.scope, target.owner, target.name);
  return repository.fetchAuthorization();
}

/** What is recorded of a preview that has no score: a refusal of the preview stage, by why. */
function refusalOf(preview: StoredPreview, score: PreviewScore): Refusal | undefined {
  if (score.state === "scored") return undefined;
  const subject = `${preview.target.repository}#${preview.target.number}`;
  const reason =
    score.state === "failed"
      ? score.reason
      : `${score.range} is a change of ${score.kind}, which the scoring config's reviewKinds hold for a reviewer`;
  const code = score.state === "failed" ? "preview-not-scored" : "preview-held-for-review";
  return {
    deliveryId: preview.deliveryId,
    stage: "preview",
    code,
    subject,
    reason,
    host: forgeHostOf(preview.target.repository),
  };
}

/** Scores the oldest unscored preview, if any; whether there was one. */
export async function scoreNextPreview(p: PreviewerParameters): Promise<boolean> {
  const [next] = await p.store.unscoredPreviews(1);
  if (next === undefined) return false;
  // A forge that gives no credentials (the App uninstalled, an outage) fails this preview, not the loop.
  const score = await authorizationOf(p, next).then(
    (authorization) => scoreChange(p, next, authorization),
    (error: Error): PreviewScore => ({
      state: "failed",
      reason: `asking ${next.target.forge} for credentials to fetch ${next.cloneUrl}: ${error.message}`,
    }),
  );
  await p.store.recordPreviewScore(previewKey(next), score, refusalOf(next, score), p.now());
  return true;
}

export async function runPreviewer(p: PreviewerParameters, loop: PreviewerLoop): Promise<void> {
  const backoff = new Backoff(500, 60_000);
  while (loop.running()) {
    try {
      const started = performance.now();
      if (await scoreNextPreview(p)) {
        backoff.reset();
        loop.log("previewed", { ms: Math.round(performance.now() - started) });
        loop.scored();
      } else await loop.wakeup.sleep(loop.idleMs);
    } catch (error) {
      // Only the store fails here: a score that fails is recorded as the preview's answer.
      const delay = backoff.next();
      loop.log("preview-retrying", { inMs: delay, error: (error as Error).message });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
