import type { ClaimsResponse } from "@coherence/protocol";
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";

import type { IndexedFinality } from "../lib/claimsAgreement.ts";
import { IndexerError, indexer } from "../lib/indexer.ts";

/** The claims of an account, or why there are none (`NO_LEAVES`, `NO_FINALISED_EPOCH`). */
export type ClaimsResult =
  | { kind: "claims"; claims: ClaimsResponse }
  /** `epoch`: the latest finalised epoch the indexer has (0 when it has none). */
  | { kind: "none"; code: "NO_LEAVES" | "NO_FINALISED_EPOCH"; message: string; epoch: bigint };

const POLL_MS = 3_000;

/** Query key of an account's claims, to refresh them after a claim. */
export const claimsKey = (account: string | undefined) => ["claims", account?.toLowerCase()] as const;

/**
 * The account's leaves of the latest finalised epoch with proofs and explanations, from the indexer's claims
 * API, decoded by the schema the indexer encodes them with. "Nothing to claim" is an answer, not an error.
 * While `pollWhile` holds of the answer (the indexer catching up with the chain, say), it is asked again every
 * few seconds.
 */
export function useClaims(
  account: Address | undefined,
  options: { pollWhile?: (result: ClaimsResult) => boolean } = {},
) {
  return useQuery<ClaimsResult>({
    queryKey: claimsKey(account),
    enabled: account !== undefined,
    staleTime: 30_000,
    refetchInterval: (query) =>
      query.state.data !== undefined && options.pollWhile?.(query.state.data) === true ? POLL_MS : false,
    queryFn: async ({ signal }): Promise<ClaimsResult> => {
      try {
        return { kind: "claims", claims: await indexer.claims(account!, signal) };
      } catch (error) {
        if (error instanceof IndexerError && (error.code === "NO_LEAVES" || error.code === "NO_FINALISED_EPOCH")) {
          const epoch =
            error.code === "NO_LEAVES" && /^\d+$/.test(error.fields.epoch ?? "") ? error.fields.epoch! : "0";
          return { kind: "none", code: error.code, message: error.shortMessage, epoch: BigInt(epoch) };
        }
        throw error;
      }
    },
  });
}

/** The finalised epoch the indexer answered from, and its root when the answer carries one. */
export function indexedFinality(result: ClaimsResult): IndexedFinality {
  return result.kind === "claims"
    ? { epoch: result.claims.epoch.number, root: result.claims.epoch.payoutRoot }
    : { epoch: result.epoch, root: undefined };
}
