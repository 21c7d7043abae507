import { routeHref } from "../lib/route.ts";
import { Notice } from "./Notice.tsx";

/** No browser wallet: say what to do, and what works without one. `action` is what the page needs one for. */
export function NoWallet({ action = "Claiming" }: { action?: string }) {
  return (
    <Notice tone="info" title="No wallet found" testId="no-wallet">
      <p>
        {action} needs a browser wallet (any wallet that supports EIP-6963, such as MetaMask, Rabby or Coinbase Wallet).
        Install one and reload this page.
      </p>
      <p>
        Without a wallet you can still look up any address on the{" "}
        <a href={routeHref({ name: "contributors", address: undefined })}>Contributor</a> page and check any payout on
        the <a href={routeHref({ name: "verify", account: undefined })}>Verify</a> page.
      </p>
    </Notice>
  );
}
