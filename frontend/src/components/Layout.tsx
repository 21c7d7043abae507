import { type MouseEvent, type ReactNode, useRef } from "react";

import { targetChain } from "../config/chains.ts";
import { useFocusAfterConnect } from "../hooks/useFocusAfterConnect.ts";
import { useFocusOnNavigation } from "../hooks/useFocusOnNavigation.ts";
import { type Route, routePage } from "../lib/route.ts";
import { NetworkBanner } from "./NetworkBanner.tsx";
import { WalletButton } from "./WalletButton.tsx";

const NAV: { href: string; label: string; active: (r: Route) => boolean }[] = [
  { href: "#/claim", label: "Claim", active: (r) => r.name === "claim" },
  { href: "#/contributors", label: "Contributor", active: (r) => r.name === "contributors" },
  { href: "#/assets", label: "Assets", active: (r) => r.name === "assets" || r.name === "asset" },
  { href: "#/my-assets", label: "My assets", active: (r) => r.name === "my-assets" },
  { href: "#/pay", label: "Pay", active: (r) => r.name === "pay" },
  { href: "#/register", label: "Register", active: (r) => r.name === "register" },
  { href: "#/epochs", label: "Epochs", active: (r) => r.name === "epochs" || r.name === "epoch" },
  { href: "#/governance", label: "Governance", active: (r) => r.name === "governance" },
  { href: "#/forge-accounts", label: "Forge accounts", active: (r) => r.name === "forge-accounts" },
  { href: "#/my-contributions", label: "My contributions", active: (r) => r.name === "my-contributions" },
  { href: "#/intake", label: "Intake", active: (r) => r.name === "intake" },
  { href: "#/verify", label: "Verify", active: (r) => r.name === "verify" },
];

/** Header with navigation and wallet, the page, and a footer naming the chain. */
export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const main = useRef<HTMLElement>(null);
  useFocusOnNavigation(routePage(route), main);
  useFocusAfterConnect(main);
  // The hash holds the route, so following "#main" would navigate to a page of that name: move focus instead.
  const skipToMain = (event: MouseEvent) => {
    event.preventDefault();
    main.current?.focus();
  };
  return (
    <>
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link is a link by convention (announced and found as one); its href names the target it focuses */}
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header className="site-header">
        <div className="container header-row">
          <a className="brand" href="#/claim">
            Coherence Network
          </a>
          <nav aria-label="Main">
            <ul>
              {NAV.map((item) => (
                <li key={item.href}>
                  <a href={item.href} aria-current={item.active(route) ? "page" : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <WalletButton />
        </div>
      </header>
      <main id="main" ref={main} className="container" tabIndex={-1}>
        <NetworkBanner />
        {children}
      </main>
      <footer className="site-footer container">
        <p>
          {targetChain.name} (chain {targetChain.id}). Everything shown is public data: the chain, the indexer, and the
          epoch manifests whose hashes are on-chain.
        </p>
      </footer>
    </>
  );
}
