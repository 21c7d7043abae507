import { useQuery } from "@tanstack/react-query";

import type { ContributionCost } from "../lib/contributionCost.ts";
import { type ContributionStatus, parseContributionStatus } from "../lib/contributionStatus.ts";
import { graphql } from "../lib/indexer.ts";
import { big } from "../lib/indexerValues.ts";
import { CONTRIBUTOR_QUERY } from "../lib/queries.ts";
import type { SendQuery } from "./useAssetList.ts";

export type ContributorContribution = ContributionCost & {
  id: string;
  assetId: bigint;
  evidenceUri: string;
  status: ContributionStatus;
  /** More than 1 once its attester revoked it and attested it again, corrected. */
  attestationCount: number;
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
    /** Revoked by their attester and not attested again (yet). */
    revokedContributionCount: number;
    /** Struck by governance. */
    struckContributionCount: number;
    assetCount: number;
    totalCostMicroUsd: bigint;
  } | null;
  contributions: ContributorContribution[];
  claims: ContributorClaim[];
  claimedByToken: Map<string, bigint>;
};

type Raw = Record<string, string | number | null>;

/** An address's contributor summary, contributions, claims and claimed totals, in one request. */
export async function fetchContributor(
  address: string,
  send: SendQuery = graphql,
  signal?: AbortSignal,
): Promise<ContributorDetail> {
  const data = await send<{
    contributor:
      | (Omit<NonNullable<ContributorDetail["summary"]>, "totalCostMicroUsd"> & {
          totalCostMicroUsd: string;
        })
      | null;
    contributions: { items: Raw[] };
    claims: { items: Raw[] };
    claimTotals: { items: { token: string; claimed: string }[] };
  }>(CONTRIBUTOR_QUERY, { account: address.toLowerCase() }, signal);
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
      status: parseContributionStatus(c.status),
      attestationCount: Number(c.attestationCount),
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
}

/** An address's contributions (with costs), claims and totals, from the indexer. */
export function useContributor(address: string | undefined) {
  return useQuery({
    queryKey: ["contributor", address?.toLowerCase()],
    enabled: address !== undefined,
    staleTime: 30_000,
    queryFn: ({ signal }) => fetchContributor(address!, graphql, signal),
  });
}
