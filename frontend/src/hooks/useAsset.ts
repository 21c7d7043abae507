import type { AssetKind } from "@coherence/protocol";
import { useQuery } from "@tanstack/react-query";

import type { ContributionCost } from "../lib/contributionCost.ts";
import { graphql } from "../lib/indexer.ts";
import { ASSET_QUERY } from "../lib/queries.ts";

export type AssetContribution = ContributionCost & {
  id: string;
  contributor: string;
  evidenceUri: string;
  status: "attested" | "revoked";
  attestedAt: bigint;
};

export type AssetDetail = {
  id: bigint;
  kind: AssetKind;
  uri: string;
  owner: string;
  contentHash: string;
  upstreamShareBps: number;
  registeredAt: bigint;
  registeredTx: string;
  resonance: {
    directChildren: number;
    descendants: number;
    contributorCount: number;
    diversityBps: number;
    totalCostMicroUsd: bigint;
    paymentCount: number;
  } | null;
  revenue: { token: string; paymentCount: number; amount: bigint; fee: bigint; reserve: bigint; pool: bigint }[];
  contributions: AssetContribution[];
  contributionCount: number;
};

type Row = Omit<
  AssetDetail,
  "id" | "registeredAt" | "resonance" | "revenue" | "contributions" | "contributionCount"
> & {
  id: string;
  registeredAt: string;
  resonance: (Omit<NonNullable<AssetDetail["resonance"]>, "totalCostMicroUsd"> & { totalCostMicroUsd: string }) | null;
  revenue: {
    items: { token: string; paymentCount: number; amount: string; fee: string; reserve: string; pool: string }[];
  };
  contributions: {
    totalCount: number;
    items: {
      id: string;
      contributorId: string;
      laborMicroUsd: string;
      toolsMicroUsd: string;
      computeMicroUsd: string;
      costMicroUsd: string;
      evidenceUri: string;
      status: "attested" | "revoked";
      attestedAt: string;
    }[];
  };
};

/** One asset with its resonance, revenue per token and contributions; null when there is no such asset. */
export function useAsset(id: bigint) {
  return useQuery({
    queryKey: ["asset", id.toString()],
    staleTime: 30_000,
    queryFn: async ({ signal }): Promise<AssetDetail | null> => {
      const { asset: r } = await graphql<{ asset: Row | null }>(ASSET_QUERY, { id: id.toString() }, signal);
      if (r === null) return null;
      return {
        ...r,
        id: BigInt(r.id),
        registeredAt: BigInt(r.registeredAt),
        resonance:
          r.resonance === null ? null : { ...r.resonance, totalCostMicroUsd: BigInt(r.resonance.totalCostMicroUsd) },
        revenue: r.revenue.items.map((v) => ({
          ...v,
          amount: BigInt(v.amount),
          fee: BigInt(v.fee),
          reserve: BigInt(v.reserve),
          pool: BigInt(v.pool),
        })),
        contributionCount: r.contributions.totalCount,
        contributions: r.contributions.items.map((c) => ({
          id: c.id,
          contributor: c.contributorId,
          laborMicroUsd: BigInt(c.laborMicroUsd),
          toolsMicroUsd: BigInt(c.toolsMicroUsd),
          computeMicroUsd: BigInt(c.computeMicroUsd),
          costMicroUsd: BigInt(c.costMicroUsd),
          evidenceUri: c.evidenceUri,
          status: c.status,
          attestedAt: BigInt(c.attestedAt),
        })),
      };
    },
  });
}
