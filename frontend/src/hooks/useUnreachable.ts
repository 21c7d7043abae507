import { type Query, type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useSyncExternalStore } from "react";

import { type NetworkPart, unreachablePart } from "../lib/unreachable.ts";

/** How often queries that failed for want of a network are tried again while the banner says so. */
export const RETRY_SECONDS = 5;

// Queries no page shows any more (left behind in the cache) say nothing about the page in front of the person.
const failedForNetwork = (query: Query) =>
  query.getObserversCount() > 0 && query.state.status === "error" && unreachablePart(query.state.error) !== undefined;

/** The parts with failed queries, as a stable string for `useSyncExternalStore`: "indexer", "rpc", "indexer rpc". */
function snapshot(client: QueryClient): string {
  const parts = new Set<NetworkPart>();
  for (const query of client.getQueryCache().findAll({ predicate: failedForNetwork }))
    parts.add(unreachablePart(query.state.error)!);
  return [...parts].sort().join(" ");
}

/**
 * The parts of the network (the chain's RPC, the indexer) that the page's queries could not reach, retried every
 * {@link RETRY_SECONDS} s until they answer; `retry` tries them at once.
 */
export function useUnreachable(): { parts: NetworkPart[]; retry: () => void } {
  const client = useQueryClient();
  const parts = useSyncExternalStore(
    useCallback((onChange) => client.getQueryCache().subscribe(onChange), [client]),
    () => snapshot(client),
  );
  const retry = useCallback(() => void client.refetchQueries({ predicate: failedForNetwork }), [client]);
  useEffect(() => {
    if (parts === "") return;
    const timer = setInterval(retry, RETRY_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [parts, retry]);
  return { parts: parts === "" ? [] : (parts.split(" ") as NetworkPart[]), retry };
}
