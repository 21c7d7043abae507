/**
 * Writes a manifest as a stream of canonical JSON lines (layout in ./layout.ts)
 * and hashes the exact bytes while writing. Memory stays bounded by one chunk
 * (about 1 MiB) plus the manifest object itself, whatever the number of accounts.
 */
import { once } from "node:events";
import type { Hex } from "../hex.ts";
import { bytesToHex } from "../hex.ts";
import { createKeccak256Stream } from "../merkle/keccak.ts";
import { type JsonValue, canonicalJson } from "./canonicalJson.ts";
import { encodeAsset, encodeContribution, encodeFlow, encodeHeader, encodeLeaf, encodePrevious, encodeRevenue, encodeScore } from "./encodeElements.ts";
import { CLOSING, HEADER_SUFFIX, SECTIONS } from "./layout.ts";
import type { Manifest } from "./manifestTypes.ts";

/** Where manifest bytes go: a Node writable stream (backpressure honoured) or an async callback. */
export type ManifestSink = ((chunk: Uint8Array) => void | Promise<void>) | { write(chunk: Uint8Array): boolean; once(event: "drain", listener: () => void): unknown };

/** What {@link writeManifest} reports. */
export type WriteManifestReturnType = {
  /** keccak256 of the exact bytes written: the `manifestHash` of the EpochProposal. */
  contentHash: Hex;
  byteLength: number;
};

const CHUNK = 1 << 20;
/** Nodes converted to hex per native call. */
const NODE_BATCH = 4096;

/**
 * Streams `manifest` to `sink` and returns its content hash. The sink is not
 * closed. Same manifest, same bytes, on any machine.
 *
 * @example
 * const out = fs.createWriteStream("epoch-7.json");
 * const { contentHash } = await writeManifest(manifest, out);
 * out.end();
 */
export async function writeManifest(manifest: Manifest, sink: ManifestSink): Promise<WriteManifestReturnType> {
  const hasher = await createKeccak256Stream();
  let parts: string[] = [];
  let pending = 0;
  let byteLength = 0;
  const flush = async (): Promise<void> => {
    if (parts.length === 0) return;
    const bytes = Buffer.from(parts.join(""), "utf8");
    parts = [];
    pending = 0;
    hasher.update(bytes);
    byteLength += bytes.length;
    if (typeof sink === "function") await sink(bytes);
    else if (!sink.write(bytes)) await once(sink as unknown as NodeJS.EventEmitter, "drain");
  };
  const line = (text: string): boolean => {
    parts.push(text, "\n");
    pending += text.length + 1;
    return pending >= CHUNK;
  };

  /** Writes a section's elements, a comma after every one but the last. */
  const section = async (texts: Iterable<string>): Promise<void> => {
    let previous: string | undefined;
    for (const text of texts) {
      if (previous !== undefined && line(`${previous},`)) await flush();
      previous = text;
    }
    if (previous !== undefined) line(previous);
  };
  // Encoders emit sorted keys and string bigints, so the native serialiser is canonical for them.
  const json = function* <T>(items: readonly T[], encode: (item: T) => JsonValue): Generator<string> {
    for (const item of items) yield JSON.stringify(encode(item));
  };
  // Scores hold arbitrary metric records: the general canonical serialiser sorts their keys.
  const canonical = function* <T>(items: readonly T[], encode: (item: T) => JsonValue): Generator<string> {
    for (const item of items) yield canonicalJson(encode(item));
  };
  const nodes = function* (bytes: Uint8Array): Generator<string> {
    for (let start = 0; start < bytes.length; start += 32 * NODE_BATCH) {
      const hex = Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.min(32 * NODE_BATCH, bytes.length - start)).toString("hex");
      for (let p = 0; p < hex.length; p += 64) yield `"0x${hex.slice(p, p + 64)}"`;
    }
  };

  const header = canonicalJson(encodeHeader(manifest));
  line(header.slice(0, -1) + HEADER_SUFFIX);
  const bodies: Iterable<string>[] = [
    json(manifest.inputs.assets, encodeAsset),
    json(manifest.inputs.contributions, encodeContribution),
    json(manifest.inputs.previous, encodePrevious),
    json(manifest.inputs.revenue, encodeRevenue),
    json(manifest.leaves, (l) => encodeLeaf(l, l.treeIndex)),
    json(manifest.lineageFlows, encodeFlow),
    nodes(manifest.payoutTree.nodes),
    canonical(manifest.scores, (s) => encodeScore(s, s.treeIndex)),
    nodes(manifest.scoresTree.nodes),
  ];
  for (let i = 0; i < SECTIONS.length; i++) {
    if (i > 0) line(SECTIONS[i]!.opening);
    await section(bodies[i]!);
  }
  line(CLOSING);
  await flush();
  return { contentHash: bytesToHex(hasher.digest()), byteLength };
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
