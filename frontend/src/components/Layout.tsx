import type { ReactNode } from "react";

import { targetChain } from "../config/chains.ts";
import type { Route } from "../lib/route.ts";
import { WalletButton } from "./WalletButton.tsx";

const NAV: { href: string; label: string; active: (r: Route) => boolean }[] = [
  { href: "#/claim", label: "Claim", active: (r) => r.name === "claim" },
  { href: "#/contributors", label: "Contributor", active: (r) => r.name === "contributors" },
  { href: "#/assets", label: "Assets", active: (r) => r.name === "assets" || r.name === "asset" },
  { href: "#/epochs", label: "Epochs", active: (r) => r.name === "epochs" || r.name === "epoch" },
  { href: "#/governance", label: "Governance", active: (r) => r.name === "governance" },
  { href: "#/verify", label: "Verify", active: (r) => r.name === "verify" },
];

/** Header with navigation and wallet, the page, and a footer naming the chain. */
export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
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
      <main id="main" className="container" tabIndex={-1}>
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
