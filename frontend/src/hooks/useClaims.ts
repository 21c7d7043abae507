import { type ClaimsResponse, claimsResponseSchema, parse } from "@coherence/protocol";
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";

import { getJson, IndexerError } from "../lib/indexer.ts";

/** The claims of an account, or why there are none (`NO_LEAVES`, `NO_FINALISED_EPOCH`). */
export type ClaimsResult =
  | { kind: "claims"; claims: ClaimsResponse }
  | { kind: "none"; code: "NO_LEAVES" | "NO_FINALISED_EPOCH"; message: string };

/** Query key of an account's claims, to refresh them after a claim. */
export const claimsKey = (account: string | undefined) => ["claims", account?.toLowerCase()] as const;

/**
 * The account's leaves of the latest finalised epoch with proofs and explanations, from the indexer's claims
 * API, decoded by the schema the indexer encodes them with. "Nothing to claim" is an answer, not an error.
 */
export function useClaims(account: Address | undefined) {
  return useQuery({
    queryKey: claimsKey(account),
    enabled: account !== undefined,
    staleTime: 30_000,
    queryFn: async ({ signal }): Promise<ClaimsResult> => {
      try {
        const json = await getJson<unknown>(`/claims/${account}`, signal);
        return { kind: "claims", claims: parse(claimsResponseSchema, json, { source: "claims API" }) };
      } catch (error) {
        if (error instanceof IndexerError && (error.code === "NO_LEAVES" || error.code === "NO_FINALISED_EPOCH")) {
          return { kind: "none", code: error.code, message: error.shortMessage };
        }
        throw error;
      }
    },
  });
}
