/**
 * A response cache keyed by the indexer's progress. Indexed data changes only when Ponder moves its checkpoint
 * (a new block indexed, or a reorg undone), so an answer computed at checkpoint C is exact for as long as the
 * checkpoint is C. The checkpoint is read at most once per `maxAgeMs` (one query shared by every waiting
 * request), so an answer is at most that much older than the data; everything else is served from memory.
 *
 * Without it, every GraphQL request is a few database queries on PGlite's single connection, and 50 concurrent
 * clients queue behind each other.
 */
import type { Context, MiddlewareHandler } from "hono";

import { bytesAnswer } from "./directAnswer.ts";

// Only the content type is kept: the other headers (CORS, dates) belong to the request that computed it.
type Entry = { version: string; contentType: string; body: Uint8Array<ArrayBuffer> };

/** What of a request, besides method, path and the headers that select the answer's form, shapes its answer. */
export type RequestKey = (c: Context) => string | Promise<string>;

/** What {@link ResponseCache} needs. */
export type ResponseCacheParameters = {
  /** Reads the current checkpoint (any string that changes whenever indexed data may have changed). */
  readVersion: () => Promise<string>;
  /** How long a read checkpoint is trusted, in ms; 0 disables the cache. */
  maxAgeMs: number;
  /** Most entries kept (least recently used out first). */
  maxEntries: number;
  /** Most bytes of response bodies kept. */
  maxBytes: number;
};

/** The body of a request that may have one (a clone: the handler reads the original). */
const bodyKey: RequestKey = (c) => (c.req.method === "GET" ? "" : c.req.raw.clone().text());

export class ResponseCache {
  readonly #parameters: ResponseCacheParameters;
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;
  #version: string | undefined;
  #readAt = 0;
  #reading: Promise<string> | undefined;

  constructor(parameters: ResponseCacheParameters) {
    this.#parameters = parameters;
  }

  /** The checkpoint, re-read when older than `maxAgeMs`; concurrent callers share one read. */
  async version(): Promise<string> {
    if (this.#version !== undefined && performance.now() - this.#readAt < this.#parameters.maxAgeMs)
      return this.#version;
    this.#reading ??= this.#parameters
      .readVersion()
      .then((version) => {
        this.#version = version;
        this.#readAt = performance.now();
        return version;
      })
      .finally(() => {
        this.#reading = undefined;
      });
    return this.#reading;
  }

  #get(key: string, version: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (entry.version !== version) {
      this.#bytes -= entry.body.byteLength;
      return undefined;
    }
    this.#entries.set(key, entry);
    return entry;
  }

  #set(key: string, entry: Entry): void {
    const previous = this.#entries.get(key);
    if (previous) this.#bytes -= previous.body.byteLength;
    this.#entries.delete(key);
    if (entry.body.byteLength > this.#parameters.maxBytes / 4) return;
    this.#entries.set(key, entry);
    this.#bytes += entry.body.byteLength;
    for (const [oldest, old] of this.#entries) {
      if (this.#entries.size <= this.#parameters.maxEntries && this.#bytes <= this.#parameters.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= old.body.byteLength;
    }
  }

  /**
   * Middleware caching the successful JSON answers of a route. The key is the method, the path, the request's
   * `content-type` and `accept` (a GraphQL server answers `text/plain` or `text/event-stream` requests in
   * another form, or not at all) and `requestKey` (the body by default; a GET has none). Anything but a 200
   * `application/json` answer is not kept, so a request of another form cannot stand in for a JSON client's.
   *
   * @example
   * app.use("/graphql", cache.middleware((c) => graphqlRequests.cacheKey(c)));
   */
  middleware(requestKey: RequestKey = bodyKey): MiddlewareHandler {
    return async (c, next) => {
      if (this.#parameters.maxAgeMs <= 0 || (c.req.method !== "GET" && c.req.method !== "POST")) return next();
      const key = JSON.stringify([
        c.req.method,
        c.req.path.toLowerCase(),
        c.req.header("content-type") ?? "",
        c.req.header("accept") ?? "",
        await requestKey(c),
      ]);
      const version = await this.version();
      const hit = this.#get(key, version);
      // Written by ./directAnswer.ts's sendBytes when it is mounted around the route.
      if (hit) return bytesAnswer(c, hit.body, 200, { "content-type": hit.contentType, "x-cache": "hit" });
      await next();
      const contentType = c.res.headers.get("content-type") ?? "";
      if (c.res.status === 200 && contentType.split(";")[0]!.trim().toLowerCase() === "application/json") {
        this.#set(key, { version, contentType, body: new Uint8Array(await c.res.clone().arrayBuffer()) });
      }
    };
  }
}
