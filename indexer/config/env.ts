/**
 * The indexer's configuration from the environment, read in one place by ponder.config.ts and the API.
 * Every variable is documented in indexer/README.md.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (vite-node gives modules `import.meta.url` but no `import.meta.dirname`). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** A configuration value the indexer cannot start with. */
export class IndexerConfigError extends Error {
  override name = "IndexerConfigError";
}

/** The chains the protocol is deployed to, by chain id. */
export const KNOWN_CHAINS: Record<number, { name: string; defaultRpc: string; local: boolean }> = {
  31337: { name: "local", defaultRpc: "http://127.0.0.1:8545", local: true },
  421614: { name: "arbitrumSepolia", defaultRpc: "https://sepolia-rollup.arbitrum.io/rpc", local: false },
  42161: { name: "arbitrumOne", defaultRpc: "https://arb1.arbitrum.io/rpc", local: false },
};

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new IndexerConfigError(`${name} must be an integer >= ${min}, got "${raw}"`);
  }
  return value;
}

/** Chain, RPC and database settings (ponder.config.ts). */
export function chainSettings(env: Env = process.env) {
  const chainId = integer(env, "CCN_CHAIN_ID", 31337, 1);
  // Any other chain id is taken as a local test chain (e.g. a Hardhat node started with --chain-id).
  const known = KNOWN_CHAINS[chainId] ?? { name: `chain${chainId}`, defaultRpc: "http://127.0.0.1:8545", local: true };
  const rpcUrl = env.CCN_RPC_URL || known.defaultRpc;
  return {
    chainId,
    chainName: known.name,
    rpcUrl,
    local: known.local,
    pollingInterval: integer(env, "CCN_POLLING_INTERVAL_MS", known.local ? 200 : 1_000, 10),
    deploymentsDir: path.resolve(REPO_ROOT, env.CCN_DEPLOYMENTS_DIR || "deployments"),
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDir: env.CCN_PGLITE_DIR ? path.resolve(env.CCN_PGLITE_DIR) : undefined,
  };
}

/** Where epoch manifests are published: a directory or a base URL, and the file name pattern. */
export type ManifestSourceSettings =
  | { kind: "directory"; directory: string; pattern: string }
  | { kind: "url"; baseUrl: string; pattern: string }
  | { kind: "none" };

/** API settings (src/api). */
export function apiSettings(env: Env = process.env) {
  const pattern = env.CCN_MANIFEST_PATTERN || "epoch-{epoch}.json";
  if (!pattern.includes("{epoch}") && !pattern.includes("{manifestHash}")) {
    throw new IndexerConfigError(`CCN_MANIFEST_PATTERN must contain {epoch} or {manifestHash}, got "${pattern}"`);
  }
  let manifests: ManifestSourceSettings = { kind: "none" };
  if (env.CCN_MANIFEST_URL) {
    let url: URL;
    try {
      url = new URL(env.CCN_MANIFEST_URL);
    } catch {
      throw new IndexerConfigError(`CCN_MANIFEST_URL must be an absolute URL, got "${env.CCN_MANIFEST_URL}"`);
    }
    manifests = { kind: "url", baseUrl: url.href.endsWith("/") ? url.href : `${url.href}/`, pattern };
  } else if (env.CCN_MANIFEST_DIR) {
    manifests = { kind: "directory", directory: path.resolve(env.CCN_MANIFEST_DIR), pattern };
  }
  return {
    manifests,
    graphql: {
      maxOperationDepth: integer(env, "CCN_GRAPHQL_MAX_DEPTH", 12, 1),
      maxOperationTokens: integer(env, "CCN_GRAPHQL_MAX_TOKENS", 2_000, 10),
      maxOperationAliases: integer(env, "CCN_GRAPHQL_MAX_ALIASES", 30, 0),
      maxBodyBytes: integer(env, "CCN_GRAPHQL_MAX_BODY_BYTES", 32 * 1024, 256),
    },
    /** How long the API trusts the indexer checkpoint it read before re-reading it (0: no response cache). */
    cacheMaxAgeMs: integer(env, "CCN_API_CACHE_MS", 50, 0),
    /** Verified manifests kept in memory (each is the whole epoch). */
    manifestCacheSize: integer(env, "CCN_MANIFEST_CACHE_SIZE", 2, 1),
  };
}
