import { payoutDistributorAbi } from "@coherence/protocol";
import type { Address } from "viem";
import { useReadContracts } from "wagmi";

import { deployment } from "../config/deployment.ts";

/**
 * `claimed(account, token)` for each token, read from the distributor itself: what a claim will actually
 * pay is `cumulativeAmount - claimed`, whatever the indexer has caught up with. Refreshed after a claim.
 */
export function useClaimedOnChain(account: Address | undefined, tokens: readonly Address[]) {
  const address = deployment?.contracts.PayoutDistributor.address;
  return useReadContracts({
    contracts: tokens.map(
      (token) => ({ address, abi: payoutDistributorAbi, functionName: "claimed", args: [account!, token] }) as const,
    ),
    allowFailure: false,
    query: {
      enabled: account !== undefined && address !== undefined && tokens.length > 0,
      staleTime: 10_000,
      select: (results) => results.map((r) => (typeof r === "bigint" ? r : 0n)),
    },
  });
}
