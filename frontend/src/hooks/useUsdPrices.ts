import { aggregatorV3InterfaceAbi } from "@coherence/protocol";
import { useMemo } from "react";
import { useReadContracts } from "wagmi";

import { USD_FEEDS } from "../config/priceFeeds.ts";
import type { UsdPrice } from "../lib/usdValue.ts";

const FEEDS = [...USD_FEEDS].map(([token, feed]) => ({ token, feed }));

/**
 * Each priced token's latest USD answer (`latestRoundData`) and its decimals, read from its Chainlink-interface
 * feed on the chain, by lower-case token address; a token without a feed, or whose feed cannot be read, is absent.
 * Asked again every minute: a feed posts at most that often anyway.
 */
export function useUsdPrices(): ReadonlyMap<string, UsdPrice> {
  const reads = useReadContracts({
    contracts: FEEDS.flatMap(({ feed }) => [
      { address: feed, abi: aggregatorV3InterfaceAbi, functionName: "latestRoundData" } as const,
      { address: feed, abi: aggregatorV3InterfaceAbi, functionName: "decimals" } as const,
    ]),
    query: { enabled: FEEDS.length > 0, staleTime: 60_000, refetchInterval: 60_000 },
  });
  return useMemo(() => {
    const prices = new Map<string, UsdPrice>();
    FEEDS.forEach(({ token }, i) => {
      const [round, decimals] = [reads.data?.[2 * i], reads.data?.[2 * i + 1]];
      if (round?.status !== "success" || decimals?.status !== "success") return;
      const [, answer, , updatedAt] = round.result as readonly [bigint, bigint, bigint, bigint, bigint];
      prices.set(token, { answer, decimals: Number(decimals.result), updatedAt });
    });
    return prices;
  }, [reads.data]);
}
