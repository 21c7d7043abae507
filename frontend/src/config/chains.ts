/** The chain the app runs on, and how it names the chain a wallet is on; the networks are the protocol's. */
import { NETWORKS, networkOf } from "@coherence/protocol";
import type { Chain } from "viem";

import { settings } from "./settings.ts";

/** The configured chain (VITE_CHAIN_ID), with the configured RPC (VITE_RPC_URL) when there is one. */
export const targetChain: Chain = networkOf(settings.chainId, settings.rpcUrl).chain;

/**
 * A wallet's chain for messages: "Arbitrum One (chain 42161)" for a network the protocol knows, else "chain 5".
 * Not `chainName`: a wallet's unknown chain is someone else's network, not a local test chain.
 */
export function walletChainLabel(chainId: number): string {
  const known = NETWORKS.find((n) => n.chain.id === chainId);
  return known === undefined ? `chain ${chainId}` : `${known.chain.name} (chain ${chainId})`;
}
