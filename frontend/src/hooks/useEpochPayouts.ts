import { type QueryClient, useQueries, useQueryClient } from "@tanstack/react-query";
import type { Hex } from "viem";

import type { CommittedEpoch } from "../lib/accountSlice.ts";
import { fetchEpochPayouts } from "../lib/epochPayouts.ts";
import { manifestQuery } from "./useManifest.ts";

/**
 * Query options of an account's proven payouts in one epoch (its slice; the whole manifest, shared with the other
 * pages, only for an epoch published before slices).
 */
export function epochPayoutsQuery(account: Hex, epoch: CommittedEpoch, queryClient: QueryClient) {
  return {
    queryKey: ["epoch-payouts", account.toLowerCase(), epoch.manifestHash.toLowerCase()] as const,
    // What was proven against a committed manifest hash never changes.
    staleTime: Infinity,
    gcTime: 10 * 60_000,
    retry: 1,
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      fetchEpochPayouts(account, epoch, (e) => queryClient.fetchQuery(manifestQuery(e.number, e.manifestHash)), signal),
  };
}

/** An account's proven payouts in each of `epochs`, one query each. */
export function useEpochPayouts(account: Hex | undefined, epochs: readonly CommittedEpoch[]) {
  const queryClient = useQueryClient();
  return useQueries({
    queries: epochs.map((e) => ({
      ...epochPayoutsQuery(account ?? "0x", e, queryClient),
      enabled: account !== undefined,
    })),
  });
}
