import { payoutDistributorAbi } from "@coherence/protocol";
import { getAddress } from "viem";
import { useReadContracts } from "wagmi";

import { deployment } from "../config/deployment.ts";
import type { TokenInfo } from "./useTokens.ts";

/** A token of the deployment and whether the distributor's allowlist takes it now (undefined until read). */
export type PayableToken = TokenInfo & { permit: boolean; allowed: boolean | undefined };

/**
 * The deployment's tokens, each checked against the distributor's allowlist (`isTokenAllowed`): governance can
 * remove a token the deployment file still lists, and the router then refuses payments in it.
 */
export function useAllowedTokens(): { tokens: PayableToken[]; isError: boolean } {
  const listed = deployment?.tokens ?? [];
  const distributor = deployment?.contracts.PayoutDistributor.address;
  const reads = useReadContracts({
    contracts: listed.map(
      (t) =>
        ({
          address: distributor,
          abi: payoutDistributorAbi,
          functionName: "isTokenAllowed",
          args: [t.address],
        }) as const,
    ),
    query: { enabled: distributor !== undefined && listed.length > 0, staleTime: 30_000 },
  });
  return {
    tokens: listed.map((t, i) => {
      const read = reads.data?.[i];
      return {
        ...t,
        address: getAddress(t.address),
        permit: t.permit === true,
        allowed: typeof read?.result === "boolean" ? read.result : undefined,
      };
    }),
    isError: reads.isError,
  };
}
