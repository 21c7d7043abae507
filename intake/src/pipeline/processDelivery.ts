/**
 * A queued delivery, to its outcome, by event: merged pull requests become contributions, comments carry
 * `/ccn` commands; any other event the App is subscribed to is done with nothing to do. Processing reads the
 * forge and the chain but writes nothing: the caller writes the outcome and completes the delivery at once.
 */
import type { EmitterWebhookEvent } from "@octokit/webhooks";

import { type Delivery, type DeliveryOutcome, NO_OUTCOME } from "../store/intakeStore.ts";
import type { IntakeContext } from "./intakeContext.ts";
import { processComment } from "./processComment.ts";
import { processPullRequest } from "./processPullRequest.ts";

export async function processDelivery(context: IntakeContext, delivery: Delivery): Promise<DeliveryOutcome> {
  // The receiver accepted only JSON objects; their shape is GitHub's for the event the header named.
  const payload: unknown = JSON.parse(delivery.payload);
  switch (delivery.event) {
    case "pull_request.closed":
      return processPullRequest(context, delivery, payload as EmitterWebhookEvent<"pull_request.closed">["payload"]);
    case "issue_comment.created":
      return processComment(context, delivery, payload as EmitterWebhookEvent<"issue_comment.created">["payload"]);
    default:
      return NO_OUTCOME;
  }
}
