/**
 * Whether an error says a part of the network could not be reached (as opposed to answering "no"): the indexer's
 * HTTP API, or the chain's RPC, whether the app's own transport failed or the wallet's RPC behind it did.
 */
import { BaseError, HttpRequestError, TimeoutError, WebSocketRequestError } from "viem";

import { IndexerError } from "./indexer.ts";

export type NetworkPart = "rpc" | "indexer";

// What browsers and wallets say when a request never got an answer; a wallet whose RPC is down wraps this in an
// "Internal JSON-RPC error" (-32603), the code viem otherwise reads as a revert.
const NO_ANSWER = /failed to fetch|fetch failed|networkerror|network error|load failed|econnrefused|err_connection/i;

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && !chain.includes(e); e = (e as { cause?: unknown }).cause)
    chain.push(e);
  return chain;
}

/** The part of the network `error` says was unreachable, or undefined when it is any other error. */
export function unreachablePart(error: unknown): NetworkPart | undefined {
  const chain = causes(error);
  if (chain.some((e) => e instanceof IndexerError && e.code === "NETWORK")) return "indexer";
  if (
    chain.some((e) => e instanceof HttpRequestError || e instanceof TimeoutError || e instanceof WebSocketRequestError)
  )
    return "rpc";
  const said = chain.flatMap((e) =>
    e instanceof Error ? [e.message, e instanceof BaseError ? (e.details ?? "") : ""] : [],
  );
  if (chain.some((e) => e instanceof BaseError) && said.some((m) => NO_ANSWER.test(m))) return "rpc";
  return undefined;
}
