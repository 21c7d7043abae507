/** viem clients for a chain given by id and RPC URL: the protocol's chain, with that RPC. */
import { networkOf } from "@coherence/protocol";
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  http,
  type PublicClient,
  type WalletClient,
} from "viem";

export function chainOf(chainId: number, rpcUrl: string): Chain {
  return networkOf(chainId, rpcUrl).chain;
}

export function publicClientOf(chainId: number, rpcUrl: string): PublicClient {
  // Local chains mine instantly: poll receipts often.
  return createPublicClient({
    chain: chainOf(chainId, rpcUrl),
    transport: http(rpcUrl, { retryCount: 2 }),
    pollingInterval: networkOf(chainId).local ? 50 : 1_000,
  });
}

export function walletClientOf(chainId: number, rpcUrl: string, account: Account): WalletClient {
  return createWalletClient({ account, chain: chainOf(chainId, rpcUrl), transport: http(rpcUrl) });
}
