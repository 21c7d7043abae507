/**
 * Epoch manifests in the browser: where one is published (VITE_MANIFEST_URL + pattern, as the indexer finds
 * them), fetched, accepted only if its bytes hash to the manifestHash the oracles committed on-chain, then
 * parsed. Layout: oracle/docs/manifest-format.md (canonical JSON; bigints as decimal strings).
 */
import { type Hex, keccak256 } from "viem";

import { settings } from "../config/settings.ts";

export const MANIFEST_FORMAT = "coherence-epoch-manifest-v1";

/** A manifest's leaf: `(account, token, cumulative)` and its explanation. */
export type ManifestLeaf = {
  account: Hex;
  token: Hex;
  amount: string;
  cumulative: string;
  previous: string;
  sources: unknown[];
  treeIndex: number;
};

/** A committed score and the scorer's record (method, metric values and weights). */
export type ManifestScore = { contributionId: Hex; coherenceBps: number; metricsHash: Hex; metrics: unknown; treeIndex: number };

/** The parts of a v1 manifest the app reads. */
export type Manifest = {
  format: typeof MANIFEST_FORMAT;
  codeVersion: string;
  configHash: Hex;
  config: { multiplier: { kind: string; baseBps: number; slopeBps: number }; treasury: Hex; scoring: unknown };
  epoch: {
    number: string;
    fromBlock: string;
    toBlock: string;
    payoutRoot: Hex;
    scoresRoot: Hex;
    tokens: { token: Hex; funded: string; allocated: string; cumulative: string }[];
  };
  leaves: ManifestLeaf[];
  payoutTree: { leafEncoding: string[]; nodes: Hex[] };
  scores: ManifestScore[];
  scoresTree: { leafEncoding: string[]; nodes: Hex[] };
};

/** A manifest whose bytes hashed to the expected value. */
export type VerifiedManifest = { url: string; byteLength: number; contentHash: Hex; manifest: Manifest };

/** A manifest that cannot be had or is not the committed one. */
export class ManifestError extends Error {
  override name = "ManifestError";
  readonly code: "NOT_CONFIGURED" | "UNAVAILABLE" | "HASH_MISMATCH" | "INVALID";
  readonly url: string | undefined;

  constructor(code: ManifestError["code"], message: string, url?: string) {
    super(message);
    this.code = code;
    this.url = url;
  }
}

/** The URL of an epoch's manifest, or undefined when no manifest source is configured. */
export function manifestUrl(epoch: bigint | string, manifestHash: string): string | undefined {
  if (settings.manifestBaseUrl === undefined) return undefined;
  const name = settings.manifestPattern.replaceAll("{epoch}", String(epoch)).replaceAll("{manifestHash}", manifestHash.toLowerCase());
  return new URL(name, `${settings.manifestBaseUrl}/`).href;
}

/**
 * Fetches the manifest of `epoch`, checks keccak256 of its exact bytes against `manifestHash`, and parses it.
 * Throws {@link ManifestError}.
 */
export async function fetchVerifiedManifest(epoch: bigint | string, manifestHash: Hex, signal?: AbortSignal): Promise<VerifiedManifest> {
  const url = manifestUrl(epoch, manifestHash);
  if (url === undefined) throw new ManifestError("NOT_CONFIGURED", "No manifest source is configured for this app (VITE_MANIFEST_URL).");
  let bytes: Uint8Array;
  try {
    const response = await fetch(url, signal ? { signal } : undefined);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    if ((cause as Error).name === "AbortError") throw cause;
    throw new ManifestError("UNAVAILABLE", `The manifest of epoch ${epoch} cannot be fetched from ${url} (${(cause as Error).message}).`, url);
  }
  const contentHash = keccak256(bytes);
  if (contentHash.toLowerCase() !== manifestHash.toLowerCase()) {
    throw new ManifestError("HASH_MISMATCH", `The file at ${url} hashes to ${contentHash}, not to the manifestHash ${manifestHash} committed on-chain: it is not this epoch's manifest.`, url);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes)) as Manifest;
  } catch (cause) {
    throw new ManifestError("INVALID", `The manifest at ${url} is not JSON (${(cause as Error).message}).`, url);
  }
  if (manifest.format !== MANIFEST_FORMAT) {
    throw new ManifestError("INVALID", `The manifest at ${url} has format "${String(manifest.format)}", not "${MANIFEST_FORMAT}".`, url);
  }
  return { url, byteLength: bytes.length, contentHash, manifest };
}
