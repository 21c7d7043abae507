/**
 * A queued delivery, to its outcome, by forge and event: a closed change request may become contributions, an
 * opened, pushed or reopened one a preview, a comment may carry a `/ccn` command; any other event the forge sends is done with nothing to do. Each forge's
 * adapter reads its own payloads (`githubEvents.ts`, `gitlabEvents.ts`); processing reads the forge and the chain
 * but writes nothing: the caller writes the outcome and completes the delivery at once.
 */
import type { EmitterWebhookEvent } from "@octokit/webhooks";

import type { ChangeComment, ClosedChange, OpenChange } from "../forge/change.ts";
import {
  githubClosedChange,
  githubComment,
  githubOpenChange,
  PREVIEWED_PULL_REQUEST_EVENTS,
} from "../forge/githubEvents.ts";
import {
  gitlabClosedChange,
  gitlabComment,
  gitlabOpenChange,
  type MergeRequestHook,
  type NoteHook,
} from "../forge/gitlabEvents.ts";
import { type Delivery, type DeliveryOutcome, NO_OUTCOME } from "../store/intakeStore.ts";
import type { IntakeContext } from "./intakeContext.ts";
import { processClosedChange } from "./processClosedChange.ts";
import { processComment } from "./processComment.ts";
import { processOpenChange } from "./processOpenChange.ts";

type Unreadable = { code: string; reason: string };
type Read =
  | { change: ClosedChange | Unreadable | undefined }
  | { open: OpenChange | Unreadable | undefined }
  | { comment: ChangeComment | Unreadable | undefined };

const refused = (delivery: Delivery, refusal: Unreadable): DeliveryOutcome => ({
  ...NO_OUTCOME,
  refusals: [{ deliveryId: delivery.id, stage: "delivery", subject: undefined, ...refusal }],
});

/** What the delivery's forge adapter reads of it; undefined for an event the intake does nothing with. */
async function read(context: IntakeContext, delivery: Delivery): Promise<Read | Unreadable | undefined> {
  // The receiver accepted only JSON objects, from the forge it names, with the event it named.
  const payload: unknown = JSON.parse(delivery.payload);
  const notConfigured = { code: "forge-not-configured", reason: `the intake is not configured for ${delivery.forge}` };
  if (delivery.forge === "github") {
    const forge = context.forges.github;
    if (forge === undefined) return notConfigured;
    if (delivery.event === "pull_request.closed")
      return { change: githubClosedChange(payload as EmitterWebhookEvent<"pull_request.closed">["payload"], forge) };
    if (PREVIEWED_PULL_REQUEST_EVENTS.includes(delivery.event))
      return { open: githubOpenChange(payload as Parameters<typeof githubOpenChange>[0], forge) };
    if (delivery.event === "issue_comment.created")
      return {
        comment: githubComment(payload as EmitterWebhookEvent<"issue_comment.created">["payload"], forge),
      };
    return undefined;
  }
  const gitlab = context.forges.gitlab;
  if (gitlab === undefined) return notConfigured;
  if (delivery.event.startsWith("merge_request.")) {
    const change = await gitlabClosedChange(payload as MergeRequestHook, gitlab);
    return change === undefined ? { open: await gitlabOpenChange(payload as MergeRequestHook, gitlab) } : { change };
  }
  if (delivery.event === "note" || delivery.event.startsWith("note."))
    return { comment: gitlabComment(payload as NoteHook, gitlab) };
  return undefined;
}

export async function processDelivery(context: IntakeContext, delivery: Delivery): Promise<DeliveryOutcome> {
  const found = await read(context, delivery);
  if (found === undefined) return NO_OUTCOME;
  if ("code" in found) return refused(delivery, found);
  if ("change" in found) {
    const { change } = found;
    if (change === undefined) return NO_OUTCOME;
    return "code" in change ? refused(delivery, change) : processClosedChange(context, delivery, change);
  }
  if ("open" in found) {
    const { open } = found;
    if (open === undefined) return NO_OUTCOME;
    return "code" in open ? refused(delivery, open) : processOpenChange(context, delivery, open);
  }
  const { comment } = found;
  if (comment === undefined) return NO_OUTCOME;
  return "code" in comment ? refused(delivery, comment) : processComment(context, delivery, comment);
}
