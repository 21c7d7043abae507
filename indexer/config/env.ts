/**
 * The indexer's configuration from the environment, read in one place by ponder.config.ts and the API, and
 * validated with the protocol's schemas so a bad value is named like any other malformed field
 * (`environment: CCN_CHAIN_ID: expected an integer 1..…, got "x"`). Every variable is documented in
 * indexer/README.md.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

import {
  integerText,
  networkOf,
  object,
  oneOf,
  optional,
  parse,
  refine,
  string,
  transform,
  url,
} from "@coherence/protocol";

/** The repository root (vite-node gives modules `import.meta.url` but no `import.meta.dirname`). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

type Env = Record<string, string | undefined>;

const text = optional(string());

/**
 * The web app's origins when run locally: `vite` (5173), `vite preview` (4173), the stack script and the browser
 * tests serve it on loopback ports of their choosing.
 */
export const LOCAL_WEB_ORIGINS = ["http://localhost:*", "http://127.0.0.1:*"];

/** An origin exactly as a browser sends it (scheme, host, port; no path), or one ending in `:*` for any port. */
function isOriginPattern(entry: string): boolean {
  const origin = entry.endsWith(":*") ? entry.slice(0, -2) : entry;
  try {
    return new URL(origin).origin === origin;
  } catch {
    return false;
  }
}

const origins = transform(
  refine(string(), (list, problem) => {
    for (const entry of list.split(",").map((o) => o.trim()))
      if (!isOriginPattern(entry))
        problem(
          [],
          `expected comma-separated origins such as https://app.example or http://localhost:*, got ${JSON.stringify(entry)}`,
        );
  }),
  {
    decode: (list) => list.split(",").map((origin) => origin.trim()),
    encode: (list: string[]) => list.join(","),
  },
);

const gatewayUrls = transform(
  refine(string(), (list, problem) => {
    for (const entry of list.split(",").map((g) => g.trim())) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(entry);
      } catch {}
      if (parsed === undefined || (parsed.protocol !== "http:" && parsed.protocol !== "https:"))
        problem(
          [],
          `expected comma-separated http(s) gateway URLs such as https://ipfs.io, got ${JSON.stringify(entry)}`,
        );
    }
  }),
  {
    decode: (list) => list.split(",").map((gateway) => gateway.trim()),
    encode: (list: string[]) => list.join(","),
  },
);

// The process environment holds far more than these variables: the others are left alone.
const chainEnvironment = object(
  {
    CCN_CHAIN_ID: optional(integerText({ min: 1 })),
    CCN_RPC_URL: optional(url()),
    CCN_POLLING_INTERVAL_MS: optional(integerText({ min: 10 })),
    CCN_DEPLOYMENTS_DIR: text,
    // Passed to PostgreSQL as written: url() would rewrite it.
    DATABASE_URL: text,
    CCN_PGLITE_DIR: text,
    CCN_API_STATEMENT_TIMEOUT_MS: optional(integerText({ min: 1 })),
  },
  { allowExtra: true },
);

const apiEnvironment = object(
  {
    CCN_MANIFEST_URL: optional(url()),
    CCN_MANIFEST_DIR: text,
    CCN_IPFS_GATEWAYS: optional(gatewayUrls),
    CCN_MANIFEST_PATTERN: optional(
      refine(string(), (pattern, problem) => {
        if (!pattern.includes("{epoch}") && !pattern.includes("{manifestHash}")) {
          problem([], `must contain {epoch} or {manifestHash}, got ${JSON.stringify(pattern)}`);
        }
      }),
    ),
    CCN_GRAPHQL_MAX_DEPTH: optional(integerText({ min: 1 })),
    CCN_GRAPHQL_MAX_TOKENS: optional(integerText({ min: 10 })),
    CCN_GRAPHQL_MAX_ALIASES: optional(integerText({ min: 0 })),
    CCN_GRAPHQL_MAX_BODY_BYTES: optional(integerText({ min: 256 })),
    CCN_GRAPHQL_MAX_COST: optional(integerText({ min: 1 })),
    CCN_GRAPHQL_MAX_RESPONSE_BYTES: optional(integerText({ min: 1024 })),
    CCN_CORS_ORIGINS: optional(origins),
    CCN_API_CACHE_MS: optional(integerText({ min: 0 })),
    CCN_MANIFEST_CACHE_SIZE: optional(integerText({ min: 1 })),
    CCN_RATE_LIMIT_PER_SECOND: optional(integerText({ min: 0 })),
    CCN_RATE_LIMIT_BURST: optional(integerText({ min: 1 })),
    CCN_TRUST_PROXY: optional(oneOf(["0", "1"])),
  },
  { allowExtra: true },
);

/** The variables that are set: an empty one (`DATABASE_URL=` in a shell or a launcher) means its default. */
function setVariables(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
}

/** Ponder's commands (`ponder --help`). */
const PONDER_COMMANDS = ["dev", "start", "serve", "codegen", "db", "create-views"] as const;

