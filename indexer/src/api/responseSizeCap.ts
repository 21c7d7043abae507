/**
 * A cap on the size of an answer, behind the query cost limit: the cost bounds the number of values, this bounds
 * their bytes (long strings, wide rows), so no answer grows the server's memory or a client's download without
 * bound. The answer is read as it comes and dropped at the first byte over the cap.
 */
import type { MiddlewareHandler } from "hono";
import { ApiError } from "./errors.ts";

/**
 * @example
 * app.use("/graphql", responseSizeCap(16 * 1024 * 1024));
 */
export function responseSizeCap(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const body = c.res.body;
    if (body === null) return;
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new ApiError(
          "RESPONSE_TOO_LARGE",
          `The answer is larger than the limit of ${maxBytes} bytes: ask for fewer rows (limit) or fields.`,
          { limit: String(maxBytes) },
        );
      }
      chunks.push(value);
    }
    c.res = new Response(Buffer.concat(chunks), { status: c.res.status, headers: c.res.headers });
  };
}
