/**
 * The canonical order in which contributions are measured. Novelty compares a contribution with the ones measured
 * before it, so every operator (and auditor) must measure in the same order, whatever its store already holds:
 * epoch by epoch — a contribution belongs to the first proposal whose block range covers its attestation, or to
 * the epoch being computed — and by id within an epoch.
 */
import type { Hex } from "viem";

export function scoringOrder<C extends { id: Hex; blockNumber: bigint }>(
  contributions: readonly C[],
  proposals: readonly { epoch: bigint; toBlock: bigint }[],
  currentEpoch: bigint,
): C[] {
  const epochOf = (blockNumber: bigint) => proposals.find((p) => p.toBlock >= blockNumber)?.epoch ?? currentEpoch;
  return contributions
    .map((c) => ({ c, epoch: epochOf(c.blockNumber), id: c.id.toLowerCase() }))
    .sort((a, b) => (a.epoch !== b.epoch ? (a.epoch < b.epoch ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(({ c }) => c);
}
