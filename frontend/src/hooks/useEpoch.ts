import { useQuery } from "@tanstack/react-query";

import { type DisputeRow, type EpochRow, parseDispute, parseEpoch, type RawEpoch } from "../lib/epochs.ts";
import { graphql } from "../lib/indexer.ts";
import { EPOCH_QUERY } from "../lib/queries.ts";
import type { SendQuery } from "./useAssetList.ts";

/** An epoch with its disputes, oldest first. */
export type EpochWithDisputes = EpochRow & { disputes: DisputeRow[] };

/** One epoch by number with its disputes, in one request; null when the indexer has no such epoch. */
export async function fetchEpoch(
  number: bigint,
  send: SendQuery = graphql,
  signal?: AbortSignal,
): Promise<EpochWithDisputes | null> {
  const data = await send<{ epoch: RawEpoch | null; disputes: { items: RawEpoch[] } }>(
    EPOCH_QUERY,
    { id: number.toString() },
    signal,
  );
  return data.epoch === null ? null : { ...parseEpoch(data.epoch), disputes: data.disputes.items.map(parseDispute) };
}

/** One epoch by number; null when the indexer has no such epoch. */
export function useEpoch(number: bigint | undefined) {
  return useQuery({
    queryKey: ["epoch", number?.toString()],
    enabled: number !== undefined,
    staleTime: 15_000,
    refetchInterval: 60_000,
    queryFn: ({ signal }) => fetchEpoch(number!, graphql, signal),
  });
}
