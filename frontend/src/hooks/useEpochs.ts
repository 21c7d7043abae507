import { useQuery } from "@tanstack/react-query";

import {
  type DisputeRow,
  type EpochRow,
  latestDispute,
  parseDispute,
  parseEpoch,
  type RawEpoch,
} from "../lib/epochs.ts";
import { graphql } from "../lib/indexer.ts";
import { EPOCHS_QUERY } from "../lib/queries.ts";
import type { SendQuery } from "./useAssetList.ts";

/** An epoch of the list with its latest dispute, if the latest disputes include one of it. */
export type ListedEpoch = EpochRow & { dispute: DisputeRow | undefined };

/** Every epoch proposal, newest first (up to 200), each with its latest dispute: one request. */
export async function fetchEpochs(
  send: SendQuery = graphql,
  signal?: AbortSignal,
): Promise<{ totalCount: number; items: ListedEpoch[] }> {
  const data = await send<{ epochs: { totalCount: number; items: RawEpoch[] }; disputes: { items: RawEpoch[] } }>(
    EPOCHS_QUERY,
    {},
    signal,
  );
  const disputes = data.disputes.items.map(parseDispute);
  return {
    totalCount: data.epochs.totalCount,
    items: data.epochs.items.map(parseEpoch).map((e) => ({ ...e, dispute: latestDispute(e.number, disputes) })),
  };
}

/** Every epoch proposal, newest first (up to 200). */
export function useEpochs() {
  return useQuery({
    queryKey: ["epochs"],
    staleTime: 15_000,
    refetchInterval: 60_000,
    queryFn: ({ signal }) => fetchEpochs(graphql, signal),
  });
}
