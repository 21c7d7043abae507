/**
 * Epoch manifests in the browser: where one is published (VITE_MANIFEST_URL + pattern, as the indexer finds
 * them), fetched, decoded by the protocol's manifest codec, and accepted only if it hashes to the manifestHash the
 * oracles committed on-chain. The Claim page reads the account's slice instead (./accountSlice.ts). Layout: oracle/docs/manifest-format.md.
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
 * tree's root for v3) against `manifestHash`.
 * Throws {@link ManifestError}.
 */
export async function fetchVerifiedManifest(
  epoch: bigint | string,
  manifestHash: Hex,
  signal?: AbortSignal,
): Promise<VerifiedManifest> {
  const url = manifestUrl(epoch, manifestHash);
  if (url === undefined)
    throw new ManifestError("NOT_CONFIGURED", "No manifest source is configured for this app (VITE_MANIFEST_URL).");
  let bytes: Uint8Array;
  try {
    const response = await fetch(url, signal ? { signal } : undefined);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    if ((cause as Error).name === "AbortError") throw cause;
    throw new ManifestError(
      "UNAVAILABLE",
      `The manifest of epoch ${epoch} cannot be fetched from ${url} (${(cause as Error).message}).`,
      { url, cause },
    );
  }
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
