/**
 * wagmi configuration: the configured chain only, injected wallets discovered with EIP-6963
 * (`multiInjectedProviderDiscovery`) plus the legacy `window.ethereum` as a fallback, reads over HTTP.
 */
import { createConfig, http, injected } from "wagmi";

import { targetChain } from "./chains.ts";

export const wagmiConfig = createConfig({
  chains: [targetChain],
  connectors: [injected({ shimDisconnect: true })],
  multiInjectedProviderDiscovery: true,
  transports: { [targetChain.id]: http(undefined, { batch: true }) },
});

declare module "wagmi" {
  interface Register {
    config: typeof wagmiConfig;
  }
}
