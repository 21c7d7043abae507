import { aggregatorV3InterfaceAbi } from "@coherence/protocol";
import type { Address, PublicClient } from "viem";

import type { FeedReader } from "./priceAtTime.ts";

/**
 * Reads a Chainlink-interface feed through `client`. A round the feed never had reverts (Chainlink's feeds and the
 * demo's alike), which is read as no round.
 */
export function feedReader(client: PublicClient, feed: Address): FeedReader {
  const read = { address: feed, abi: aggregatorV3InterfaceAbi } as const;
  return {
    latestRoundId: async () => (await client.readContract({ ...read, functionName: "latestRoundData" }))[0],
    round: async (roundId) => {
      try {
        const [, answer, , updatedAt] = await client.readContract({
          ...read,
          functionName: "getRoundData",
          args: [roundId],
        });
        return { answer, updatedAt };
      } catch {
        return undefined;
      }
    },
    decimals: async () => Number(await client.readContract({ ...read, functionName: "decimals" })),
  };
}
