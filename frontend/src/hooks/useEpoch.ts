import { useQuery } from "@tanstack/react-query";

import { type EpochRow, parseEpoch, type RawEpoch } from "../lib/epochs.ts";
import { graphql } from "../lib/indexer.ts";
import { EPOCH_QUERY } from "../lib/queries.ts";

/** One epoch by number; null when the indexer has no such epoch. */
export function useEpoch(number: bigint | undefined) {
  return useQuery({
    queryKey: ["epoch", number?.toString()],
    enabled: number !== undefined,
    staleTime: 15_000,
    refetchInterval: 60_000,
    queryFn: async ({ signal }): Promise<EpochRow | null> => {
      const data = await graphql<{ epoch: RawEpoch | null }>(EPOCH_QUERY, { id: number!.toString() }, signal);
      return data.epoch === null ? null : parseEpoch(data.epoch);
    },
  });
}
