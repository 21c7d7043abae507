import type { Address } from "viem";
import { useConnection, useConnectors } from "wagmi";

import { targetChain } from "../config/chains.ts";

/** Where the wallet is, from "none installed" to "connected on the right network". */
export type WalletStatus =
  | { kind: "no-wallet" }
  | { kind: "disconnected" }
  /** The person asked a wallet to connect: the connect panel stays, with its progress and any refusal. */
  | { kind: "connecting" }
  /** A previous session is being restored: nothing to do but wait. */
  | { kind: "reconnecting" }
  | { kind: "wrong-network"; address: Address; chainId: number }
  | { kind: "ready"; address: Address };

/**
 * The wallet's state for pages that need one. "No wallet" means no EIP-6963 wallet announced itself and there is
 * no legacy `window.ethereum` either.
 */
export function useWalletStatus(): WalletStatus {
  const connection = useConnection();
  const connectors = useConnectors();
  const hasWallet =
    connectors.some((c) => c.id !== "injected") ||
    (typeof window !== "undefined" && "ethereum" in window && window.ethereum !== undefined);
  if (connection.status === "connected" && connection.address !== undefined) {
    if (connection.chainId !== targetChain.id)
      return { kind: "wrong-network", address: connection.address, chainId: connection.chainId };
    return { kind: "ready", address: connection.address };
  }
  if (connection.status === "reconnecting") return { kind: "reconnecting" };
  if (connection.status === "connecting") return { kind: "connecting" };
  return hasWallet ? { kind: "disconnected" } : { kind: "no-wallet" };
}
