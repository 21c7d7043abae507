import { type Address, erc20Abi } from "viem";
import { useReadContracts } from "wagmi";

/** The account's wallet balance of each token (shown beside a claim, refreshed after it). */
export function useTokenBalances(account: Address | undefined, tokens: readonly Address[]) {
  return useReadContracts({
    contracts: tokens.map(
      (token) => ({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [account!] }) as const,
    ),
    allowFailure: false,
    query: {
      enabled: account !== undefined && tokens.length > 0,
      staleTime: 10_000,
      select: (results) => results.map((r) => (typeof r === "bigint" ? r : 0n)),
    },
  });
}
