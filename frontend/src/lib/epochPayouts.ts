/**
 * An account's payouts in one epoch, proven in the browser for its history and its CSV: its slice of the epoch's
 * manifest from the claims API (kilobytes, every chunk proven against the on-chain manifest hash, every leaf
 * against the payout root), or, for an epoch published before slices (v1, v2), the whole manifest verified by its
 * hash. An epoch the indexer says the account has no payout in has no leaves, and says so: that is the indexer's
 * word, not a proof.
 */
import type { Hex, Manifest, ManifestLeaf, ManifestScore } from "@coherence/protocol";

import { type CommittedEpoch, fetchAccountSlice } from "./accountSlice.ts";

/** What proves an epoch's leaves: the account's slice, the whole manifest, or nothing (the indexer found none). */
export type PayoutsProof = "slice" | "manifest" | "indexer";

export type EpochPayouts = {
  epoch: bigint;
  /** The account's leaves, ascending by token. */
  leaves: readonly ManifestLeaf[];
  /** The scores the proof carries: those of the contributions the leaves cite (a slice), or every score (a manifest). */
  scores: readonly ManifestScore[];
  proof: PayoutsProof;
  /** Bytes downloaded to prove them. */
  byteLength: number;
};

/** Reads an epoch's whole manifest, verified by its hash (the app's shared, cached fetch). */
export type ReadManifest = (epoch: CommittedEpoch) => Promise<{ manifest: Manifest; byteLength: number }>;

/**
 * `account`'s proven payouts in `epoch`. Throws `AccountSliceError` when the slice cannot be had or does not
 * verify, and the manifest's error when a pre-v3 manifest cannot.
 *
 * @example
 * const { leaves, proof } = await fetchEpochPayouts(account, epoch, (e) => fetchVerifiedManifest(e.number, e.manifestHash));
 */
export async function fetchEpochPayouts(
  account: Hex,
  epoch: CommittedEpoch,
  readManifest: ReadManifest,
  signal?: AbortSignal,
): Promise<EpochPayouts> {
  const result = await fetchAccountSlice(account, epoch, signal, "epoch");
  if (result.kind === "slice") {
    const { slice } = result;
    return {
      epoch: epoch.number,
      leaves: slice.leaves,
      scores: [...slice.cited.scores.values()].flat(),
      proof: "slice",
      byteLength: slice.byteLength,
    };
  }
  if (result.kind === "no-leaves")
    return { epoch: epoch.number, leaves: [], scores: [], proof: "indexer", byteLength: 0 };
  const { manifest, byteLength } = await readManifest(epoch);
  const mine = account.toLowerCase();
  return {
    epoch: epoch.number,
    leaves: manifest.leaves.filter((l) => l.account.toLowerCase() === mine),
    scores: manifest.scores,
    proof: "manifest",
    byteLength,
  };
}
