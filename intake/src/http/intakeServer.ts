/**
 * The intake's HTTP server: each configured forge's webhooks in (`POST /webhooks/github`, `POST /webhooks/gitlab`),
 * and what the intake decided out,
 * public, for contributors, maintainers and anyone verifying a link: `GET /links`, `GET /refusals` (filtered by
 * `login`, `forge`, `repository`), `GET /contributions` (by `contributor`, `repository`, `state`), `GET /repositories`
 * (each opted-in repository's asset, owner, gates in effect and counts), `GET /deliveries/<id>` (queued or done), `GET /health`; and
 * `POST /approvals`, an asset owner's signed release of held work (`approvals/approveHeld.ts`). Browsers of the
 * configured origins may call it (`cors.ts`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Deployment } from "@coherence/protocol";
import type { PublicClient } from "viem";

import { approveHeld } from "../approvals/approveHeld.ts";
import type { IntakeStore } from "../store/intakeStore.ts";
import { receiveDelivery } from "../webhook/receiveDelivery.ts";
import type { WebhookSource } from "../webhook/webhookSources.ts";
import { allowOrigin, answerPreflight, type CorsOrigins } from "./cors.ts";
import { contributionsMatching, IntakeQueryError, refusalsMatching } from "./queries.ts";
import { repositoryStatuses } from "./repositories.ts";

export type IntakeServerParameters = {
  store: IntakeStore;
  /** The forges whose webhooks are taken, each at `/webhooks/<forge>`. */
  sources: readonly WebhookSource[];
  maxPayloadBytes: number;
  /** Unix seconds now (the clock is a parameter so tests decide it). */
  now: () => number;
  /** Called after a delivery is queued, so the worker need not poll. */
  onQueued: () => void;
  /** The chain the intake attests on: who owns each repository's asset, and so who may approve held work. */
  chain?: { client: PublicClient; deployment: Deployment } | undefined;
  /** The web pages' origins allowed to call it from a browser; none unless told. */
  corsOrigins?: CorsOrigins | undefined;
  /** Called after an approval released held work, so the relayer need not poll. */
  onApproved?: (() => void) | undefined;
};

/** An approval is a few hundred bytes of JSON. */
const MAX_APPROVAL_BYTES = 16 * 1024;

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

/** The public reads, each filtered as its query asks. */
async function read(p: IntakeServerParameters, url: URL): Promise<[number, unknown] | undefined> {
  const { searchParams: query } = url;
  switch (url.pathname) {
    case "/links":
      return [200, { links: await p.store.links() }];
    case "/refusals":
      return [200, { refusals: refusalsMatching(await p.store.refusals(), query) }];
    case "/contributions":
      return [200, { contributions: contributionsMatching(await p.store.contributions(), query) }];
    case "/repositories": {
      if (p.chain === undefined) return CHAIN_NOT_CONFIGURED;
      const [contributions, refusals, optIns] = [
        await p.store.contributions(),
        await p.store.refusals(),
        await p.store.optIns(),
      ];
      return [200, { repositories: await repositoryStatuses({ ...p.chain, contributions, refusals, optIns }) }];
    }
  }
  return undefined;
}

const CHAIN_NOT_CONFIGURED: [number, unknown] = [
  503,
  { outcome: "chain-not-configured", reason: "this intake server was started without its chain" },
];

async function route(p: IntakeServerParameters, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? "/", "http://intake");
  const origins = p.corsOrigins ?? [];
  if (request.method === "OPTIONS") return answerPreflight(origins, request, response);
  allowOrigin(origins, request, response);
  if (request.method === "POST" && url.pathname === "/approvals") {
    if (p.chain === undefined) return answer(response, ...CHAIN_NOT_CONFIGURED);
    const body = await readLimited(request, MAX_APPROVAL_BYTES);
    if (body === undefined)
      return answer(response, 413, { outcome: "approval-malformed", reason: `over ${MAX_APPROVAL_BYTES} bytes` });
    const result = await approveHeld({ store: p.store, ...p.chain, body: body.toString("utf8"), now: p.now() });
    answer(response, result.status, result.body);
    if (result.status === 200) p.onApproved?.();
    return;
  }
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
    try {
      const found = await read(p, url);
      if (found !== undefined) return answer(response, ...found);
    } catch (error) {
      if (error instanceof IntakeQueryError)
        return answer(response, 400, { outcome: "bad-query", reason: error.message });
      throw error;
    }
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
