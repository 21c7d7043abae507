import type { AccountHistoryResponse } from "@coherence/protocol";
import { useQuery } from "@tanstack/react-query";
import type { Address, Hex } from "viem";

import { indexer } from "../lib/indexer.ts";

/** Query key of an account's history, to refresh it after a claim. */
export const accountHistoryKey = (account: string | undefined) => ["accountHistory", account?.toLowerCase()] as const;

/** How often the history is asked again while a claim just made is not indexed yet. */
const AWAITING_CLAIM_MS = 2_000;

/**
 * What the account earned in every finalised epoch (and in those governance revoked since), per token, and every
 * claim it made, from the indexer's `/v1/accounts/:account/history`, decoded by the schema the indexer encodes with.
 * After a claim (`claimTx`), it is asked again until the indexer lists that transaction.
 */
export function useAccountHistory(account: Address | undefined, claimTx?: Hex) {
  return useQuery<AccountHistoryResponse>({
    queryKey: accountHistoryKey(account),
    enabled: account !== undefined,
    staleTime: 30_000,
    refetchInterval: (query) =>
      claimTx !== undefined && !query.state.data?.claims.some((c) => c.txHash === claimTx) ? AWAITING_CLAIM_MS : false,
    queryFn: ({ signal }): Promise<AccountHistoryResponse> => indexer.history(account!, signal),
  });
}
