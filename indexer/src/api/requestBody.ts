/**
 * A request's body, read once under a size cap. In Ponder's server it is read straight from Node's request
 * (Hono's Node adapter passes it as `env.incoming`): reading it through the fetch API's Request, as Hono's
 * `bodyLimit` and `c.req.text()` do, builds an undici Request and web streams (a clone's tee included) for every
 * request, and an answer served from the response cache needs only the bytes. A handler that reads the
 * Request itself (Ponder's GraphQL server, on a cache miss) is given the bytes by {@link bodyToRequest}.
 */
import type { IncomingMessage } from "node:http";
import type { Context, MiddlewareHandler } from "hono";

import { ApiError } from "./errors.ts";

const bodies = new WeakMap<Context, Promise<Uint8Array<ArrayBuffer>>>();

function incomingOf(c: Context): IncomingMessage | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError("PAYLOAD_TOO_LARGE", `Request body too large: the limit is ${maxBytes} bytes.`, {
    limit: String(maxBytes),
  });
}

/** The body of `incoming`, refused at the first byte past `maxBytes` (nothing more is kept). */
function readIncoming(incoming: IncomingMessage, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  // Read by someone else already, it would never end here: a bug to report, not a wait.
  if (incoming.readableDidRead) return Promise.reject(new Error("The request body was read before the API read it."));
  return new Promise((resolve, reject) => {
    const chunks: Buffer<ArrayBuffer>[] = [];
    let size = 0;
    const done = () => {
      incoming.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
    };
    const onData = (chunk: Buffer<ArrayBuffer>) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        done();
        reject(tooLarge(maxBytes));
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      done();
      reject(new ApiError("INVALID_REQUEST", "The request body could not be read.", {}, { cause: error }));
    };
    const onClose = () => onError(new Error("the client closed the request before its body ended"));
    incoming.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

async function read(c: Context, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const length = c.req.header("content-length");
  // A declared length is trusted only without chunked encoding (which would make it meaningless), as bodyLimit does.
  if (length !== undefined && c.req.header("transfer-encoding") === undefined && Number.parseInt(length, 10) > maxBytes)
    throw tooLarge(maxBytes);
  const incoming = incomingOf(c);
  if (incoming !== undefined) return readIncoming(incoming, maxBytes);
  // Not under Node's adapter (`app.request` in tests): a clone, so the Request keeps its body.
  const bytes = new Uint8Array(await c.req.raw.clone().arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  return bytes;
}

/**
 * The request's body, read at the first call and shared by the later ones; throws `PAYLOAD_TOO_LARGE` past
 * `maxBytes` bytes.
 */
export function requestBody(c: Context, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  let body = bodies.get(c);
  if (body === undefined) {
    body = read(c, maxBytes);
    bodies.set(c, body);
  }
  return body;
}

/**
 * Gives the handlers after it that read the request's Request the body {@link requestBody} read from Node's
 * request (as Hono's bodyLimit does once it has read a body).
 *
 * @example
 * app.use("/graphql", cache.middleware(key));
 * app.use("/graphql", bodyToRequest);
 */
export const bodyToRequest: MiddlewareHandler = async (c, next) => {
  const body = bodies.get(c);
  if (body !== undefined && incomingOf(c) !== undefined) c.req.raw = new Request(c.req.raw, { body: await body });
  return next();
};
