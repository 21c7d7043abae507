import type { ManifestScore } from "@coherence/protocol";
import { useQueries } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Address } from "viem";

import type { EpochRow } from "../lib/epochs.ts";
import { errorText } from "../lib/errorText.ts";
import { manifestQuery } from "./useManifest.ts";

/** An account's leaf of one token in one finalised epoch. */
export type EpochPayout = { epoch: bigint; token: Address; amount: bigint; cumulative: bigint };

export type ContributorHistory = {
  payouts: EpochPayout[];
  /** Committed scores of the account's contributions (from the latest manifest holding each). */
  scores: Map<string, ManifestScore>;
  /** Epochs whose manifest could not be read, with why. */
  unavailable: { epoch: bigint; message: string }[];
  isLoading: boolean;
};

/**
 * Payouts over the finalised epochs and the coherence scores (with the scorer's metric breakdown) of an
 * account's contributions, read from each epoch's published manifest (verified against its on-chain hash).
 * The indexer does not index these (they are off-chain data committed by hash), so the browser reads them.
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
  const manifests = useQueries({
    queries: finalised.map((e) => ({ ...manifestQuery(e.number, e.manifestHash), enabled: address !== undefined })),
  });
  return useMemo(() => {
    const account = address?.toLowerCase();
    const wanted = new Set(contributionIds.map((id) => id.toLowerCase()));
    const payouts: EpochPayout[] = [];
    const scores = new Map<string, ManifestScore>();
    const unavailable: { epoch: bigint; message: string }[] = [];
    manifests.forEach((m, i) => {
      const epoch = finalised[i]!;
      if (m.error) unavailable.push({ epoch: epoch.number, message: errorText(m.error) });
      if (m.data === undefined || account === undefined) return;
      // A manifest's addresses are lower case.
      for (const leaf of m.data.manifest.leaves) {
        if (leaf.account === account) {
          payouts.push({ epoch: epoch.number, token: leaf.token, amount: leaf.amount, cumulative: leaf.cumulative });
        }
      }
      for (const score of m.data.manifest.scores)
        if (wanted.has(score.contributionId.toLowerCase())) scores.set(score.contributionId.toLowerCase(), score);
    });
    return { payouts, scores, unavailable, isLoading: manifests.some((m) => m.isLoading) };
  }, [address, contributionIds, finalised, manifests]);
}
