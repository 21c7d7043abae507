/**
 * The previewer: a loop of the service that scores each unscored preview, one at a time, oldest first
 * (`scoreChange.ts`, bounded by its timeout), and records the score, or why there is none as a refusal too, for
 * the outbox's worker to publish. It runs beside the delivery workers, so a slow or failing score never holds up
 * a merged change request's attestation.
 */

import { Backoff, type Wakeup } from "../service/wakeup.ts";
import type { IntakeStore } from "../store/intakeStore.ts";
import { previewKey } from "./preview.ts";
import { type ScoreChangeParameters, scoreChange } from "./scoreChange.ts";

export type PreviewerParameters = ScoreChangeParameters & { store: IntakeStore; now: () => number };

export type PreviewerLoop = {
  running: () => boolean;
  /** Notified when a delivery decided a preview. */
  wakeup: Wakeup;
  /** Notified when a score is recorded: the outbox's worker then has something to publish. */
  scored: () => void;
  idleMs: number;
  log: (event: string, fields?: Record<string, unknown>) => void;
};

/** Scores the oldest unscored preview, if any; whether there was one. */
export async function scoreNextPreview(p: PreviewerParameters): Promise<boolean> {
  const [next] = await p.store.unscoredPreviews(1);
  if (next === undefined) return false;
  const score = await scoreChange(p, next);
  const { target } = next;
  const refusal =
    score.state === "failed"
      ? {
          deliveryId: next.deliveryId,
          stage: "preview" as const,
          code: "preview-not-scored",
          subject: `${target.repository}#${target.number}`,
          reason: score.reason,
        }
      : undefined;
  await p.store.recordPreviewScore(previewKey(next), score, refusal, p.now());
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
