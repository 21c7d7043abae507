/**
 * Whether an error processing a delivery may pass if tried again: the chain's RPC or the forge's API (GitHub's through
 * Octokit, GitLab's through Gitbeaker) did not answer, answered 5xx, limited the rate, or refused the credentials (which an operator fixes while the
 * delivery waits). Anything else is the delivery's own fault (a payload without the fields its event has, an
 * answer that says no such thing): trying again would give the same error, so it is refused with it instead of
 * holding up every delivery behind it.
 */
import { GitbeakerRequestError, GitbeakerRetryError, GitbeakerTimeoutError } from "@gitbeaker/rest";
import { RequestError } from "@octokit/request-error";
import { HttpRequestError, RpcRequestError, TimeoutError, BaseError as ViemError } from "viem";

const RETRIED_STATUSES = new Set([401, 403, 408, 429]);

const isTransientStatus = (status: number) => status >= 500 || status === 0 || RETRIED_STATUSES.has(status);

export function isTransientError(error: unknown): boolean {
  if (error instanceof RequestError) return isTransientStatus(error.status);
  // GitLab's client has already retried 429 and 502 several times when it gives up with these.
  if (error instanceof GitbeakerRetryError || error instanceof GitbeakerTimeoutError) return true;
  if (error instanceof GitbeakerRequestError) return isTransientStatus(error.cause?.response.status ?? 0);
  if (error instanceof ViemError)
    return (
      error.walk((e) => e instanceof HttpRequestError || e instanceof RpcRequestError || e instanceof TimeoutError) !==
      null
    );
  // fetch's network failures (ECONNREFUSED, a reset) before any answer.
  return error instanceof TypeError && error.message === "fetch failed";
}
