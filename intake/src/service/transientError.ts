/**
 * Whether an error processing a delivery may pass if tried again: the chain's RPC or the forge's API did not
 * answer, answered 5xx, limited the rate, or refused the App's credentials (which an operator fixes while the
 * delivery waits). Anything else is the delivery's own fault (a payload without the fields its event has, an
 * answer that says no such thing): trying again would give the same error, so it is refused with it instead of
 * holding up every delivery behind it.
 */
import { RequestError } from "@octokit/request-error";
import { HttpRequestError, RpcRequestError, TimeoutError, BaseError as ViemError } from "viem";

const RETRIED_STATUSES = new Set([401, 403, 408, 429]);

export function isTransientError(error: unknown): boolean {
  if (error instanceof RequestError)
    return error.status >= 500 || error.status === 0 || RETRIED_STATUSES.has(error.status);
  if (error instanceof ViemError)
    return (
      error.walk((e) => e instanceof HttpRequestError || e instanceof RpcRequestError || e instanceof TimeoutError) !==
      null
    );
  // fetch's network failures (ECONNREFUSED, a reset) before any answer.
  return error instanceof TypeError && error.message === "fetch failed";
}
