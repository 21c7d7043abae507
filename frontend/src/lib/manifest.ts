/**
 * Epoch manifests in the browser: where one is published (the IPFS CID its proposal records, from the gateways of
 * VITE_IPFS_GATEWAYS, ./ipfsManifest.ts; else VITE_MANIFEST_URL + pattern, as the indexer finds them), fetched,
 * decoded by the protocol's manifest codec, and accepted only if it hashes to the manifestHash the oracles
 * committed on-chain. The Claim page reads the account's slice instead (./accountSlice.ts). Layout: oracle/docs/manifest-format.md.
 */
import {
  BaseError,
  type DecodeManifestReturnType,
  decodeManifest,
  type Hex,
  MANIFEST_FORMATS,
  UnsupportedFormatError,
} from "@coherence/protocol";
import { keccak256 } from "viem";

import { settings } from "../config/settings.ts";

/** A manifest whose bytes hashed to the expected value. */
export type VerifiedManifest = DecodeManifestReturnType & { url: string };

/** A manifest that cannot be had or is not the committed one. */
export class ManifestError extends BaseError {
  override name = "ManifestError";
  readonly code: "NOT_CONFIGURED" | "UNAVAILABLE" | "HASH_MISMATCH" | "INVALID";
  readonly url: string | undefined;

  constructor(code: ManifestError["code"], message: string, options: { url?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.url = options.url;
  }
}

/** The URL of a file published beside the manifests (`name` relative to the source), or undefined without one. */
export function publishedUrl(name: string): string | undefined {
  if (settings.manifestBaseUrl === undefined) return undefined;
  return new URL(name, `${settings.manifestBaseUrl}/`).href;
}

/** The URL of an epoch's manifest, or undefined when no manifest source is configured. */
export function manifestUrl(epoch: bigint | string, manifestHash: string): string | undefined {
  return publishedUrl(
    settings.manifestPattern
      .replaceAll("{epoch}", String(epoch))
      .replaceAll("{manifestHash}", manifestHash.toLowerCase()),
  );
}

/** Whether the app has anywhere to fetch manifests from. */
export function hasManifestSource(): boolean {
  return settings.manifestBaseUrl !== undefined || settings.ipfsGateways.length > 0;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function hashMismatch(url: string, contentHash: Hex, manifestHash: Hex): ManifestError {
  return new ManifestError(
    "HASH_MISMATCH",
    `The file at ${url} hashes to ${contentHash}, not to the manifestHash ${manifestHash} committed on-chain: it is not this epoch's manifest.`,
    { url },
  );
}

/**
 * Fetches the manifest of `epoch`, decodes it and checks its hash (keccak256 of the bytes for v1 and v2, the chunk
 * tree's root for v3) against `manifestHash`: from IPFS first when gateways are configured and the proposal recorded
 * a CID, then from VITE_MANIFEST_URL if IPFS does not give the committed manifest (an indexer or RPC that cannot say
 * which CID is recorded counts as none).
 * Throws {@link ManifestError}.
 */
export async function fetchVerifiedManifest(
  epoch: bigint | string,
  manifestHash: Hex,
  signal?: AbortSignal,
): Promise<VerifiedManifest> {
  const url = manifestUrl(epoch, manifestHash);
  // Loaded only where gateways are configured: the CAR verifier and its codecs are about 84 KB of minified code.
  const ipfs = settings.ipfsGateways.length > 0 ? await import("./ipfsManifest.ts") : undefined;
  const uri = await ipfs?.recordedManifestUri(BigInt(epoch), manifestHash, signal).catch(unlessAborted(undefined));
  if (ipfs !== undefined && uri !== undefined) {
    try {
      return await verifiedManifest(await ipfsBytes(ipfs.fetchFromIpfs, epoch, uri, signal), uri, manifestHash);
    } catch (error) {
      if (url === undefined || (error as Error).name === "AbortError") throw error;
    }
  }
  if (url === undefined)
    throw new ManifestError("NOT_CONFIGURED", "No manifest source is configured for this app (VITE_MANIFEST_URL).");
  return verifiedManifest(await urlBytes(epoch, url, signal), url, manifestHash);
}

function unlessAborted<T>(value: T): (cause: unknown) => T {
  return (cause) => {
    if ((cause as Error).name === "AbortError") throw cause;
    return value;
  };
}

async function verifiedManifest(bytes: Uint8Array, url: string, manifestHash: Hex): Promise<VerifiedManifest> {
  let decoded: DecodeManifestReturnType;
  try {
    decoded = await decodeManifest([bytes]);
  } catch (cause) {
    // The decoder hashes as it reads, so a file it rejects has no hash yet: another file is a mismatch, not a bad manifest.
    const contentHash = keccak256(bytes);
    if (!same(contentHash, manifestHash)) throw hashMismatch(url, contentHash, manifestHash);
    if (cause instanceof UnsupportedFormatError) {
      throw new ManifestError(
        "INVALID",
        `The manifest at ${url} has format "${cause.found}", which this app does not read (it reads ${MANIFEST_FORMATS.join(", ")}).`,
        { url, cause },
      );
    }
    if (cause instanceof BaseError)
      throw new ManifestError("INVALID", `The manifest at ${url} is malformed: ${cause.shortMessage}.`, { url, cause });
    throw cause;
  }
  if (!same(decoded.contentHash, manifestHash)) throw hashMismatch(url, decoded.contentHash, manifestHash);
  return { ...decoded, url };
}

async function ipfsBytes(
  fetchFromIpfs: (uri: string, signal?: AbortSignal) => Promise<{ bytes: Uint8Array }>,
  epoch: bigint | string,
  uri: string,
  signal: AbortSignal | undefined,
): Promise<Uint8Array> {
  try {
    return (await fetchFromIpfs(uri, signal)).bytes;
  } catch (cause) {
    if ((cause as Error).name === "AbortError") throw cause;
    const reason = cause instanceof BaseError ? cause.message : (cause as Error).message;
    throw new ManifestError("UNAVAILABLE", `The manifest of epoch ${epoch} cannot be fetched from IPFS: ${reason}`, {
      url: uri,
      cause,
    });
  }
}

async function urlBytes(epoch: bigint | string, url: string, signal: AbortSignal | undefined): Promise<Uint8Array> {
  try {
    const response = await fetch(url, signal ? { signal } : undefined);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    if ((cause as Error).name === "AbortError") throw cause;
    throw new ManifestError(
      "UNAVAILABLE",
      `The manifest of epoch ${epoch} cannot be fetched from ${url} (${(cause as Error).message}).`,
      { url, cause },
    );
  }
}
