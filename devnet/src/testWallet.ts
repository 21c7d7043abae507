/**
 * An injected EIP-1193 wallet for the end-to-end tests, announced per EIP-6963. It forwards JSON-RPC to the
 * Hardhat node, whose accounts are unlocked, so it "signs" by letting the node do it. Like a real wallet it
 * returns [] from eth_accounts until eth_requestAccounts is called (remembered for the tab's session), it can
 * report another chain until asked to switch, and the test can make it reject the next requests. Tokens a page
 * asks it to watch (`wallet_watchAsset`) are kept for the test to read.
 */
import type { Page } from "playwright-core";

export type TestWalletOptions = {
  rpcUrl: string;
  /** The node's chain id. */
  chainId: number;
  /** The chain the wallet says it is on at first (default: the node's). */
  initialChainId?: number;
  account: string;
};

/** The script run in the page before any of the app's code. */
function walletScript(options: Required<TestWalletOptions>): void {
  const SESSION_KEY = "e2e-wallet-connected";
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const emit = (event: string, ...args: unknown[]) => {
    for (const fn of listeners.get(event) ?? []) fn(...args);
  };
  let chainId = Number(sessionStorage.getItem("e2e-wallet-chain") ?? options.initialChainId);
  let connected = sessionStorage.getItem(SESSION_KEY) === options.account;
  const control = { reject: false, watched: [] as unknown[] };
  const hex = (n: number) => `0x${n.toString(16)}`;
  const fail = (code: number, message: string) => Object.assign(new Error(message), { code });
  let nextId = 1;

  const forward = async (method: string, params: unknown): Promise<unknown> => {
    const response = await fetch(options.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params: params ?? [] }),
    });
    const body = (await response.json()) as {
      result?: unknown;
      error?: { code: number; message: string; data?: unknown };
    };
    if (body.error)
      throw Object.assign(new Error(body.error.message), { code: body.error.code, data: body.error.data });
    return body.result;
  };

  const provider = {
    isE2eTestWallet: true,
    async request({ method, params }: { method: string; params?: unknown }): Promise<unknown> {
      switch (method) {
        case "eth_accounts":
          return connected ? [options.account] : [];
        case "eth_requestAccounts":
        case "wallet_requestPermissions":
          if (control.reject) throw fail(4001, "User rejected the request.");
          connected = true;
          sessionStorage.setItem(SESSION_KEY, options.account);
          emit("accountsChanged", [options.account]);
          return method === "eth_requestAccounts" ? [options.account] : [{ parentCapability: "eth_accounts" }];
        case "wallet_getPermissions":
          return connected ? [{ parentCapability: "eth_accounts" }] : [];
        case "wallet_revokePermissions":
          connected = false;
          sessionStorage.removeItem(SESSION_KEY);
          emit("accountsChanged", []);
          return null;
        case "eth_chainId":
          return hex(chainId);
        case "net_version":
          return String(chainId);
        case "wallet_switchEthereumChain": {
          const wanted = Number((params as [{ chainId: string }])[0].chainId);
          if (control.reject) throw fail(4001, "User rejected the request.");
          if (wanted !== options.chainId) throw fail(4902, `Unrecognized chain ID ${wanted}.`);
          chainId = wanted;
          sessionStorage.setItem("e2e-wallet-chain", String(chainId));
          emit("chainChanged", hex(chainId));
          return null;
        }
        case "wallet_addEthereumChain":
          return null;
        case "wallet_watchAsset":
          if (control.reject) throw fail(4001, "User rejected the request.");
          control.watched.push(params);
          return true;
        case "eth_sendTransaction":
        case "eth_sign":
        case "personal_sign":
        case "eth_signTypedData_v4":
          if (!connected) throw fail(4100, "The requested account has not been authorized.");
          if (control.reject) throw fail(4001, "User rejected the request.");
          if (chainId !== options.chainId) throw fail(4901, "The wallet is on another chain.");
          return forward(method, params);
        default:
          return forward(method, params);
      }
    },
    on(event: string, fn: (...args: unknown[]) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(fn);
      return provider;
    },
    removeListener(event: string, fn: (...args: unknown[]) => void) {
      listeners.get(event)?.delete(fn);
      return provider;
    },
  };

  const icon =
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='6' fill='%230b57b8'/%3E%3C/svg%3E";
  const info = Object.freeze({
    uuid: "7d6e1c52-5b37-4a39-9d11-e2e0e2e0e2e0",
    name: "E2E Test Wallet",
    icon,
    rdns: "network.coherence.e2e-wallet",
  });
  const announce = () =>
    window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
  (window as unknown as { __e2eWallet: typeof control }).__e2eWallet = control;
}

/** Installs the wallet in every page of `page`'s context from now on (before the app's scripts run). */
export async function installTestWallet(page: Page, options: TestWalletOptions): Promise<void> {
  const full: Required<TestWalletOptions> = {
    ...options,
    initialChainId: options.initialChainId ?? options.chainId,
    account: options.account,
  };
  await page.addInitScript(walletScript, full);
}

/** Makes the wallet reject (as a user clicking "Reject") or accept requests from now on. */
export async function setWalletRejects(page: Page, reject: boolean): Promise<void> {
  await page.evaluate((value) => {
    (window as unknown as { __e2eWallet: { reject: boolean } }).__e2eWallet.reject = value;
  }, reject);
}

/** What the page asked the wallet to watch (`wallet_watchAsset` parameters), in order. */
export async function watchedAssets(
  page: Page,
): Promise<{ type: string; options: { address: string; symbol: string; decimals: number } }[]> {
  return page.evaluate(() => (window as unknown as { __e2eWallet: { watched: never[] } }).__e2eWallet.watched);
}
