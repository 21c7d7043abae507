import type { ManifestScore } from "@coherence/protocol";
import { useMemo } from "react";
import type { Address } from "viem";

import { sliceErrorText } from "../lib/accountSlice.ts";
import type { EpochRow } from "../lib/epochs.ts";
import { useEpochPayouts } from "./useEpochPayouts.ts";

/** An account's leaf of one token in one finalised epoch. */
export type EpochPayout = { epoch: bigint; token: Address; amount: bigint; cumulative: bigint };

export type ContributorHistory = {
  payouts: EpochPayout[];
  /** Committed scores of the account's contributions that its leaves cite (from the latest epoch citing each). */
  scores: Map<string, ManifestScore>;
  /** Epochs whose payouts could not be proven, with why (the slice's code first). */
  unavailable: { epoch: bigint; message: string }[];
  isLoading: boolean;
};

/**
 * Payouts over the finalised epochs and the coherence scores (with the scorer's metric breakdown) of an
 * account's contributions, read from the account's slice of each epoch's manifest (proven against the on-chain
 * manifest hash; the whole manifest only for an epoch published before slices). The indexer does not index these
 * (they are off-chain data committed by hash), so the browser proves them.
 */
export function useContributorHistory(
  address: string | undefined,
  epochs: readonly EpochRow[],
  contributionIds: readonly string[],
): ContributorHistory {
  const finalised = useMemo(
    () => epochs.filter((e) => e.status === "finalised").sort((a, b) => (a.number < b.number ? -1 : 1)),
    [epochs],
  );
  const proven = useEpochPayouts(address as Address | undefined, finalised);
  return useMemo(() => {
    const wanted = new Set(contributionIds.map((id) => id.toLowerCase()));
    const payouts: EpochPayout[] = [];
    const scores = new Map<string, ManifestScore>();
    const unavailable: { epoch: bigint; message: string }[] = [];
    proven.forEach((p, i) => {
      const epoch = finalised[i]!;
      if (p.error) unavailable.push({ epoch: epoch.number, message: sliceErrorText(p.error) });
      if (p.data === undefined) return;
      for (const leaf of p.data.leaves)
        payouts.push({ epoch: epoch.number, token: leaf.token, amount: leaf.amount, cumulative: leaf.cumulative });
      for (const score of p.data.scores)
        if (wanted.has(score.contributionId.toLowerCase())) scores.set(score.contributionId.toLowerCase(), score);
    });
    return { payouts, scores, unavailable, isLoading: proven.some((p) => p.isLoading) };
  }, [contributionIds, finalised, proven]);
}
