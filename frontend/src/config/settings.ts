/**
 * The app's configuration, from Vite environment variables at build time (all public: they end up in the
 * bundle). Every variable has a local default, so `vite build` works with none set.
 *
 * - VITE_CHAIN_ID          31337 (local Hardhat), 421614 (Arbitrum Sepolia) or 42161 (Arbitrum One)
 * - VITE_RPC_URL           the chain's RPC for reads (default: the chain's public RPC, or 127.0.0.1:8545 locally)
 * - VITE_INDEXER_URL       the indexer's base URL (GraphQL at /graphql, claims at /claims/:account)
 * - VITE_MANIFEST_URL      base URL where epoch manifests are published (optional)
 * - VITE_MANIFEST_PATTERN  file name pattern under it, with {epoch} and/or {manifestHash} (default epoch-{epoch}.json)
 */

/** A configuration value the app cannot run with. */
export class SettingsError extends Error {
  override name = "SettingsError";
}

export type Settings = {
  chainId: number;
  rpcUrl: string | undefined;
  indexerUrl: string;
  manifestBaseUrl: string | undefined;
  manifestPattern: string;
};

type Env = Record<string, string | boolean | undefined>;

function text(env: Env, name: string): string | undefined {
  const value = env[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function url(env: Env, name: string, fallback?: string): string | undefined {
  const raw = text(env, name) ?? fallback;
  if (raw === undefined) return undefined;
  try {
    const parsed = new URL(raw);
    return parsed.href.replace(/\/$/, "");
  } catch {
    throw new SettingsError(`${name} must be an absolute URL, got "${raw}"`);
  }
}

/** Reads and checks the settings. */
export function readSettings(env: Env): Settings {
  const chainIdText = text(env, "VITE_CHAIN_ID") ?? "31337";
  const chainId = Number(chainIdText);
  if (!Number.isSafeInteger(chainId) || chainId <= 0) throw new SettingsError(`VITE_CHAIN_ID must be a chain id, got "${chainIdText}"`);
  const manifestPattern = text(env, "VITE_MANIFEST_PATTERN") ?? "epoch-{epoch}.json";
  if (!manifestPattern.includes("{epoch}") && !manifestPattern.includes("{manifestHash}")) {
    throw new SettingsError(`VITE_MANIFEST_PATTERN must contain {epoch} or {manifestHash}, got "${manifestPattern}"`);
  }
  return {
    chainId,
    rpcUrl: url(env, "VITE_RPC_URL"),
    indexerUrl: url(env, "VITE_INDEXER_URL", "http://127.0.0.1:42069")!,
    manifestBaseUrl: url(env, "VITE_MANIFEST_URL"),
    manifestPattern,
  };
}

export const settings: Settings = readSettings(import.meta.env);
