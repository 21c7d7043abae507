import type { AssetKind } from "@coherence/protocol";
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";

import type { AttesterPolicy } from "../lib/attesterPolicy.ts";
import { type Authorship, parseAuthorship } from "../lib/authorship.ts";
import type { ContributionCost } from "../lib/contributionCost.ts";
import { type ContributionStatus, parseContributionStatus } from "../lib/contributionStatus.ts";
import { graphql } from "../lib/indexer.ts";
import { big } from "../lib/indexerValues.ts";
import { ASSET_QUERY } from "../lib/queries.ts";
import type { SendQuery } from "./useAssetList.ts";

export type AssetContribution = ContributionCost & {
  id: string;
  contributor: string;
  attester: Address;
  evidenceUri: string;
  status: ContributionStatus;
  /** More than 1 once its attester revoked it and attested it again, corrected. */
  attestationCount: number;
  revokeReason: string | null;
  attestedAt: bigint;
};

export type AssetDetail = {
  id: bigint;
  kind: AssetKind;
  uri: string;
  owner: string;
  /** Who registered it: the owner, unless it changed hands (a transfer or its author's reclaim). */
  registrant: string;
  contentHash: string;
  upstreamShareBps: number;
  registeredAt: bigint;
  registeredTx: string;
  authorship: Authorship;
  attesters: AttesterPolicy;
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

type Raw = Record<string, unknown>;
type Row = Raw & {
  attesters: { totalCount: number; items: { attester: Address }[] };
  resonance: (Omit<NonNullable<AssetDetail["resonance"]>, "totalCostMicroUsd"> & { totalCostMicroUsd: string }) | null;
  revenue: { items: Raw[] };
  contributions: { totalCount: number; items: Raw[] };
};

/** An asset's revenue row in one token (`token paymentCount amount fee reserve pool`). */
export function parseRevenue(v: Raw): AssetDetail["revenue"][number] {
  return {
    token: String(v.token),
    paymentCount: Number(v.paymentCount),
    amount: big(v.amount),
    fee: big(v.fee),
    reserve: big(v.reserve),
    pool: big(v.pool),
  };
}

/** One asset by id, in one request; null when there is no such asset. */
export async function fetchAsset(
  id: bigint,
  send: SendQuery = graphql,
  signal?: AbortSignal,
): Promise<AssetDetail | null> {
  const { asset: r } = await send<{ asset: Row | null }>(ASSET_QUERY, { id: id.toString() }, signal);
  if (r === null) return null;
  return {
    id: big(r.id),
    kind: r.kind as AssetKind,
    uri: String(r.uri),
    owner: String(r.owner),
    registrant: String(r.registrant),
    contentHash: String(r.contentHash),
    upstreamShareBps: Number(r.upstreamShareBps),
    registeredAt: big(r.registeredAt),
    registeredTx: String(r.registeredTx),
    authorship: parseAuthorship(r),
    attesters: {
      restricted: r.attestersRestricted === true,
      chosen: r.attesters.items.map((a) => a.attester),
      chosenCount: r.attesters.totalCount,
    },
    resonance: r.resonance === null ? null : { ...r.resonance, totalCostMicroUsd: big(r.resonance.totalCostMicroUsd) },
    revenue: r.revenue.items.map(parseRevenue),
    contributionCount: r.contributions.totalCount,
    contributions: r.contributions.items.map((c) => ({
      id: String(c.id),
      contributor: String(c.contributorId),
      attester: c.attester as Address,
      laborMicroUsd: big(c.laborMicroUsd),
      toolsMicroUsd: big(c.toolsMicroUsd),
      computeMicroUsd: big(c.computeMicroUsd),
      costMicroUsd: big(c.costMicroUsd),
      evidenceUri: String(c.evidenceUri),
      status: parseContributionStatus(c.status),
      attestationCount: Number(c.attestationCount),
      revokeReason: (c.revokeReason as string | null) ?? null,
      attestedAt: big(c.attestedAt),
    })),
  };
}

/** One asset with its authorship, attesters, resonance, revenue and contributions; null when there is none. */
export function useAsset(id: bigint) {
  return useQuery({
    queryKey: ["asset", id.toString()],
    staleTime: 30_000,
    queryFn: ({ signal }) => fetchAsset(id, graphql, signal),
  });
}
