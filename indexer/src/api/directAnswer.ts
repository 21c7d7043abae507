/**
 * Answers whose bytes are ready (a response-cache hit), written straight to Node's response. Ponder serves the
 * app with Hono's Node adapter, which turns every answer into the fetch API's Response and streams its body:
 * Ponder's CORS middleware touches the answer before the app runs, so Hono copies whatever the app returns into a
 * new Response whose body is a web stream, and the adapter reads that stream into the socket (an undici Response,
 * a ReadableStream and its reader, per request). An answer of ready bytes needs none of it: the app answers with
 * status and headers and no body, the middlewares around it add their headers (CORS), and {@link sendBytes},
 * mounted outermost in the app, writes them and the bytes with one `writeHead` and `end`, then tells the adapter
 * the answer is sent (its `x-hono-already-sent` header: RESPONSE_ALREADY_SENT of @hono/node-server/utils/response).
 * Outside Node's adapter (`app.request` in tests), or without `sendBytes` mounted, the answer is an ordinary
 * Response of the bytes.
 */
import type { ServerResponse } from "node:http";
import type { Context, MiddlewareHandler } from "hono";

/** @hono/node-server's header for "the handler wrote the answer itself": the adapter then writes nothing. */
const ALREADY_SENT = "x-hono-already-sent";

/** The requests `sendBytes` is around, and the bytes it is to write for them. */
const pending = new WeakMap<Context, Uint8Array<ArrayBuffer> | null>();

function outgoingOf(c: Context): ServerResponse | undefined {
  // @hono/node-server passes Node's request and response as `env.incoming` and `env.outgoing`.
  return (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
}

/** An answer of `bytes`: written by {@link sendBytes} if it is mounted around the handler, else a Response. */
export function bytesAnswer(
  c: Context,
  bytes: Uint8Array<ArrayBuffer>,
  status: number,
  headers: Record<string, string>,
): Response {
  if (!pending.has(c) || outgoingOf(c) === undefined) return new Response(bytes, { status, headers });
  pending.set(c, bytes);
  return new Response(null, { status, headers });
}

/**
 * Writes the answers of {@link bytesAnswer} with the headers every middleware inside it gave them; mount it
 * before the others.
 *
 * @example
 * app.use("*", sendBytes());
 * app.use("*", corsOrigins(origins));
 */
export function sendBytes(): MiddlewareHandler {
  return async (c, next) => {
    pending.set(c, null);
    await next();
    const bytes = pending.get(c);
    pending.delete(c);
    // An error answered after the bytes were chosen stands (Hono sets `c.error` when its error handler answers).
    if (bytes == null || c.error !== undefined) return;
    const outgoing = outgoingOf(c)!;
    const headers: Record<string, string | number> = {};
    c.res.headers.forEach((value, name) => {
      headers[name] = value;
    });
    headers["content-length"] = bytes.byteLength;
    outgoing.writeHead(c.res.status, headers);
    outgoing.end(bytes);
    // The answer stays as it is (its length for Ponder's metrics, which read it), marked sent for the adapter.
    c.res.headers.set(ALREADY_SENT, "true");
    c.res.headers.set("content-length", String(bytes.byteLength));
  };
}
