/**
 * A response cache keyed by the indexer's progress. Indexed data changes only when Ponder moves its checkpoint
 * (a new block indexed, or a reorg undone), so an answer computed at checkpoint C is exact for as long as the
 * checkpoint is C. The checkpoint is read at most once per `maxAgeMs` (one query shared by every waiting
 * request), so an answer is at most that much older than the data; everything else is served from memory.
 *
 * Without it, every GraphQL request is a few database queries on PGlite's single connection, and 50 concurrent
 * clients queue behind each other.
 */
import type { MiddlewareHandler } from "hono";

type Entry = { version: string; status: number; headers: [string, string][]; body: ArrayBuffer };

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
   * Middleware caching the 200 answers of a route, keyed by method, path and (for POST) body.
   *
   * @example
   * app.use("/graphql", cache.middleware());
   */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      if (this.#parameters.maxAgeMs <= 0 || (c.req.method !== "GET" && c.req.method !== "POST")) return next();
      const body = c.req.method === "POST" ? await c.req.raw.clone().text() : "";
      const key = `${c.req.method} ${c.req.path.toLowerCase()} ${body}`;
      const version = await this.version();
      const hit = this.#get(key, version);
      if (hit) return new Response(hit.body, { status: hit.status, headers: [...hit.headers, ["x-cache", "hit"]] });
      await next();
      if (c.res.status === 200) {
        const response = c.res.clone();
        this.#set(key, {
          version,
          status: response.status,
          headers: [...response.headers],
          body: await response.arrayBuffer(),
        });
      }
    };
  }
}
