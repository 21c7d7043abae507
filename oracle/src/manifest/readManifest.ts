/**
 * Reads a whole manifest with the protocol's decoder (every line canonical, every field checked and named with
 * its line), hashing with the oracle's WebAssembly Keccak, then validates it (./validateManifest.ts). It keeps
 * every element: for small epochs, tests and tools; ./scanManifest.ts reads one of any size in bounded memory.
 */
import { type DecodeManifestReturnType, decodeManifest } from "@coherence/protocol";

import { createKeccak256Stream, keccak256 } from "../merkle/keccak.ts";
import { validateManifest } from "./validateManifest.ts";

/** What {@link readManifest} returns. */
export type ReadManifestReturnType = DecodeManifestReturnType;

/**
 * Reads and validates a manifest. `source` yields its bytes (a file read stream, for instance). Throws
 * `MalformedFieldError` naming the first bad field and its line, or `UnsupportedFormatError` for another format.
 *
 * @example
 * const { manifest, contentHash } = await readManifest(fs.createReadStream("epoch-7.json"));
 */
export function readManifest(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
): Promise<ReadManifestReturnType> {
  return decodeManifest(source, { createKeccak: createKeccak256Stream, keccak256, validate: validateManifest });
}
