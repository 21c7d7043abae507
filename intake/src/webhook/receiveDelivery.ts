/**
 * One webhook delivery, from the bytes received to the queue: size-limited, authenticated as its forge's webhook
 * (`webhookSources.ts`: GitHub's signature, GitLab's token) before anything is parsed, parsed, and queued once by
 * its delivery id. Each refusal is recorded with its reason before it is answered, so a sender's retry and an
 * operator's look both find it.
 */
import type { IntakeStore, Refusal } from "../store/intakeStore.ts";
import type { DeliveryHeaders, WebhookSource } from "./webhookSources.ts";

/** GitHub caps deliveries at 25 MB; the events the intake reads are a few kilobytes. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1_048_576;

/** What the HTTP answer says: its status and a JSON body naming the outcome. */
export type Receipt = { status: number; body: { outcome: string; reason?: string; delivery?: string } };

export type ReceiveDeliveryParameters = {
  store: IntakeStore;
  source: WebhookSource;
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

/** How a header is written in the forge's documentation, for a reason: `x-gitlab-event-uuid` as `X-Gitlab-Event-UUID`. */
const DISPLAY: Record<string, string> = {
  "x-github-delivery": "X-GitHub-Delivery",
  "x-github-event": "X-GitHub-Event",
  "x-gitlab-event-uuid": "X-Gitlab-Event-UUID",
  "x-gitlab-event": "X-Gitlab-Event",
};
const shown = (header: string) => DISPLAY[header] ?? header;

/**
 * @example
 * const receipt = await receiveDelivery({ store, source, headers: request.headers, body, maxBytes, now });
 * response.writeHead(receipt.status).end(JSON.stringify(receipt.body));
 */
export async function receiveDelivery(p: ReceiveDeliveryParameters): Promise<Receipt> {
  const { source } = p;
  const id = p.headers[source.idHeader];
  if (p.body === undefined)
    return refused(p, 413, "oversized-payload", `the payload is larger than ${p.maxBytes} bytes`, id);
  const payload = p.body.toString("utf8");
  const unauthentic = await source.authenticate(p.headers, payload);
  if (unauthentic !== undefined) return refused(p, 401, unauthentic.code, unauthentic.reason, id);
  if (id === undefined || id === "")
    return refused(p, 400, "missing-delivery-id", `the delivery has no ${shown(source.idHeader)} header`, undefined);
  const event = p.headers[source.eventHeader];
  if (event === undefined || event === "")
    return refused(p, 400, "missing-event", `the delivery has no ${shown(source.eventHeader)} header`, id);
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch (error) {
    return refused(p, 400, "malformed-json", `the payload is not JSON: ${(error as Error).message}`, id);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return refused(p, 400, "malformed-json", "the payload is not a JSON object", id);
  const name = source.eventName(event, parsed as Record<string, unknown>);
  const queued = await p.store.accept({ id, forge: source.forge, event: name, payload, receivedAt: p.now });
  if (queued === "replayed")
    return refused(p, 200, "replayed-delivery", `delivery ${id} was received before: it is processed once`, id);
  return { status: 202, body: { outcome: "queued", delivery: id } };
}
