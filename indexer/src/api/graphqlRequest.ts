/**
 * A GraphQL POST read once per request and shared by the middlewares that look at it before Ponder does (the
 * query limits and the response cache), and the requests that passed the limits, remembered by body
 * ({@link CheckedRequests}). Only `application/json` bodies are accepted: Ponder's GraphQL server
 * (Yoga) also reads `application/graphql`, form and multipart bodies and answers others, such as `text/plain`,
 * with an empty 200; accepting only the one type every GraphQL client sends means no request reaches Ponder
 * without having been measured.
 */
import { type DocumentNode, Kind, parse } from "graphql";
import type { Context } from "hono";
import { ApiError } from "./errors.ts";
import { requestBody } from "./requestBody.ts";

export type GraphQLRequest = {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  /** Undefined when the query does not parse: Ponder answers the syntax error, and executes nothing. */
  document: DocumentNode | undefined;
};

const requests = new WeakMap<Context, Promise<GraphQLRequest>>();

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function assertJson(c: Context): void {
  const contentType = c.req.header("content-type") ?? "";
  if (contentType.split(";")[0]!.trim().toLowerCase() !== "application/json") {
    throw new ApiError(
      "UNSUPPORTED_MEDIA_TYPE",
      `GraphQL requests are POSTed as application/json, got ${JSON.stringify(contentType || "no content type")}.`,
      { contentType },
    );
  }
}

async function read(c: Context, maxBodyBytes: number): Promise<GraphQLRequest> {
  assertJson(c);
  const bytes = await requestBody(c, maxBodyBytes);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch {
    throw new ApiError("INVALID_REQUEST", "The request body is not JSON.");
  }
  if (!isObject(body) || typeof body.query !== "string")
    throw new ApiError("INVALID_REQUEST", 'The request body must be a JSON object with a "query" string.');
  const { query, operationName, variables } = body;
  if (operationName != null && typeof operationName !== "string")
    throw new ApiError("INVALID_REQUEST", '"operationName" must be a string.');
  if (variables != null && !isObject(variables))
    throw new ApiError("INVALID_REQUEST", '"variables" must be a JSON object.');
  let document: DocumentNode | undefined;
  try {
    document = parse(query, { noLocation: true });
  } catch {
    document = undefined;
  }
  return { query, operationName: operationName ?? undefined, variables: variables ?? {}, document };
}

/**
 * The request's GraphQL body (read once, ./requestBody.ts, at most `maxBodyBytes` of it); throws {@link ApiError}
 * when it is not a JSON GraphQL request or is too large.
 */
function graphqlRequest(c: Context, maxBodyBytes: number): Promise<GraphQLRequest> {
  let request = requests.get(c);
  if (request === undefined) {
    request = read(c, maxBodyBytes);
    requests.set(c, request);
  }
  return request;
}

/**
 * What of the request can change the answer: the query, the operation and the values of the variables the
 * document declares. Graphql-js ignores any other variable, so a client adding one (a cache buster) gets the
 * cached answer rather than a new execution.
 */
export function graphqlCacheKey(request: GraphQLRequest): string {
  const declared = new Set<string>();
  for (const definition of request.document?.definitions ?? [])
    if (definition.kind === Kind.OPERATION_DEFINITION)
      for (const variable of definition.variableDefinitions ?? []) declared.add(variable.variable.name.value);
  const variables = Object.entries(request.variables)
    .filter(([name]) => declared.has(name))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([request.query, request.operationName ?? null, variables]);
}

/** What {@link CheckedRequests} needs. */
export type CheckedRequestsParameters = {
  /** The body-size limit (./requestBody.ts). */
  maxBodyBytes: number;
  /** Throws when the request is over a limit (depth, cost); given only requests whose query parses. */
  check: (request: GraphQLRequest & { document: DocumentNode }) => void;
  /** Bodies remembered at most, least recently used out first (only bodies up to {@link MAX_REMEMBERED_BODY}). */
  maxEntries: number;
};

/** The largest body remembered: the web app's queries are a few hundred bytes. */
export const MAX_REMEMBERED_BODY = 4096;

/**
 * The GraphQL requests that passed the limits, remembered by their body. The same bytes parse to the same query
 * and variables, so they pass the same limits and have the same cache key: a body sent before (clients ask the
 * same few queries again and again) is looked up instead of parsed and measured again, which is most of the work
 * of answering it from the response cache. A body over a limit is not remembered, so it is refused every time.
 */
export class CheckedRequests {
  readonly #parameters: CheckedRequestsParameters;
  /** Body (as latin1, one character per byte) to cache key. */
  readonly #keys = new Map<string, string>();
  readonly #perRequest = new WeakMap<Context, Promise<string>>();

  constructor(parameters: CheckedRequestsParameters) {
    this.#parameters = parameters;
  }

  /**
   * The request's cache key (what of it shapes the answer) once it has passed the limits, worked out once per
   * request; throws {@link ApiError} when it is not a JSON GraphQL request, is too large or over a limit.
   */
  cacheKey(c: Context): Promise<string> {
    let key = this.#perRequest.get(c);
    if (key === undefined) {
      key = this.#checked(c);
      this.#perRequest.set(c, key);
    }
    return key;
  }

  async #checked(c: Context): Promise<string> {
    assertJson(c);
    const bytes = await requestBody(c, this.#parameters.maxBodyBytes);
    const body =
      bytes.byteLength <= MAX_REMEMBERED_BODY
        ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1")
        : undefined;
    const known = body === undefined ? undefined : this.#keys.get(body);
    if (known !== undefined) {
      this.#keys.delete(body!);
      this.#keys.set(body!, known);
      return known;
    }
    const request = await graphqlRequest(c, this.#parameters.maxBodyBytes);
    if (request.document !== undefined) this.#parameters.check({ ...request, document: request.document });
    const key = graphqlCacheKey(request);
    if (body !== undefined) {
      this.#keys.set(body, key);
      if (this.#keys.size > this.#parameters.maxEntries) this.#keys.delete(this.#keys.keys().next().value!);
    }
    return key;
  }
}
