/**
 * wagmi configuration: the configured chain, injected wallets discovered with EIP-6963
 * (`multiInjectedProviderDiscovery`) plus the legacy `window.ethereum` as a fallback, reads over HTTP; and Ethereum
 * mainnet for ENS names when VITE_ENS_RPC_URL names an RPC for it (reads only: no wallet is asked to switch to it).
 */
import { mainnet } from "viem/chains";
import { createConfig, http, injected } from "wagmi";

import { targetChain } from "./chains.ts";
import { settings } from "./settings.ts";

/** Whether addresses are looked up in ENS. */
export const ENS_ENABLED = settings.ensRpcUrl !== undefined && targetChain.id !== mainnet.id;

export const wagmiConfig = createConfig({
  chains: ENS_ENABLED ? [targetChain, mainnet] : [targetChain],
  connectors: [injected({ shimDisconnect: true })],
  multiInjectedProviderDiscovery: true,
  transports: Object.fromEntries([
    [targetChain.id, http(undefined, { batch: true })],
    ...(ENS_ENABLED ? [[mainnet.id, http(settings.ensRpcUrl, { batch: true })] as const] : []),
  ]),
});

declare module "wagmi" {
  interface Register {
    config: typeof wagmiConfig;
  }
}
