/**
 * Which web pages may read the intake from a browser (CORS): the origins its configuration names, none unless told
 * (`CCN_INTAKE_CORS_ORIGINS`). The API takes no cookies or credentials, so allowing an origin only lets its pages read
 * what anyone can fetch and post approvals that carry their own signature.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { InvalidArgumentError } from "@coherence/protocol";

/** `*` allows every origin. */
export type CorsOrigins = readonly string[];

const allows = (origins: CorsOrigins, origin: string) => origins.includes("*") || origins.includes(origin);

/** Sets the CORS headers for `request`'s origin when it is allowed; whether it is. */
export function allowOrigin(origins: CorsOrigins, request: IncomingMessage, response: ServerResponse): boolean {
  const origin = request.headers.origin;
  response.setHeader("vary", "origin");
  if (origin === undefined || !allows(origins, origin)) return false;
  response.setHeader("access-control-allow-origin", origin);
  return true;
}

/** Answers a preflight: 204 with what a browser may send, if its origin is allowed (else 204 without, and it stops). */
export function answerPreflight(origins: CorsOrigins, request: IncomingMessage, response: ServerResponse): void {
  if (allowOrigin(origins, request, response)) {
    response.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
    response.setHeader("access-control-allow-headers", "content-type");
    response.setHeader("access-control-max-age", "600");
  }
  response.writeHead(204).end();
}

/**
 * `CCN_INTAKE_CORS_ORIGINS`: comma-separated origins (`http://127.0.0.1:5173`, `https://app.example`) or `*`;
 * each must be an origin exactly (scheme, host, port; no path), as browsers send it.
 */
export function parseCorsOrigins(text: string | undefined): CorsOrigins {
  if (text === undefined || text.trim() === "") return [];
  return text.split(",").map((entry) => {
    const origin = entry.trim();
    if (origin === "*") return origin;
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || parsed.origin !== origin)
      throw new InvalidArgumentError(
        `CCN_INTAKE_CORS_ORIGINS: ${JSON.stringify(origin)} is not an origin (scheme://host[:port])`,
      );
    return origin;
  });
}
