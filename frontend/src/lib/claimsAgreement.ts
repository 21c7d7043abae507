import type { Hex } from "viem";

/** What the Claim page compares: the distributor's finalised epoch read from the chain, and the indexer's answer. */
export type ChainFinality = { finalisedEpoch: bigint; finalisedRoot: Hex };
export type IndexedFinality = { epoch: bigint; root: Hex | undefined };

/**
 * Whether the indexer's claims can be shown beside the chain's truth: `behind` when the chain has finalised an
 * epoch the indexer has not reached (after a restart it re-syncs from the first block, answering "no epoch yet"
 * for a while), or when they name the same epoch with different roots (a revocation not indexed yet). Figures
 * from a `behind` answer are never shown: they would contradict what the chain says was claimed.
 *
 * @example
 * claimsAgreement({ finalisedEpoch: 3n, finalisedRoot }, { epoch: 0n, root: undefined }) // { kind: "behind", ... }
 */
export function claimsAgreement(
  chain: ChainFinality,
  indexed: IndexedFinality,
): { kind: "agrees" } | { kind: "behind"; chainEpoch: bigint; indexedEpoch: bigint } {
  const behind =
    chain.finalisedEpoch > indexed.epoch ||
    (chain.finalisedEpoch === indexed.epoch &&
      indexed.root !== undefined &&
      indexed.root.toLowerCase() !== chain.finalisedRoot.toLowerCase());
  return behind
    ? { kind: "behind", chainEpoch: chain.finalisedEpoch, indexedEpoch: indexed.epoch }
    : { kind: "agrees" };
}
