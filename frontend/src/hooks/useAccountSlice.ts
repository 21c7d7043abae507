import { useQuery } from "@tanstack/react-query";
import type { Hex } from "viem";

import { type CommittedEpoch, fetchAccountSlice } from "../lib/accountSlice.ts";

/** An account's slice of a finalised epoch's manifest, fetched from the claims API and proven on-chain. */
export function useAccountSlice(account: Hex | undefined, epoch: CommittedEpoch | undefined) {
  return useQuery({
    queryKey: ["account-slice", account?.toLowerCase(), epoch?.manifestHash.toLowerCase()] as const,
    // A slice proven against a committed manifest hash never changes.
    staleTime: Infinity,
    retry: 1,
    enabled: account !== undefined && epoch !== undefined,
    queryFn: ({ signal }) => fetchAccountSlice(account!, epoch!, signal),
  });
}
