import { useQuery } from "@tanstack/react-query";
import type { Hex } from "viem";

import { fetchVerifiedManifest, hasManifestSource } from "../lib/manifest.ts";

/** Query options of an epoch's verified manifest, shared by every hook that reads manifests (one fetch each). */
export function manifestQuery(epoch: bigint, manifestHash: Hex) {
  return {
    queryKey: ["manifest", manifestHash.toLowerCase()] as const,
    // A manifest whose hash matched never changes.
    staleTime: Infinity,
    gcTime: 10 * 60_000,
    retry: 1,
    queryFn: ({ signal }: { signal: AbortSignal }) => fetchVerifiedManifest(epoch, manifestHash, signal),
  };
}

/** An epoch's manifest, fetched and accepted only if it hashes to the on-chain manifestHash. */
export function useManifest(epoch: { number: bigint; manifestHash: Hex } | undefined) {
  return useQuery({
    ...manifestQuery(epoch?.number ?? 0n, epoch?.manifestHash ?? "0x"),
    enabled: epoch !== undefined && hasManifestSource(),
  });
}
