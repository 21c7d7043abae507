import fc from "fast-check";
import { describe, expect, test } from "vitest";

import { type FeedRound, priceAtTime } from "./priceAtTime.ts";

/** A feed whose rounds are `times` (ascending) in phase `phase`, each answering 100 + its index. */
function feed(times: bigint[], phase = 0n) {
  const id = (i: number) => (phase << 64n) | BigInt(i + 1);
  let reads = 0;
  return {
    reader: {
      latestRoundId: async () => id(times.length - 1),
      round: async (roundId: bigint): Promise<FeedRound | undefined> => {
        reads++;
        const i = Number(roundId & ((1n << 64n) - 1n)) - 1;
        return roundId >> 64n === phase && i >= 0 && i < times.length
          ? { answer: 100n + BigInt(i), updatedAt: times[i]! }
          : undefined;
      },
      decimals: async () => 8,
    },
    reads: () => reads,
  };
}

describe("priceAtTime", () => {
  test("the last round at or before the time, in the latest phase; none before the first round", async () => {
    const { reader } = feed([10n, 20n, 30n], 3n);
    expect(await priceAtTime(reader, 25n)).toEqual({ answer: 101n, decimals: 8, updatedAt: 20n });
    expect(await priceAtTime(reader, 30n)).toEqual({ answer: 102n, decimals: 8, updatedAt: 30n });
    expect(await priceAtTime(reader, 1_000n)).toMatchObject({ answer: 102n });
    expect(await priceAtTime(reader, 9n)).toBeUndefined();
  });

  test("agrees with a scan of every round, in about log2(rounds) reads", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.bigInt({ min: 1n, max: 10_000n }), { minLength: 1, maxLength: 300 }),
        fc.bigInt({ min: 0n, max: 10_001n }),
        async (unsorted, at) => {
          const times = [...unsorted].sort((a, b) => (a < b ? -1 : 1));
          const { reader, reads } = feed(times);
          const scanned = times.findLastIndex((t) => t <= at);
          const found = await priceAtTime(reader, at);
          expect(found?.answer).toBe(scanned < 0 ? undefined : 100n + BigInt(scanned));
          expect(reads()).toBeLessThanOrEqual(Math.ceil(Math.log2(times.length + 1)) + 1);
        },
      ),
    );
  });
});
