/**
 * The intake service: the HTTP server that queues deliveries, the workers that turn each queued delivery into
 * its outcome (side by side across repositories, in the order received within one: `deliveryOrder.ts`), and the
 * relayer that attests pending contributions in batches, and the link recorder that records links and unlinks in
 * the ForgeLinkRegistry (`linkRecorder.ts`), the previewer that scores open change requests for their preview
 * (`preview/runPreviewer.ts`), and the outbox's worker that comments on each decided change request and publishes
 * each preview (`feedbackPoster.ts`, `preview/publishPreviews.ts`). Each retries what failed (a dead RPC or forge
 * API) with back-off; what they decided is in the store before they go on, so stopping the process at any point
 * loses nothing.
 */
import type { Server } from "node:http";

import { postDueFeedback } from "../feedback/feedbackPoster.ts";
import { startIntakeServer } from "../http/intakeServer.ts";
import { linkerWallet, runLinkRecorder } from "../links/linkRecorder.ts";
import type { IntakeContext } from "../pipeline/intakeContext.ts";
import { processDelivery } from "../pipeline/processDelivery.ts";
import { publishDuePreviews } from "../preview/publishPreviews.ts";
import { runPreviewer } from "../preview/runPreviewer.ts";
import type { ScoreChangeParameters } from "../preview/scoreChange.ts";
import { type RelayerParameters, relayOnce } from "../relay/relayer.ts";
import { type Delivery, NO_OUTCOME, type Refusal } from "../store/intakeStore.ts";
import type { WebhookSource } from "../webhook/webhookSources.ts";
import { nextToStart } from "./deliveryOrder.ts";
import { isTransientError } from "./transientError.ts";
import { Backoff, Wakeup } from "./wakeup.ts";

export type IntakeServiceParameters = {
  context: IntakeContext;
  /** The forges whose webhooks are taken. */
  sources: readonly WebhookSource[];
  relayer: Omit<RelayerParameters, "store" | "client" | "deployment" | "now">;
  port: number;
  host: string;
  maxPayloadBytes: number;
  /** The web pages' origins allowed to call the intake's HTTP API from a browser (`http/cors.ts`); none unless told. */
  corsOrigins?: readonly string[] | undefined;
  /** How long the relayer lets contributions gather into one batch after the first is pending. */
  batchWindowMs: number;
  /** How many deliveries are processed at once (of different repositories; see `deliveryOrder.ts`). */
  workers: number;
  /** Where and for how long open change requests are scored for their preview. */
  preview: ScoreChangeParameters;
  now: () => number;
  log: (event: string, fields?: Record<string, unknown>) => void;
};

export type IntakeService = { url: string; stop(): Promise<void> };

/** The longest sleep of an idle loop before it looks for work that came without a notice. */
const IDLE_MS = 5_000;

