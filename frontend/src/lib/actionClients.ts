/**
 * The viem clients `@coherence/protocol/actions` take, from wagmi's configuration: its clients are viem's, typed
 * for the configured chain, so only the type is widened.
 */
import type { PublicClient, WalletClient } from "viem";
import type { Config } from "wagmi";
import { getPublicClient, getWalletClient } from "wagmi/actions";

import { targetChain } from "../config/chains.ts";

export function actionPublicClient(config: Config): PublicClient {
  return getPublicClient(config, { chainId: targetChain.id }) as PublicClient;
}

/** The connected wallet's client: each request goes to the wallet, which asks its owner. */
export async function actionWalletClient(config: Config): Promise<WalletClient> {
  return (await getWalletClient(config, { chainId: targetChain.id })) as WalletClient;
}
