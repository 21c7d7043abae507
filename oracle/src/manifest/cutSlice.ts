/**
 * Cuts one account's slice from a v3 manifest by reading only the chunks it needs (./chunkIndex.ts): the chunks
 * that show what the account's leaves cite, the header chunk, each chunk's proof in the chunk tree, and each
 * leaf's payout proof read from the payout tree's node chunks. What it reads is checked against the chunk hashes
 * the index committed to, so a file changed since it was indexed is refused, never sliced.
 */
import {
  BaseError,
  bytesToHex,
  chunkText,
  chunkTreeProofs,
  collectCitations,
  encodeSlice,
  type Hex,
  type ManifestElements,
  type ManifestSection,
  type Schema,
  SECTION_KEYS,
  SECTION_SCHEMAS,
  type SliceSection,
} from "@coherence/protocol";

import { keccak256 } from "../merkle/keccak.ts";
import type { ChunkIndex, ChunkLocation } from "./chunkIndex.ts";

/** Reads `length` bytes of the manifest file at `offset`. */
export type ReadRange = (offset: number, length: number) => Promise<Uint8Array>;

/** What {@link cutSlice} returns. */
export type CutSliceReturnType = {
  /** The slice's bytes as text (one line and a newline). */
  text: string;
  /** The chunk indices it carries, ascending (0, the header chunk, first). */
  chunks: number[];
  /** The account's leaves in the epoch (0: the slice proves it has none). */
  leaves: number;
};

/** The manifest file no longer holds what was indexed. */
export class ManifestChangedError extends BaseError {
  override name = "ManifestChangedError";
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * The slice of `account` (lower case) in the indexed manifest.
 *
 * @example
 * const index = await indexManifestChunks(createReadStream(file), manifestHash);
 * const { text } = await cutSlice(index, fileRange(file), "0xab…");
 */
export async function cutSlice(index: ChunkIndex, read: ReadRange, account: Hex): Promise<CutSliceReturnType> {
  const { chunked } = index;
  const texts = new Map<number, string[]>();
  const load = async (section: ManifestSection["path"], chunk: ChunkLocation): Promise<string[]> => {
    const cached = texts.get(chunk.index);
    if (cached !== undefined) return cached;
    const bytes = await read(chunk.offset, chunk.byteLength);
    const lines = decoder.decode(bytes).split("\n");
    lines.pop();
    const elements = lines.map((line) => (line.endsWith(",") ? line.slice(0, -1) : line));
    const hash = keccak256(encoder.encode(chunkText(section, chunk.first, elements)));
    if (bytesToHex(hash) !== bytesToHex(chunked.hashes, 32 * chunk.index, 32)) {
      throw new ManifestChangedError(`Chunk ${chunk.index} of the manifest is not what was indexed: the file changed.`);
    }
    texts.set(chunk.index, elements);
    return elements;
  };
  const used = new Set<number>();
  const cited = await collectCitations(account, async (section, keys) => {
    const found = new Map<string, ManifestElements[typeof section][]>();
    const schema = SECTION_SCHEMAS[section] as Schema<ManifestElements[typeof section]>;
    const keyOf = SECTION_KEYS[section] as (element: ManifestElements[typeof section]) => string;
    for (const key of keys) {
      const elements: ManifestElements[typeof section][] = [];
      for (const chunk of index.covering(section as SliceSection, key)) {
        used.add(chunk.index);
        for (const line of await load(section, chunk)) {
          const element = schema.decode(JSON.parse(line), { path: [section] });
          if (keyOf(element) === key) elements.push(element);
        }
      }
      found.set(key, elements);
    }
    return found;
  });
  const leaves = cited.leaves.get(account) ?? [];
  const payoutProofs = [];
  for (const leaf of leaves) payoutProofs.push({ token: leaf.token, proof: await payoutProof(leaf.treeIndex) });

  const indices = [0, ...[...used].sort((a, b) => a - b)];
  const proofs = chunkTreeProofs(chunked.hashes, indices, keccak256);
  const text = encodeSlice({
    account,
    manifestHash: chunked.root,
    chunkCount: chunked.hashes.length / 32,
    chunks: indices.map((i, k) => {
      const chunk = index.at(i);
      return {
        index: i,
        text: chunk === undefined ? chunked.headerChunk : chunkText(chunk.section, chunk.first, texts.get(i)!),
        proof: proofs[k]!.map((p) => bytesToHex(p)),
      };
    }),
    payoutProofs,
  });
  return { text, chunks: indices, leaves: leaves.length };

  // The siblings up OpenZeppelin's heap layout, each read from the node chunk that holds it.
  async function payoutProof(treeIndex: number): Promise<Hex[]> {
    const proof: Hex[] = [];
    for (let i = treeIndex; i > 0; i = (i - 1) >> 1) {
      const sibling = i & 1 ? i + 1 : i - 1;
      const chunk = index.holding("payoutTree.nodes", sibling);
      if (chunk === undefined) throw new ManifestChangedError(`Payout tree node ${sibling} is not in the manifest.`);
      const nodes = await load("payoutTree.nodes", chunk);
      proof.push(JSON.parse(nodes[sibling - chunk.first]!) as Hex);
    }
    return proof;
  }
}
