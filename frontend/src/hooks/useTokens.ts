import { useMemo } from "react";
import { type Address, erc20Abi, getAddress } from "viem";
import { useReadContracts } from "wagmi";

import { deployment } from "../config/deployment.ts";
import { shortAddress } from "../lib/format.ts";
import type { DescribeToken } from "../lib/txError.ts";

export type TokenInfo = { address: Address; symbol: string; decimals: number; name: string };

const KNOWN = new Map<string, TokenInfo>(
  (deployment?.tokens ?? []).map((t) => [t.address.toLowerCase(), { ...t, address: getAddress(t.address) }]),
);

/**
 * Symbol and decimals of tokens: the deployment's tokens are known at build time; any other token's metadata is
 * read from the chain once (it never changes) and cached.
 */
export function useTokens(addresses: readonly string[]): {
  tokens: Map<string, TokenInfo>;
  describe: DescribeToken;
  isLoading: boolean;
} {
  const unknown = useMemo(
    () => [...new Set(addresses.map((a) => a.toLowerCase()))].filter((a) => !KNOWN.has(a)).map((a) => getAddress(a)),
    [addresses],
  );
  const reads = useReadContracts({
    contracts: unknown.flatMap((address) => [
      { address, abi: erc20Abi, functionName: "symbol" } as const,
      { address, abi: erc20Abi, functionName: "decimals" } as const,
      { address, abi: erc20Abi, functionName: "name" } as const,
    ]),
    query: { enabled: unknown.length > 0, staleTime: Infinity, gcTime: Infinity },
  });
  return useMemo(() => {
    const tokens = new Map(KNOWN);
    unknown.forEach((address, i) => {
      const [symbol, decimals, name] = [reads.data?.[3 * i], reads.data?.[3 * i + 1], reads.data?.[3 * i + 2]];
      if (decimals?.status === "success") {
        tokens.set(address.toLowerCase(), {
          address,
          symbol: symbol?.status === "success" ? String(symbol.result) : shortAddress(address),
          decimals: Number(decimals.result),
          name: name?.status === "success" ? String(name.result) : address,
        });
      }
    });
    const describe: DescribeToken = (token) =>
      tokens.get(token.toLowerCase()) ?? { symbol: shortAddress(token), decimals: 0 };
    return { tokens, describe, isLoading: unknown.length > 0 && reads.isLoading };
  }, [unknown, reads.data, reads.isLoading]);
}
