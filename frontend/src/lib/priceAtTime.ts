import type { UsdPrice } from "./usdValue.ts";

/** One round of a Chainlink-interface feed, as `getRoundData` answers it. */
export type FeedRound = { answer: bigint; updatedAt: bigint };

/** Reads a feed: its latest round id, a round by id (undefined when there is none), and its decimals. */
export type FeedReader = {
  latestRoundId(): Promise<bigint>;
  round(roundId: bigint): Promise<FeedRound | undefined>;
  decimals(): Promise<number>;
};

/** Chainlink round ids carry the aggregator's phase in their top 16 bits and the phase's round in the low 64. */
const PHASE_SHIFT = 64n;
const ROUND_MASK = (1n << PHASE_SHIFT) - 1n;

/**
 * The price a feed published last at or before `timestamp` (what a payout was worth when it was made), found by
 * binary search over the rounds of the latest round's phase: about 2·log2(rounds) reads. Undefined when the phase
 * has no round that early.
 *
 * @example
 * await priceAtTime(reader, epoch.finalisedAt) // { answer: 300_000_000_000n, decimals: 8, updatedAt: … }
 */
export async function priceAtTime(reader: FeedReader, timestamp: bigint): Promise<UsdPrice | undefined> {
  const latest = await reader.latestRoundId();
  const phase = latest & ~ROUND_MASK;
  let [low, high] = [1n, latest & ROUND_MASK];
  let found: FeedRound | undefined;
  while (low <= high) {
    const middle = (low + high) / 2n;
    const round = await reader.round(phase | middle);
    if (round !== undefined && round.updatedAt !== 0n && round.updatedAt <= timestamp) {
      found = round;
      low = middle + 1n;
    } else {
      high = middle - 1n;
    }
  }
  if (found === undefined) return undefined;
  return { answer: found.answer, updatedAt: found.updatedAt, decimals: await reader.decimals() };
}
