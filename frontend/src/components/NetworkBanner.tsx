import { targetChain } from "../config/chains.ts";
import { settings } from "../config/settings.ts";
import { RETRY_SECONDS, useUnreachable } from "../hooks/useUnreachable.ts";
import type { NetworkPart } from "../lib/unreachable.ts";
import { Notice } from "./Notice.tsx";

const PART: Record<NetworkPart, string> = {
  rpc: `The chain's RPC (${targetChain.rpcUrls.default.http[0]}) does not answer: balances, roots and what is claimed on-chain cannot be read, and claims cannot be sent.`,
  indexer: `The indexer (${settings.indexerUrl}) does not answer: payouts, proofs, assets and epochs cannot be loaded.`,
};

/**
 * One banner for the whole page when the chain's RPC or the indexer cannot be reached, naming which, so a network
 * failure is never taken for a refusal (a revert, "nothing to claim").
 */
export function NetworkBanner() {
  const { parts, retry } = useUnreachable();
  if (parts.length === 0) return null;
  return (
    <div className="network-banner" data-testid="network-banner" data-parts={parts.join(" ")}>
      <Notice tone="warning" title="Can't reach the network. Your funds are safe.">
        <ul>
          {parts.map((part) => (
            <li key={part}>{PART[part]}</li>
          ))}
        </ul>
        <p>
          Nothing is lost and nothing is sent while it is down. This page tries again every {RETRY_SECONDS} seconds and
          updates by itself.{" "}
          <button type="button" className="button-quiet" onClick={retry}>
            Try now
          </button>
        </p>
      </Notice>
    </div>
  );
}
