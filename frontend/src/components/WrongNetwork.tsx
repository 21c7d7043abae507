import { useSwitchChain } from "wagmi";

import { targetChain, walletChainLabel } from "../config/chains.ts";
import { Notice } from "./Notice.tsx";

/** The wallet is on another chain: name both and offer to switch. */
export function WrongNetwork({ chainId }: { chainId: number }) {
  const switchChain = useSwitchChain();
  return (
    <Notice tone="warning" title="Wrong network" testId="wrong-network">
      <p>
        Your wallet is on {walletChainLabel(chainId)}. Coherence Network here runs on {targetChain.name} (chain{" "}
        {targetChain.id}).
      </p>
      <button
        type="button"
        className="button-primary"
        disabled={switchChain.isPending}
        onClick={() => switchChain.mutate({ chainId: targetChain.id })}
      >
        {switchChain.isPending ? "Switching…" : `Switch to ${targetChain.name}`}
      </button>
      {switchChain.error ? (
        <p className="error-text">
          The wallet did not switch:{" "}
          {"shortMessage" in switchChain.error ? String(switchChain.error.shortMessage) : switchChain.error.message}
        </p>
      ) : null}
    </Notice>
  );
}
