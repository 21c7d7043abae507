/**
 * How each forge's webhook deliveries prove where they come from and say what they are. GitHub signs the bytes
 * (`X-Hub-Signature-256`, an HMAC with the App's webhook secret, checked by `@octokit/webhooks`) and numbers each
 * delivery (`X-GitHub-Delivery`); GitLab sends the webhook's secret token itself (`X-Gitlab-Token`) and numbers
 * each delivery `X-Gitlab-Event-UUID`. Either way the check comes before anything of the payload is read.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Webhooks } from "@octokit/webhooks";

import type { ForgeName } from "../store/intakeStore.ts";

/** A delivery's headers (lower-case names, as Node gives them). */
export type DeliveryHeaders = Readonly<Record<string, string | undefined>>;

export type SourceRefusal = { code: string; reason: string };

export type WebhookSource = {
  forge: ForgeName;
  /** The header naming the delivery (lower-case), the same on a redelivery: what de-duplicates. */
  idHeader: string;
  /** The header naming the event (lower-case). */
  eventHeader: string;
  /** A refusal unless the delivery proves it comes from the forge's webhook. */
  authenticate(headers: DeliveryHeaders, payload: string): Promise<SourceRefusal | undefined>;
  /** The name the delivery is queued under: `<event>.<action>`, or the bare event when it has no action. */
  eventName(event: string, payload: Record<string, unknown>): string;
};

const withAction = (event: string, action: unknown) => (typeof action === "string" ? `${event}.${action}` : event);

/**
 * GitHub App deliveries, signed with the App's webhook secret.
 *
 * @example
 * const source = githubSource(new Webhooks({ secret }));
 */
export function githubSource(webhooks: Webhooks): WebhookSource {
  return {
    forge: "github",
    idHeader: "x-github-delivery",
    eventHeader: "x-github-event",
    async authenticate(headers, payload) {
      const signature = headers["x-hub-signature-256"];
      if (signature === undefined || signature === "")
        return { code: "missing-signature", reason: "the delivery has no X-Hub-Signature-256 header" };
      // The signature is an HMAC over the bytes as sent, so it is checked before anything is parsed.
      if (!(await webhooks.verify(payload, signature).catch(() => false)))
        return {
          code: "bad-signature",
          reason: "X-Hub-Signature-256 is not the HMAC of the payload with the secret",
        };
      return undefined;
    },
    eventName: (event, payload) => withAction(event, payload.action),
  };
}

/** SHA-256 first, so that tokens of different lengths compare in constant time too. */
const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/**
 * GitLab project (or group) webhook deliveries, carrying the webhook's secret token. The queued name is GitLab's
 * `object_kind` and `object_attributes.action` (`merge_request.merge`, `note.create`), not the header's
 * `Merge Request Hook`, so that it reads like GitHub's.
 *
 * @example
 * const source = gitlabSource(process.env.CCN_GITLAB_WEBHOOK_SECRET);
 */
export function gitlabSource(secretToken: string): WebhookSource {
  const expected = digest(secretToken);
  return {
    forge: "gitlab",
    idHeader: "x-gitlab-event-uuid",
    eventHeader: "x-gitlab-event",
    async authenticate(headers) {
      const token = headers["x-gitlab-token"];
      if (token === undefined || token === "")
        return { code: "missing-token", reason: "the delivery has no X-Gitlab-Token header" };
      if (!timingSafeEqual(digest(token), expected))
        return { code: "bad-token", reason: "X-Gitlab-Token is not the webhook's secret token" };
      return undefined;
    },
    eventName(event, payload) {
      const kind = typeof payload.object_kind === "string" ? payload.object_kind : event;
      return withAction(kind, (payload.object_attributes as { action?: unknown } | undefined)?.action);
    },
  };
}
