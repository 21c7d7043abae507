/**
 * Webhook deliveries as GitHub sends them, for tests and benchmarks: payloads of the real shapes published in
 * `@octokit/webhooks-examples`, HMAC-signed with the secret and posted over HTTP to a running intake.
 */
import type { EmitterWebhookEventName, Webhooks } from "@octokit/webhooks";
import examples from "@octokit/webhooks-examples" with { type: "json" };

type Example = { name: string; examples: Record<string, unknown>[] };

/**
 * A copy of the first published example of `event` with this `action`, to be adjusted to the test's world.
 *
 * @example
 * const payload = examplePayload("pull_request", "closed");
 */
export function examplePayload(event: string, action: string): Record<string, unknown> {
  const found = (examples as unknown as Example[])
    .find((e) => e.name === event)
    ?.examples.find((e) => e.action === action);
  if (found === undefined) throw new Error(`@octokit/webhooks-examples has no ${event}.${action} example`);
  return structuredClone(found);
}

export type PostedDelivery = { status: number; body: { outcome: string; reason?: string; delivery?: string } };

export type PostDeliveryParameters = {
  url: string;
  event: EmitterWebhookEventName | string;
  id: string;
  /** The exact text sent (a JSON payload, or anything else to send malformed input). */
  body: string;
  /** Signs the body; `undefined` sends no signature, a string sends that one. */
  signature: Webhooks | string | undefined;
};

/** Posts one delivery to `<url>/webhooks/github` and returns the answer. */
export async function postDelivery(p: PostDeliveryParameters): Promise<PostedDelivery> {
  const signature = typeof p.signature === "object" ? await p.signature.sign(p.body) : p.signature;
  const response = await fetch(`${p.url}/webhooks/github`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": p.event.split(".")[0]!,
      "x-github-delivery": p.id,
      ...(signature === undefined ? {} : { "x-hub-signature-256": signature }),
    },
    body: p.body,
  });
  return { status: response.status, body: (await response.json()) as PostedDelivery["body"] };
}
