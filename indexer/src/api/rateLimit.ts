/**
 * Per-client rate limits: a token bucket per client (its socket's address, or the first `X-Forwarded-For` hop
 * when the indexer sits behind a proxy it trusts), refilled at `perSecond` up to `burst`. A client over its limit
 * gets `RATE_LIMITED` (HTTP 429) with `Retry-After`, and nothing runs for it; other clients are not slowed.
 */
import type { Context, MiddlewareHandler } from "hono";

import { ApiError } from "./errors.ts";

export type RateLimitSettings = {
  /** Requests per second each client may sustain; 0 turns the limit off. */
  perSecond: number;
  /** Requests a client may make at once after being idle. */
  burst: number;
  /** Key clients by the first `X-Forwarded-For` address (only behind a proxy that sets it). */
  trustProxy: boolean;
};

/** Buckets kept at most; full ones (idle clients) are dropped first when there are more. */
const MAX_CLIENTS = 10_000;

type Bucket = { tokens: number; at: number };

/**
 * @example
 * app.use("*", rateLimit({ perSecond: 30, burst: 60, trustProxy: false }));
 */
export function rateLimit(settings: RateLimitSettings, now: () => number = () => performance.now()): MiddlewareHandler {
  const { perSecond, burst } = settings;
  const buckets = new Map<string, Bucket>();
  return async (c, next) => {
    if (perSecond === 0) return next();
    const client = clientOf(c, settings.trustProxy);
    const at = now();
    const last = buckets.get(client) ?? { tokens: burst, at };
    const tokens = Math.min(burst, last.tokens + ((at - last.at) * perSecond) / 1_000);
    if (tokens < 1) {
      buckets.set(client, { tokens, at });
      const retryAfter = Math.ceil((1 - tokens) / perSecond);
      c.header("Retry-After", String(retryAfter));
      throw new ApiError(
        "RATE_LIMITED",
        `Too many requests: at most ${perSecond} per second (bursts of ${burst}) per client; retry in ${retryAfter} s.`,
        { retryAfterSeconds: String(retryAfter) },
      );
    }
    buckets.set(client, { tokens: tokens - 1, at });
    if (buckets.size > MAX_CLIENTS) prune(buckets, at, settings);
    return next();
  };
}

function clientOf(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  // Ponder serves the app with @hono/node-server, which passes the Node request as `env.incoming`.
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? "unknown";
}

/** Drops the buckets of clients idle long enough to be full again: forgetting them changes nothing. */
function prune(buckets: Map<string, Bucket>, at: number, { perSecond, burst }: RateLimitSettings): void {
  for (const [client, bucket] of buckets) {
    if (bucket.tokens + ((at - bucket.at) * perSecond) / 1_000 >= burst) buckets.delete(client);
  }
}
