import { useBlock } from "wagmi";

import { useNow } from "./useNow.ts";

/**
 * The chain's current time in seconds, ticking locally: the latest block's timestamp (read once a minute, not
 * on every block) plus the local time elapsed since it was read. Challenge windows are in chain time, which on
 * a local chain can run ahead of the wall clock. Undefined until the first block is read.
 */
export function useChainTime(): number | undefined {
  const now = useNow();
  const block = useBlock({ query: { refetchInterval: 60_000, staleTime: 30_000 } });
  if (block.data === undefined) return undefined;
  const readAt = Math.floor(block.dataUpdatedAt / 1000);
  return Number(block.data.timestamp) + Math.max(0, now - readAt);
}