export async function startIntakeService(p: IntakeServiceParameters): Promise<IntakeService> {
  const { store } = p.context;
  const deliveries = new Wakeup();
  const contributions = new Wakeup();
  const linkChanges = new Wakeup();
  const feedback = new Wakeup();
  const previews = new Wakeup();
  let running = true;

  /** Processes one delivery until its outcome is written, retrying what may pass (a dead RPC or forge API). */
  const handle = async (delivery: Delivery) => {
    const backoff = new Backoff(250, 60_000);
    while (running) {
      try {
        const started = performance.now();
        const outcome = await processDelivery(p.context, delivery);
        await store.complete(delivery.id, outcome, p.now());
        p.log("processed", {
          delivery: delivery.id,
          webhook: delivery.event,
          ms: Math.round(performance.now() - started),
          refusals: outcome.refusals.map((r) => r.code),
          contributions: outcome.contributions.length,
        });
        if (outcome.contributions.length > 0 || outcome.approvals.length > 0) contributions.notify();
        if (outcome.links.length > 0 || outcome.unlinks.length > 0) linkChanges.notify();
        if (outcome.feedback !== undefined) feedback.notify();
        if (outcome.preview !== undefined) {
          previews.notify();
          feedback.notify();
        }
        return;
      } catch (error) {
        if (!isTransientError(error)) {
          const reason = `cannot be processed: ${(error as Error).message}`;
          const refusal: Refusal = {
            deliveryId: delivery.id,
            stage: "delivery",
            code: "unprocessable",
            subject: delivery.event,
            reason,
          };
          await store.complete(delivery.id, { ...NO_OUTCOME, refusals: [refusal] }, p.now());
          p.log("processed", { delivery: delivery.id, webhook: delivery.event, refusals: [refusal.code], reason });
          return;
        }
        const delay = backoff.next();
        p.log("retrying", { delivery: delivery.id, inMs: delay, error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };

  /** Starts queued deliveries as `nextToStart` allows, up to `workers` at once. */
  const dispatcher = async () => {
    const inProgress = new Map<string, { delivery: Delivery; done: Promise<void> }>();
    while (running) {
      const next =
        inProgress.size < p.workers
          ? nextToStart(
              await store.queued(4 * p.workers),
              [...inProgress.values()].map((r) => r.delivery),
            )
          : undefined;
      if (next === undefined) {
        // A new delivery or a finished one may let another start.
        await deliveries.sleep(IDLE_MS);
        if (!running) break;
        continue;
      }
      const done = handle(next).finally(() => {
        inProgress.delete(next.id);
        deliveries.notify();
      });
      inProgress.set(next.id, { delivery: next, done });
    }
    await Promise.all([...inProgress.values()].map((r) => r.done));
  };

  const relayer = async () => {
    const backoff = new Backoff(500, 60_000);
    const parameters: RelayerParameters = {
      ...p.relayer,
      store,
      client: p.context.client,
      deployment: p.context.deployment,
      now: p.now,
    };
    while (running) {
      try {
        const result = await relayOnce(parameters);
        backoff.reset();
        if (result.attested > 0 || result.refused > 0) {
          p.log("relayed", { ...result });
          // A change request whose last contribution the chain settled now has its comment due.
          feedback.notify();
        }
        if (result.attested === 0 && result.refused === 0) {
          await contributions.sleep(IDLE_MS);
          // Gathers what arrives in the window into the same batch.
          if (running) await new Promise((resolve) => setTimeout(resolve, p.batchWindowMs));
        }
      } catch (error) {
        const delay = backoff.next();
        p.log("relay-retrying", { inMs: delay, error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };

  const commenter = async () => {
    const backoff = new Backoff(500, 60_000);
    const parameters = { store, forges: p.context.forges, now: p.now, limit: 20 };
    while (running) {
      try {
        // Comments and previews side by side: a forge refusing one kind holds up neither the other nor itself.
        const [comments, published] = await Promise.allSettled([
          postDueFeedback(parameters),
          publishDuePreviews(parameters),
        ]);
        if (comments.status === "fulfilled" && comments.value.posted + comments.value.found > 0)
          p.log("commented", { ...comments.value });
        if (published.status === "fulfilled" && published.value.published > 0)
          p.log("previews-published", { ...published.value });
        if (comments.status === "rejected") throw comments.reason;
        if (published.status === "rejected") throw published.reason;
        backoff.reset();
        if (comments.value.posted + comments.value.found + published.value.published === 0)
          await feedback.sleep(IDLE_MS);
      } catch (error) {
        const delay = backoff.next();
        p.log("comment-retrying", { inMs: delay, error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };

  const { server, url } = await startIntakeServer(
    {
      store,
      sources: p.sources,
      maxPayloadBytes: p.maxPayloadBytes,
      now: p.now,
      onQueued: () => deliveries.notify(),
      chain: p.context,
      corsOrigins: p.corsOrigins,
      onApproved: () => contributions.notify(),
    },
    p.port,
    p.host,
  );
  // The attester's key is the registry's linker too (governance granted it both roles).
  const linkRecorder = runLinkRecorder(
    {
      store,
      client: p.context.client,
      deployment: p.context.deployment,
      linker: linkerWallet(p.context.client, p.relayer.attester),
      now: p.now,
    },
    { running: () => running, wakeup: linkChanges, idleMs: IDLE_MS, log: p.log },
  );
  const previewer = runPreviewer(
    { ...p.preview, store, forges: p.context.forges, now: p.now },
    { running: () => running, wakeup: previews, scored: () => feedback.notify(), idleMs: IDLE_MS, log: p.log },
  );
  const loops = [dispatcher(), relayer(), linkRecorder, commenter(), previewer];
  p.log("listening", { url, webhooks: p.sources.map((s) => `${url}/webhooks/${s.forge}`) });
  return {
    url,
    async stop() {
      running = false;
      deliveries.notify();
      contributions.notify();
      linkChanges.notify();
      feedback.notify();
      previews.notify();
      await closeServer(server);
      await Promise.all(loops);
      await store.close();
    },
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
