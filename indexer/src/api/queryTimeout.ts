/**
 * The execution timeout of API reads. On PostgreSQL the `ponder serve` processes set `statement_timeout` on their
 * connections (ponder.config.ts, CCN_API_STATEMENT_TIMEOUT_MS), so PostgreSQL itself cancels a read that runs
 * longer: the work stops, not only the wait for it. This module answers such a cancellation as `QUERY_TIMEOUT`
 * (a REST route's error and a GraphQL error alike) and stops Ponder from running the cancelled read again.
 * PGlite runs in the indexer's own thread and cannot cancel a running query: there the cost, depth and size limits
 * bound the work instead.
 */
import type { MiddlewareHandler } from "hono";
import { ApiError } from "./errors.ts";

/** PostgreSQL's SQLSTATE `query_canceled`: a statement timeout or a cancel request. */
const QUERY_CANCELED = "57014";

/** The message PostgreSQL gives a statement its `statement_timeout` cancelled (the only trace left in GraphQL). */
const STATEMENT_TIMEOUT_MESSAGE = "canceling statement due to statement timeout";

/** Whether `error`, or an error it wraps (`cause`), is PostgreSQL cancelling a statement. */
export function isQueryCancelled(error: unknown): boolean {
  for (let e = error; typeof e === "object" && e !== null; e = (e as { cause?: unknown }).cause)
    if ((e as { code?: unknown }).code === QUERY_CANCELED) return true;
  return false;
}

/** The answer to a read PostgreSQL cancelled after `timeoutMs`. */
export function queryTimeoutError(timeoutMs: number, cause?: unknown): ApiError {
  return new ApiError(
    "QUERY_TIMEOUT",
    `The query ran longer than the limit of ${timeoutMs} ms and was cancelled: ask for fewer rows (limit), fewer nested lists, or no totalCount.`,
    { limit: String(timeoutMs) },
    { cause },
  );
}

/**
 * Ponder's GraphQL handler reports a failed read as a GraphQL error carrying only its message: an answer with a
 * statement-timeout error is replaced by a `QUERY_TIMEOUT` error (other errors pass). Mounted outside the
 * response-size cap, so the answer it reads is already bounded.
 */
export function graphqlQueryTimeout(timeoutMs: number): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.body === null) return;
    const text = await c.res.clone().text();
    // Most answers have no error: the message is looked for before any JSON is parsed.
    if (!text.includes(STATEMENT_TIMEOUT_MESSAGE)) return;
    const { errors } = JSON.parse(text) as { errors?: { message?: unknown }[] };
    if (errors?.some((e) => e.message === STATEMENT_TIMEOUT_MESSAGE)) {
      // Dropped, or the error answer would inherit its headers (Hono copies them), Content-Length included.
      c.res = undefined;
      throw queryTimeoutError(timeoutMs);
    }
  };
}

/** What of Ponder's query builder the API uses: `wrap` runs a query, retrying it when it fails. */
type QueryBuilder = { raw: unknown; wrap: (...args: unknown[]) => Promise<unknown> };

/**
 * Makes the API's reads run once. Ponder's `wrap` retries a failed query up to 9 times over about a minute
 * (right for indexing, whose writes must land), and its GraphQL `totalCount` goes through it: a count the timeout
 * cancelled would run again and again, and the answer wait for all of them. An API read that fails is answered
 * at once; the client decides whether to ask again.
 */
export function readOnce(qb: QueryBuilder): void {
  qb.wrap = async (...args: unknown[]) => {
    const query = (typeof args[0] === "function" ? args[0] : args[1]) as (db: unknown) => Promise<unknown>;
    return query(qb.raw);
  };
}
