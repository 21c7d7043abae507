/**
 * The chains the protocol runs on, from viem's chain registry: local Hardhat, Arbitrum Sepolia and Arbitrum One.
 * Any other id is taken as a local test chain (a Hardhat node started with its own chain id).
 */
import type { Chain } from "viem";
import { arbitrum, arbitrumSepolia, hardhat } from "viem/chains";

/** A chain the protocol knows, with the name its deploy parameters and deployment files use. */
export type ProtocolNetwork = { chain: Chain; network: string; local: boolean };

/** The known networks, by chain id. */
export const NETWORKS: readonly ProtocolNetwork[] = [
  { chain: hardhat, network: "local", local: true },
  { chain: arbitrumSepolia, network: "arbitrumSepolia", local: false },
  { chain: arbitrum, network: "arbitrumOne", local: false },
];

/**
 * The network of `chainId`, with `rpcUrl` (when given) as its default RPC.
 *
 * @example
 * networkOf(42161).chain.name // "Arbitrum One"
 */
export function networkOf(chainId: number, rpcUrl?: string): ProtocolNetwork {
  const known = NETWORKS.find((n) => n.chain.id === chainId) ?? {
    chain: { ...hardhat, id: chainId, name: `Local chain ${chainId}` },
    network: `chain${chainId}`,
    local: true,
  };
  if (rpcUrl === undefined) return known;
  return { ...known, chain: { ...known.chain, rpcUrls: { default: { http: [rpcUrl] } } } };
}

/** The name of a chain id for messages ("Arbitrum One", "Local chain 7708545"). */
export function chainName(chainId: number): string {
  return networkOf(chainId).chain.name;
}