/**
 * The Ponder command this process runs: ponder.config.ts is evaluated inside the `ponder` process, whose arguments
 * are `node …/ponder.js [global options] <command> [options]`; undefined elsewhere (tests, tools).
 */
export function ponderCommand(argv: readonly string[] = process.argv): (typeof PONDER_COMMANDS)[number] | undefined {
  const script = argv.findIndex((arg) => /(^|[/\\])ponder(\.js)?$/.test(arg));
  if (script === -1) return undefined;
  return argv
    .slice(script + 1)
    .find((arg): arg is (typeof PONDER_COMMANDS)[number] => (PONDER_COMMANDS as readonly string[]).includes(arg));
}

/** Chain, RPC and database settings (ponder.config.ts). */
export function chainSettings(env: Env = process.env, argv: readonly string[] = process.argv) {
  const vars = parse(chainEnvironment, setVariables(env), { source: "environment" });
  const chainId = vars.CCN_CHAIN_ID ?? 31337;
  const { chain, network, local } = networkOf(chainId);
  return {
    chainId,
    /** The deployment files' name of the network (`local`, `arbitrumOne`, `chain7708545`), also Ponder's chain key. */
    chainName: network,
    // The protocol's chains carry viem's public RPCs (127.0.0.1:8545 for local chains).
    rpcUrl: vars.CCN_RPC_URL ?? chain.rpcUrls.default.http[0]!,
    local,
    pollingInterval: vars.CCN_POLLING_INTERVAL_MS ?? (local ? 200 : 1_000),
    deploymentsDir: path.resolve(REPO_ROOT, vars.CCN_DEPLOYMENTS_DIR ?? "deployments"),
    databaseUrl: vars.DATABASE_URL,
    /**
     * The statement timeout of a `ponder serve` process's connections, which carry only API reads. Undefined for
     * `ponder start`: there the same pool settings would apply to indexing's writes (its API reads keep Ponder's
     * own 30 s).
     */
    apiStatementTimeoutMs: ponderCommand(argv) === "serve" ? (vars.CCN_API_STATEMENT_TIMEOUT_MS ?? 5_000) : undefined,
    pgliteDir: vars.CCN_PGLITE_DIR !== undefined ? path.resolve(vars.CCN_PGLITE_DIR) : undefined,
  };
}

/** Where epoch manifests are published: a directory or a base URL, and the file name pattern. */
export type ManifestSourceSettings =
  | { kind: "directory"; directory: string; pattern: string }
  | { kind: "url"; baseUrl: string; pattern: string }
  | { kind: "none" };

/** API settings (src/api). */
export function apiSettings(env: Env = process.env) {
  const vars = parse(apiEnvironment, setVariables(env), { source: "environment" });
  const pattern = vars.CCN_MANIFEST_PATTERN ?? "epoch-{epoch}.json";
  const manifests: ManifestSourceSettings =
    vars.CCN_MANIFEST_URL !== undefined
      ? // A base URL ends with "/", or `new URL(name, base)` would replace its last path segment.
        { kind: "url", baseUrl: `${vars.CCN_MANIFEST_URL}/`, pattern }
      : vars.CCN_MANIFEST_DIR !== undefined
        ? { kind: "directory", directory: path.resolve(vars.CCN_MANIFEST_DIR), pattern }
        : { kind: "none" };
  return {
    manifests,
    /**
     * Trustless IPFS gateways, tried in order, for the manifests of proposals that record their CID: each block is
     * checked against its CID and the manifest against the on-chain hash, so none is trusted. Empty: none.
     */
    ipfsGateways: vars.CCN_IPFS_GATEWAYS ?? [],
    graphql: {
      maxOperationDepth: vars.CCN_GRAPHQL_MAX_DEPTH ?? 12,
      maxOperationTokens: vars.CCN_GRAPHQL_MAX_TOKENS ?? 2_000,
      maxOperationAliases: vars.CCN_GRAPHQL_MAX_ALIASES ?? 30,
      maxBodyBytes: vars.CCN_GRAPHQL_MAX_BODY_BYTES ?? 32 * 1024,
      maxCost: vars.CCN_GRAPHQL_MAX_COST ?? 50_000,
      maxResponseBytes: vars.CCN_GRAPHQL_MAX_RESPONSE_BYTES ?? 16 * 1024 * 1024,
    },
    /** Browser origins that may read the answers. */
    corsOrigins: vars.CCN_CORS_ORIGINS ?? LOCAL_WEB_ORIGINS,
    /** How long the API trusts the indexer checkpoint it read before re-reading it (0: no response cache). */
    cacheMaxAgeMs: vars.CCN_API_CACHE_MS ?? 50,
    /** Verified manifests kept in memory (each is the whole epoch). */
    manifestCacheSize: vars.CCN_MANIFEST_CACHE_SIZE ?? 2,
    /** Requests per client: sustained per second (0: no limit) and in a burst. */
    rateLimit: {
      perSecond: vars.CCN_RATE_LIMIT_PER_SECOND ?? 50,
      burst: vars.CCN_RATE_LIMIT_BURST ?? 200,
      trustProxy: vars.CCN_TRUST_PROXY === "1",
    },
  };
}
