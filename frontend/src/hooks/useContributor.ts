import { useQuery } from "@tanstack/react-query";

import type { ContributionCost } from "../lib/contributionCost.ts";
import { graphql } from "../lib/indexer.ts";
import { CONTRIBUTOR_QUERY } from "../lib/queries.ts";

export type ContributorContribution = ContributionCost & {
  id: string;
  assetId: bigint;
  evidenceUri: string;
  status: "attested" | "revoked";
  revokeReason: string | null;
  attestedAt: bigint;
};

export type ContributorClaim = {
  id: string;
  token: string;
  recipient: string;
  amount: bigint;
  epochNumber: bigint;
  timestamp: bigint;
  txHash: string;
};

export type ContributorDetail = {
  summary: {
    contributionCount: number;
    activeContributionCount: number;
    revokedContributionCount: number;
    assetCount: number;
    totalCostMicroUsd: bigint;
  } | null;
  contributions: ContributorContribution[];
  claims: ContributorClaim[];
  claimedByToken: Map<string, bigint>;
};

type Raw = Record<string, string | number | null>;

/** An address's contributions (with costs), claims and totals, from the indexer. */
export function useContributor(address: string | undefined) {
  return useQuery({
    queryKey: ["contributor", address?.toLowerCase()],
    enabled: address !== undefined,
    staleTime: 30_000,
    queryFn: async ({ signal }): Promise<ContributorDetail> => {
      const data = await graphql<{
        contributor: {
          contributionCount: number;
          activeContributionCount: number;
          revokedContributionCount: number;
          assetCount: number;
          totalCostMicroUsd: string;
        } | null;
        contributions: { items: Raw[] };
        claims: { items: Raw[] };
        claimTotals: { items: { token: string; claimed: string }[] };
      }>(CONTRIBUTOR_QUERY, { account: address!.toLowerCase() }, signal);
      const big = (v: unknown) => BigInt(String(v));
      return {
        summary:
          data.contributor === null
            ? null
            : { ...data.contributor, totalCostMicroUsd: big(data.contributor.totalCostMicroUsd) },
        contributions: data.contributions.items.map((c) => ({
          id: String(c.id),
          assetId: big(c.assetId),
          laborMicroUsd: big(c.laborMicroUsd),
          toolsMicroUsd: big(c.toolsMicroUsd),
          computeMicroUsd: big(c.computeMicroUsd),
          costMicroUsd: big(c.costMicroUsd),
          evidenceUri: String(c.evidenceUri),
          status: c.status === "revoked" ? "revoked" : "attested",
          revokeReason: c.revokeReason === null ? null : String(c.revokeReason),
          attestedAt: big(c.attestedAt),
        })),
        claims: data.claims.items.map((c) => ({
          id: String(c.id),
          token: String(c.token),
          recipient: String(c.recipient),
          amount: big(c.amount),
          epochNumber: big(c.epochNumber),
          timestamp: big(c.timestamp),
          txHash: String(c.txHash),
        })),
        claimedByToken: new Map(data.claimTotals.items.map((t) => [t.token.toLowerCase(), big(t.claimed)])),
      };
    },
  });
}
