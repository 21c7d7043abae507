/**
 * The indexer's HTTP API: GraphQL (`POST /graphql`; errors come back with HTTP 200 in `errors`) and the claims
 * REST route (`GET /claims/:account`; errors as `{ error: { code, message } }`). Amounts arrive as decimal
 * strings and are turned into bigint by the callers' parsers.
 */
import { BaseError } from "@coherence/protocol";

import { settings } from "../config/settings.ts";
import type { IndexerQuery } from "./queries.ts";

/** An error answered by the indexer, or the indexer being unreachable (`code` NETWORK). */
export class IndexerError extends BaseError {
  override name = "IndexerError";
  /** The API's error code (`NO_LEAVES`, `NO_FINALISED_EPOCH`...) or NETWORK, BAD_RESPONSE, GRAPHQL, HTTP_<status>. */
  readonly code: string;
  readonly status: number | undefined;
  /** What the API's answer says besides code and message (`epoch` of a `NO_LEAVES`, say). */
  readonly fields: Readonly<Record<string, string>>;

  constructor(
    code: string,
    message: string,
    options: { status?: number | undefined; cause?: unknown; fields?: Record<string, string> } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.fields = options.fields ?? {};
  }
}

async function request(path: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(`${settings.indexerUrl}${path}`, init);
  } catch (cause) {
    throw new IndexerError(
      "NETWORK",
      `The indexer at ${settings.indexerUrl} cannot be reached (${(cause as Error).message}).`,
      { cause },
    );
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw new IndexerError("BAD_RESPONSE", `The indexer answered HTTP ${response.status} without JSON.`, {
      status: response.status,
      cause,
    });
  }
  return { status: response.status, body };
}

/**
 * Runs one of the web app's GraphQL queries (./queries.ts); throws {@link IndexerError} (code GRAPHQL) with the
 * first error message.
 *
 * @example
 * const data = await graphql<{ epochs: { items: EpochRow[] } }>(EPOCHS_QUERY);
 */
export async function graphql<T>(
  query: IndexerQuery,
  variables: Record<string, unknown> = {},
  signal?: AbortSignal,
): Promise<T> {
  const { status, body } = await request("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
    signal: signal ?? null,
  });
  const result = body as { data?: T; errors?: { message: string }[] };
  if (result.errors !== undefined && result.errors.length > 0) {
    throw new IndexerError("GRAPHQL", `The indexer rejected a query: ${result.errors[0]!.message}`, { status });
  }
  if (result.data === undefined)
    throw new IndexerError("GRAPHQL", `The indexer answered HTTP ${status} without data.`, { status });
  return result.data;
}

/** GET a REST route of the indexer; non-2xx answers become {@link IndexerError} with the API's code. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const { status, body } = await request(path, signal ? { signal } : undefined);
  if (status < 200 || status >= 300) {
    const { code, message, ...fields } = (body as { error?: Record<string, string> }).error ?? {};
    throw new IndexerError(code ?? `HTTP_${status}`, message ?? `The indexer answered HTTP ${status}.`, {
      status,
      fields,
    });
  }
  return body as T;
}
