import type { ReactNode } from "react";
import type { Address } from "viem";

import { useWalletStatus } from "../hooks/useWalletStatus.ts";
import { ConnectWallet } from "./ConnectWallet.tsx";
import { NoWallet } from "./NoWallet.tsx";
import { SkeletonBlock } from "./Skeleton.tsx";
import { WrongNetwork } from "./WrongNetwork.tsx";

/**
 * What a page that needs the connected account shows until it has one on the right network: no wallet, connect,
 * reconnecting, switch network; then `children` with the account.
 */
export function WalletGate({
  action,
  why,
  children,
}: {
  /** What needs the wallet, as the subject of a sentence ("Paying"). */
  action: string;
  /** Which account to connect, and what for. */
  why: string;
  children: (account: Address) => ReactNode;
}) {
  const wallet = useWalletStatus();
  switch (wallet.kind) {
    case "no-wallet":
      return <NoWallet action={action} />;
    case "disconnected":
    case "connecting":
      return <ConnectWallet why={why} />;
    case "reconnecting":
      return <SkeletonBlock lines={6} label="Reconnecting your wallet" />;
    case "wrong-network":
      return <WrongNetwork chainId={wallet.chainId} />;
    case "ready":
      return children(wallet.address);
  }
}
