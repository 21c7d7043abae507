/**
 * A GraphQL POST read once per request and shared by the middlewares that look at it before Ponder does (the
 * query limits and the response cache). Only `application/json` bodies are accepted: Ponder's GraphQL server
 * (Yoga) also reads `application/graphql`, form and multipart bodies and answers others, such as `text/plain`,
 * with an empty 200; accepting only the one type every GraphQL client sends means no request reaches Ponder
 * without having been measured.
 */
import { type DocumentNode, Kind, parse } from "graphql";
import type { Context } from "hono";
import { ApiError } from "./errors.ts";

export type GraphQLRequest = {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  /** Undefined when the query does not parse: Ponder answers the syntax error, and executes nothing. */
  document: DocumentNode | undefined;
};

const requests = new WeakMap<Request, Promise<GraphQLRequest>>();

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function read(c: Context): Promise<GraphQLRequest> {
  const contentType = c.req.header("content-type") ?? "";
  if (contentType.split(";")[0]!.trim().toLowerCase() !== "application/json") {
    throw new ApiError(
      "UNSUPPORTED_MEDIA_TYPE",
      `GraphQL requests are POSTed as application/json, got ${JSON.stringify(contentType || "no content type")}.`,
      { contentType },
    );
  }
  let body: unknown;
  try {
    // A clone: Ponder reads the original.
    body = JSON.parse(await c.req.raw.clone().text());
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

/** The request's GraphQL body; throws {@link ApiError} when it is not a JSON GraphQL request. */
export function graphqlRequest(c: Context): Promise<GraphQLRequest> {
  let request = requests.get(c.req.raw);
  if (request === undefined) {
    request = read(c);
    requests.set(c.req.raw, request);
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
