/**
 * Which browser origins may read the API's answers (`CCN_CORS_ORIGINS`). Ponder's server answers every route,
 * preflights included, with `Access-Control-Allow-Origin: *` before the app sees the request; this middleware
 * narrows the answers of the app's routes to the configured origins, so a page of another origin cannot read
 * them (the browser blocks an answer without a matching header).
 */
import type { MiddlewareHandler } from "hono";

/** Whether `origin` is one of `allowed` (exact origins, or `scheme://host:*` for any port of the host). */
export function originAllowed(allowed: readonly string[], origin: string): boolean {
  return allowed.some((entry) => {
    if (!entry.endsWith(":*")) return origin === entry;
    const host = entry.slice(0, -2);
    return origin === host || (origin.startsWith(`${host}:`) && /^\d{1,5}$/.test(origin.slice(host.length + 1)));
  });
}

/**
 * @example
 * app.use("*", corsOrigins(["https://app.example", "http://localhost:*"]));
 */
export function corsOrigins(allowed: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const origin = c.req.header("origin");
    c.res.headers.append("Vary", "Origin");
    if (origin !== undefined && originAllowed(allowed, origin))
      c.res.headers.set("Access-Control-Allow-Origin", origin);
    else c.res.headers.delete("Access-Control-Allow-Origin");
  };
}
