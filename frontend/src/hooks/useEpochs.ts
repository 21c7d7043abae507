import { useQuery } from "@tanstack/react-query";

import { parseEpoch, type RawEpoch } from "../lib/epochs.ts";
import { graphql } from "../lib/indexer.ts";
import { EPOCHS_QUERY } from "../lib/queries.ts";

/** Every epoch proposal, newest first (up to 200). */
export function useEpochs() {
  return useQuery({
    queryKey: ["epochs"],
    staleTime: 15_000,
    refetchInterval: 60_000,
    queryFn: async ({ signal }) => {
      const data = await graphql<{ epochs: { totalCount: number; items: RawEpoch[] } }>(EPOCHS_QUERY, {}, signal);
      return { totalCount: data.epochs.totalCount, items: data.epochs.items.map(parseEpoch) };
    },
  });
}
