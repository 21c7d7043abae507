/**
 * The app's configuration, from Vite environment variables at build time (all public: they end up in the
 * bundle), checked by the protocol's schema combinators like every other input. Every variable has a local
 * default, so `vite build` works with none set.
 *
 * - VITE_CHAIN_ID          31337 (local Hardhat), 421614 (Arbitrum Sepolia) or 42161 (Arbitrum One)
 * - VITE_RPC_URL           the chain's RPC for reads (default: the chain's public RPC, or 127.0.0.1:8545 locally)
 * - VITE_INDEXER_URL       the indexer's base URL (GraphQL at /graphql, claims at /claims/:account)
 * - VITE_MANIFEST_URL      base URL where epoch manifests are published (optional)
 * - VITE_MANIFEST_PATTERN  file name pattern under it, with {epoch} and/or {manifestHash} (default epoch-{epoch}.json)
 * - VITE_IPFS_GATEWAYS     IPFS gateways, comma-separated: a manifest whose proposal records its CID is fetched from
 *                          them first, verified block by block (optional)
 * - VITE_ENS_RPC_URL       an Ethereum mainnet RPC: addresses with an ENS name show it (optional; none locally)
 * - VITE_INTAKE_URL        the forge intake's HTTP API: contributors' pending and refused work, maintainers'
 *                          approvals (optional; without it those pages say the intake is not configured)
 */
import {
  type Infer,
  integerText,
  MalformedFieldError,
  object,
  optional,
  parse,
  string,
  url,
} from "@coherence/protocol";

/** A configuration value the app cannot run with: `environment: VITE_CHAIN_ID: expected an integer 1..…, got "x"`. */
export class SettingsError extends MalformedFieldError {
  override name = "SettingsError";
}

export type Settings = {
  chainId: number;
  rpcUrl: string | undefined;
  indexerUrl: string;
  manifestBaseUrl: string | undefined;
  manifestPattern: string;
  ipfsGateways: readonly string[];
  ensRpcUrl: string | undefined;
  intakeUrl: string | undefined;
};

type Env = Record<string, string | boolean | undefined>;

const DEFAULTS = {
  VITE_CHAIN_ID: "31337",
  VITE_INDEXER_URL: "http://127.0.0.1:42069",
  VITE_MANIFEST_PATTERN: "epoch-{epoch}.json",
};

// The env holds Vite's own keys (MODE, DEV, BASE_URL...) and whatever else is set: only ours are checked.
const environmentSchema = object(
  {
    VITE_CHAIN_ID: integerText({ min: 1 }),
    VITE_RPC_URL: optional(url()),
    VITE_INDEXER_URL: url(),
    VITE_MANIFEST_URL: optional(url()),
    VITE_MANIFEST_PATTERN: string({
      pattern: /\{epoch\}|\{manifestHash\}/,
      expected: "a file name containing {epoch} or {manifestHash}",
    }),
    VITE_IPFS_GATEWAYS: optional(
      string({ pattern: /^https?:\/\/[^\s,]+(\s*,\s*https?:\/\/[^\s,]+)*$/, expected: "comma-separated http(s) URLs" }),
    ),
    VITE_ENS_RPC_URL: optional(url()),
    VITE_INTAKE_URL: optional(url()),
  },
  { allowExtra: true },
);

/** The variables that are set, trimmed: a variable left blank (`VITE_MANIFEST_URL=` in a .env file) is unset. */
function setVariables(env: Env): Env {
  const set: Env = {};
  for (const [name, value] of Object.entries(env)) {
    const text = typeof value === "string" ? value.trim() : value;
    if (text !== "" && text !== undefined) set[name] = text;
  }
  return set;
}

/** The app's variables, defaults filled in; throws {@link SettingsError} naming the first bad one. */
function checkEnvironment(env: Env): Infer<typeof environmentSchema> {
  try {
    return parse(environmentSchema, { ...DEFAULTS, ...setVariables(env) }, { source: "environment" });
  } catch (error) {
    // The same field and problem under the app's own error class, so a blank page's console says what is wrong.
    if (error instanceof MalformedFieldError)
      throw new SettingsError(error.field, error.problem, { source: error.source });
    throw error;
  }
}

/** Reads and checks the settings; throws {@link SettingsError}. */
export function readSettings(env: Env): Settings {
  const checked = checkEnvironment(env);
  return {
    chainId: checked.VITE_CHAIN_ID,
    rpcUrl: checked.VITE_RPC_URL,
    indexerUrl: checked.VITE_INDEXER_URL,
    manifestBaseUrl: checked.VITE_MANIFEST_URL,
    manifestPattern: checked.VITE_MANIFEST_PATTERN,
    ipfsGateways: checked.VITE_IPFS_GATEWAYS?.split(/\s*,\s*/) ?? [],
    ensRpcUrl: checked.VITE_ENS_RPC_URL,
    intakeUrl: checked.VITE_INTAKE_URL,
  };
}

export const settings: Settings = readSettings(import.meta.env);
