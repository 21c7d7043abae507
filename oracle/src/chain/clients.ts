/** viem clients for a chain given by id and RPC URL (no chain registry needed: local, Sepolia and One alike). */
import { createPublicClient, createWalletClient, defineChain, http, type Account, type Chain, type PublicClient, type WalletClient } from "viem";

export function chainOf(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: chainId === 31337 ? "Hardhat" : chainId === 421614 ? "Arbitrum Sepolia" : chainId === 42161 ? "Arbitrum One" : `Chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

export function publicClientOf(chainId: number, rpcUrl: string): PublicClient {
  // Local chains mine instantly: poll receipts often.
  return createPublicClient({ chain: chainOf(chainId, rpcUrl), transport: http(rpcUrl, { retryCount: 2 }), pollingInterval: chainId === 31337 ? 50 : 1_000 });
}

export function walletClientOf(chainId: number, rpcUrl: string, account: Account): WalletClient {
  return createWalletClient({ account, chain: chainOf(chainId, rpcUrl), transport: http(rpcUrl) });
}
