/** The chains the app knows: local Hardhat, Arbitrum Sepolia and Arbitrum One. */
import { type Chain } from "viem";
import { arbitrum, arbitrumSepolia, hardhat } from "viem/chains";

import { settings } from "./settings.ts";

export const KNOWN_CHAINS = [hardhat, arbitrumSepolia, arbitrum] as const;

export type KnownChainId = (typeof KNOWN_CHAINS)[number]["id"];

/** The chain the app is configured for, with the configured RPC first. */
export const targetChain: Chain = (() => {
  const known = KNOWN_CHAINS.find((c) => c.id === settings.chainId);
  const base: Chain = known ?? { ...hardhat, id: settings.chainId, name: "Local Hardhat" };
  if (settings.rpcUrl === undefined) return base;
  return { ...base, rpcUrls: { ...base.rpcUrls, default: { http: [settings.rpcUrl] } } };
})();

/** The name of a chain id for messages ("Arbitrum One", or "chain 5"). */
export function chainName(chainId: number): string {
  if (chainId === targetChain.id) return targetChain.name;
  return KNOWN_CHAINS.find((c) => c.id === chainId)?.name ?? `chain ${chainId}`;
}
