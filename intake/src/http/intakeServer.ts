/**
 * The intake's HTTP server: each configured forge's webhooks in (`POST /webhooks/github`, `POST /webhooks/gitlab`),
 * and what the intake decided out,
 * public, for contributors, maintainers and anyone verifying a link: `GET /links`, `GET /refusals`,
 * `GET /contributions`, `GET /deliveries/<id>` (queued or done), `GET /health`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { IntakeStore } from "../store/intakeStore.ts";
import { receiveDelivery } from "../webhook/receiveDelivery.ts";
import type { WebhookSource } from "../webhook/webhookSources.ts";

export type IntakeServerParameters = {
  store: IntakeStore;
  /** The forges whose webhooks are taken, each at `/webhooks/<forge>`. */
  sources: readonly WebhookSource[];
  maxPayloadBytes: number;
  /** Unix seconds now (the clock is a parameter so tests decide it). */
  now: () => number;
  /** Called after a delivery is queued, so the worker need not poll. */
  onQueued: () => void;
};

/**
 * The body, or `undefined` once it is longer than `maxBytes`; the rest is read and dropped, so the sender gets
 * its answer rather than a reset connection.
 */
async function readLimited(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length <= maxBytes) chunks.push(chunk);
  }
  return length > maxBytes ? undefined : Buffer.concat(chunks, length);
}

const json = (value: unknown): string =>
  JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v), 2);

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(json(body));
}

async function route(p: IntakeServerParameters, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? "/", "http://intake");
  const source = p.sources.find((s) => url.pathname === `/webhooks/${s.forge}`);
  if (request.method === "POST" && source !== undefined) {
    const declared = Number(request.headers["content-length"] ?? 0);
    const body = declared > p.maxPayloadBytes ? undefined : await readLimited(request, p.maxPayloadBytes);
    const receipt = await receiveDelivery({
      store: p.store,
      source,
      headers: request.headers as Record<string, string | undefined>,
      body,
      maxBytes: p.maxPayloadBytes,
      now: p.now(),
    });
    // Declared too large: answered without reading the body, and the connection closed rather than drained.
    if (body === undefined && declared > p.maxPayloadBytes) response.setHeader("connection", "close");
    answer(response, receipt.status, receipt.body);
    if (receipt.status === 202) p.onQueued();
    return;
  }
  if (request.method === "GET") {
    if (url.pathname === "/health") return answer(response, 200, { ok: true });
    const delivery = /^\/deliveries\/([^/]+)$/.exec(url.pathname);
    if (delivery !== null) {
      const state = await p.store.deliveryState(decodeURIComponent(delivery[1]!));
      if (state !== undefined) return answer(response, 200, { delivery: delivery[1], state });
    }
    if (url.pathname === "/links") return answer(response, 200, { links: await p.store.links() });
    if (url.pathname === "/refusals") return answer(response, 200, { refusals: await p.store.refusals() });
    if (url.pathname === "/contributions")
      return answer(response, 200, { contributions: await p.store.contributions() });
  }
  answer(response, 404, { outcome: "not-found", reason: `no ${request.method} ${url.pathname} here` });
}

/** Listens on `port` of 127.0.0.1 (0: a free one) and resolves with the server and its URL. */
export async function startIntakeServer(
  p: IntakeServerParameters,
  port: number,
  host = "127.0.0.1",
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    route(p, request, response).catch((error: unknown) => {
      if (!response.headersSent) answer(response, 500, { outcome: "error", reason: (error as Error).message });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return { server, url: `http://${host}:${bound}` };
}
