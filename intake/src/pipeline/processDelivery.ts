/**
 * A queued delivery, to its outcome, by event: a closed change request may become contributions, a comment may
 * carry a `/ccn` command; any other event the App is subscribed to is done with nothing to do. The forge's
 * adapter reads its payload (`githubEvents.ts`); processing reads the forge and the chain but writes nothing: the
 * caller writes the outcome and completes the delivery at once.
 */
import type { EmitterWebhookEvent } from "@octokit/webhooks";

import { githubClosedChange, githubComment } from "../forge/githubEvents.ts";
import { type Delivery, type DeliveryOutcome, NO_OUTCOME } from "../store/intakeStore.ts";
import type { IntakeContext } from "./intakeContext.ts";
import { processClosedChange } from "./processClosedChange.ts";
import { processComment } from "./processComment.ts";

const refused = (delivery: Delivery, refusal: { code: string; reason: string }): DeliveryOutcome => ({
  ...NO_OUTCOME,
  refusals: [{ deliveryId: delivery.id, stage: "delivery", subject: undefined, ...refusal }],
});

export async function processDelivery(context: IntakeContext, delivery: Delivery): Promise<DeliveryOutcome> {
  // The receiver accepted only JSON objects; their shape is GitHub's for the event the header named.
  const payload: unknown = JSON.parse(delivery.payload);
  switch (delivery.event) {
    case "pull_request.closed": {
      const change = githubClosedChange(
        payload as EmitterWebhookEvent<"pull_request.closed">["payload"],
        context.forge,
      );
      return "code" in change ? refused(delivery, change) : processClosedChange(context, delivery, change);
    }
    case "issue_comment.created": {
      const comment = githubComment(payload as EmitterWebhookEvent<"issue_comment.created">["payload"], context.forge);
      if (comment === undefined) return NO_OUTCOME;
      return "code" in comment ? refused(delivery, comment) : processComment(context, delivery, comment);
    }
    default:
      return NO_OUTCOME;
  }
}
