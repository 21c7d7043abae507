/**
 * One GitHub webhook delivery, from the bytes received to the queue: size-limited, its `X-Hub-Signature-256`
 * checked over the exact bytes (by `@octokit/webhooks`), parsed, and queued once by its delivery id. Each refusal
 * is recorded with its reason before it is answered, so a sender's retry and an operator's look both find it.
 */
import type { Webhooks } from "@octokit/webhooks";

import type { IntakeStore, Refusal } from "../store/intakeStore.ts";

/** GitHub caps deliveries at 25 MB; the events the intake reads are a few kilobytes. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1_048_576;

/** The headers of a delivery the intake reads (lower-case names, as Node gives them). */
export type DeliveryHeaders = {
  "x-github-delivery"?: string | undefined;
  "x-github-event"?: string | undefined;
  "x-hub-signature-256"?: string | undefined;
};

/** What the HTTP answer says: its status and a JSON body naming the outcome. */
export type Receipt = { status: number; body: { outcome: string; reason?: string; delivery?: string } };

export type ReceiveDeliveryParameters = {
  store: IntakeStore;
  webhooks: Webhooks;
  headers: DeliveryHeaders;
  /** The body, or `undefined` when it was longer than `maxBytes` (and not read further). */
  body: Buffer | undefined;
  maxBytes: number;
  now: number;
};

const refused = async (
  p: ReceiveDeliveryParameters,
  status: number,
  code: string,
  reason: string,
  deliveryId: string | undefined,
): Promise<Receipt> => {
  const refusal: Refusal = { deliveryId, stage: "delivery", code, subject: undefined, reason };
  await p.store.refuse(refusal, p.now);
  return { status, body: { outcome: code, reason, ...(deliveryId === undefined ? {} : { delivery: deliveryId }) } };
};

/**
 * @example
 * const receipt = await receiveDelivery({ store, webhooks, headers: request.headers, body, maxBytes, now });
 * response.writeHead(receipt.status).end(JSON.stringify(receipt.body));
 */
export async function receiveDelivery(p: ReceiveDeliveryParameters): Promise<Receipt> {
  const id = p.headers["x-github-delivery"];
  if (p.body === undefined)
    return refused(p, 413, "oversized-payload", `the payload is larger than ${p.maxBytes} bytes`, id);
  const signature = p.headers["x-hub-signature-256"];
  if (signature === undefined || signature === "")
    return refused(p, 401, "missing-signature", "the delivery has no X-Hub-Signature-256 header", id);
  const payload = p.body.toString("utf8");
  // The signature is an HMAC over the bytes as sent, so it is checked before anything is parsed.
  if (!(await p.webhooks.verify(payload, signature).catch(() => false)))
    return refused(p, 401, "bad-signature", "X-Hub-Signature-256 is not the HMAC of the payload with the secret", id);
  if (id === undefined || id === "")
    return refused(p, 400, "missing-delivery-id", "the delivery has no X-GitHub-Delivery header", undefined);
  const event = p.headers["x-github-event"];
  if (event === undefined || event === "")
    return refused(p, 400, "missing-event", "the delivery has no X-GitHub-Event header", id);
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch (error) {
    return refused(p, 400, "malformed-json", `the payload is not JSON: ${(error as Error).message}`, id);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return refused(p, 400, "malformed-json", "the payload is not a JSON object", id);
  const action = (parsed as { action?: unknown }).action;
  const name = typeof action === "string" ? `${event}.${action}` : event;
  const queued = await p.store.accept({ id, forge: "github", event: name, payload, receivedAt: p.now });
  if (queued === "replayed")
    return refused(p, 200, "replayed-delivery", `delivery ${id} was received before: it is processed once`, id);
  return { status: 202, body: { outcome: "queued", delivery: id } };
}
