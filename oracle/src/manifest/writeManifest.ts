/**
 * Writes a manifest as a stream of the protocol's canonical JSON lines and computes its manifest hash while
 * writing: the root of its chunk tree (v3, what the oracle writes) or the keccak256 of its bytes (v1, v2).
 * Memory stays bounded by one write buffer (about 1 MiB) and the chunk hashes (32 bytes per 8 KiB) plus the
 * manifest object itself, whatever the number of accounts.
 */
import { once } from "node:events";

import {
  bytesToHex,
  type Hex,
  isChunkCommitted,
  type Manifest,
  ManifestChunker,
  manifestLines,
} from "@coherence/protocol";

import { createKeccak256Stream, keccak256 } from "../merkle/keccak.ts";

/** Where manifest bytes go: a Node writable stream (backpressure honoured) or an async callback. */
export type ManifestSink =
  | ((chunk: Uint8Array) => void | Promise<void>)
  | { write(chunk: Uint8Array): boolean; once(event: "drain", listener: () => void): unknown };

/** What {@link writeManifest} reports. */
export type WriteManifestReturnType = {
  /** The `manifestHash` of the EpochProposal: the chunk root (v3) or keccak256 of the bytes (v1, v2). */
  contentHash: Hex;
  byteLength: number;
};

const CHUNK = 1 << 20;

/**
 * Streams `manifest` to `sink` and returns its content hash. The sink is not closed. Same manifest, same bytes,
 * on any machine.
 *
 * @example
 * const out = fs.createWriteStream("epoch-7.json");
 * const { contentHash } = await writeManifest(manifest, out);
 * out.end();
 */
export async function writeManifest(manifest: Manifest, sink: ManifestSink): Promise<WriteManifestReturnType> {
  const chunker = isChunkCommitted(manifest.format) ? new ManifestChunker(manifest.format, { keccak256 }) : undefined;
  const hasher = chunker === undefined ? await createKeccak256Stream() : undefined;
  let parts: string[] = [];
  let pending = 0;
  let byteLength = 0;
  const flush = async (): Promise<void> => {
    if (parts.length === 0) return;
    const bytes = Buffer.from(parts.join(""), "utf8");
    parts = [];
    pending = 0;
    hasher?.update(bytes);
    byteLength += bytes.length;
    if (typeof sink === "function") await sink(bytes);
    else if (!sink.write(bytes)) await once(sink as unknown as NodeJS.EventEmitter, "drain");
  };
  for (const line of manifestLines(manifest)) {
    chunker?.line(line);
    parts.push(line, "\n");
    pending += line.length + 1;
    if (pending >= CHUNK) await flush();
  }
  await flush();
  const contentHash = chunker === undefined ? bytesToHex(hasher!.digest()) : chunker.end().root;
  return { contentHash, byteLength };
}

/**
 * The manifest's bytes in memory, for tests and small epochs.
 *
 * @example
 * const { bytes, contentHash } = await manifestBytes(manifest);
 */
export async function manifestBytes(manifest: Manifest): Promise<WriteManifestReturnType & { bytes: Uint8Array }> {
  const chunks: Uint8Array[] = [];
  const written = await writeManifest(manifest, (chunk) => {
    chunks.push(chunk);
  });
  return { ...written, bytes: Buffer.concat(chunks) };
}
