/**
 * Errors of the REST API. Each carries its HTTP status and a stable code, and is answered as
 * `{ "error": { "code", "message", ...fields } }`.
 */
import { BaseError } from "@coherence/protocol";

/** The kinds of error the API answers with, and their HTTP status. */
export const API_ERRORS = {
  /** The path's account is not a 20-byte hex address. */
  INVALID_ADDRESS: 400,
  /** The path's epoch is not a decimal number without leading zeros. */
  INVALID_EPOCH: 400,
  /** No proposal of the path's epoch number has been indexed. */
  NO_SUCH_EPOCH: 404,
  /** No epoch has been finalised yet. */
  NO_FINALISED_EPOCH: 404,
  /** The account has no leaf in the latest finalised epoch (or in the epoch the path names). */
  NO_LEAVES: 404,
  NOT_FOUND: 404,
  /** The request body is larger than the limit. */
  PAYLOAD_TOO_LARGE: 413,
  /** A GraphQL request that is not a JSON object with a `query` string. */
  INVALID_REQUEST: 400,
  /** A GraphQL POST whose body is not `application/json` (other types are answered differently, or not at all). */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** A GraphQL selection nested deeper than the depth limit (introspection fields do not count). */
  QUERY_TOO_DEEP: 400,
  /** A GraphQL query whose cost (./queryCost.ts) is above the limit. */
  QUERY_TOO_COSTLY: 400,
  /** A pagination argument (`limit`, `offset`, `orderDirection`, `after`, `before`) Ponder would misread. */
  INVALID_ARGUMENT: 400,
  /** A GraphQL answer larger than the response-size cap. */
  RESPONSE_TOO_LARGE: 400,
  /** PostgreSQL cancelled a read that ran longer than the statement timeout (./queryTimeout.ts). */
  QUERY_TIMEOUT: 503,
  /** The indexer has no manifest source configured (CCN_MANIFEST_DIR or CCN_MANIFEST_URL). */
  MANIFEST_SOURCE_NOT_CONFIGURED: 503,
  /** The manifest could not be fetched. */
  MANIFEST_UNAVAILABLE: 502,
  /** The manifest's bytes do not hash to the epoch's on-chain `manifestHash`. */
  MANIFEST_HASH_MISMATCH: 502,
  /** The manifest is not a valid manifest. */
  MANIFEST_INVALID: 502,
  /** The manifest hashes correctly but describes another epoch or root. */
  MANIFEST_INCONSISTENT: 502,
  /** The epoch's manifest is of a format committed by its bytes' hash (v1, v2): it has no chunks to slice. */
  MANIFEST_NOT_CHUNKED: 404,
  /** The client made more requests than its rate limit allows; `Retry-After` says when to try again. */
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

/**
 * An error the API reports to the caller as JSON. Its `message` (for logs) adds the cause's message as the
 * protocol's errors do; the caller gets the `shortMessage` and the `fields`.
 */
export class ApiError extends BaseError {
  override name = "ApiError";
  readonly code: ApiErrorCode;
  readonly status: (typeof API_ERRORS)[ApiErrorCode];
  /** What the answer says besides code and message (`source`, `epoch`, both hashes of a mismatch). */
  readonly fields: Record<string, string>;

  constructor(
    code: ApiErrorCode,
    message: string,
    fields: Record<string, string> = {},
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = API_ERRORS[code];
    this.fields = fields;
  }

  /** The response body of a REST route. */
  toJSON(): { error: Record<string, string> } {
    return { error: { code: this.code, message: this.shortMessage, ...this.fields } };
  }

  /** The response body on /graphql: a GraphQL error, so GraphQL clients read it where they read Ponder's. */
  toGraphQL(): { errors: { message: string; extensions: Record<string, string> }[] } {
    return { errors: [{ message: this.shortMessage, extensions: { code: this.code, ...this.fields } }] };
  }
}
