/**
 * Where each chunk of a v3 manifest is (its section, elements, byte range in the file and key range), so one
 * account's slice is cut by reading a few byte ranges of the published file instead of the whole of it. Built as
 * the manifest is read once: by {@link indexManifestChunks} from its lines alone (the chunk root must be the
 * on-chain hash), or from the chunk events of a validating read (`scanManifest`, as the indexer reads). Keeps
 * about 200 bytes per chunk: 30 MB for a million-account epoch, against its 1.3 GB.
 */
import {
  BaseError,
  type ChunkedManifest,
  HEADER_SUFFIX,
  type Hex,
  isChunkCommitted,
  MANIFEST_FORMAT,
  type ManifestChunk,
  ManifestChunker,
  type ManifestSection,
  type Schema,
  SECTION_KEYS,
  SECTION_SCHEMAS,
  type SliceSection,
  UnsupportedFormatError,
} from "@coherence/protocol";

import { keccak256 } from "../merkle/keccak.ts";

/** One chunk's place: in the tree, in its section, in the file, and the keys of its first and last elements. */
export type ChunkLocation = {
  index: number;
  first: number;
  count: number;
  offset: number;
  byteLength: number;
  /** Element sections only: the section's sort key of its first and last element. */
  firstKey: string;
  lastKey: string;
};

/** A manifest whose chunk root is not the manifest hash expected of it. */
export class ChunkRootMismatchError extends BaseError {
  override name = "ChunkRootMismatchError";
}

/** A v3 manifest's chunks, located. */
export class ChunkIndex {
  readonly #sections = new Map<ManifestSection["path"], ChunkLocation[]>();
  readonly #sectionOf: ManifestSection["path"][] = [];
  #chunked: ChunkedManifest | undefined;

  /** Records a chunk as the reader closes it (a `ManifestVisitor.chunk`). */
  readonly chunk = (chunk: ManifestChunk): void => {
    const schema = SECTION_SCHEMAS[chunk.section];
    const key =
      schema === "nodes"
        ? () => ""
        : (text: string) =>
            (SECTION_KEYS[chunk.section as SliceSection] as (e: unknown) => string)(
              (schema as Schema<unknown>).decode(JSON.parse(text), { path: [chunk.section] }),
            );
    const list = this.#sections.get(chunk.section) ?? [];
    list.push({
      index: chunk.index,
      first: chunk.first,
      count: chunk.elements.length,
      offset: chunk.offset,
      byteLength: chunk.byteLength,
      firstKey: key(chunk.elements[0]!),
      lastKey: key(chunk.elements.at(-1)!),
    });
    this.#sections.set(chunk.section, list);
    this.#sectionOf[chunk.index] = chunk.section;
  };

  /** Chunk `index`'s section and place; undefined for the header chunk (0) or an index past the last. */
  at(index: number): (ChunkLocation & { section: ManifestSection["path"] }) | undefined {
    const section = this.#sectionOf[index];
    if (section === undefined) return undefined;
    const chunks = this.chunks(section);
    return { ...chunks[index - chunks[0]!.index]!, section };
  }

  /** Completes the index with what the whole read committed to. */
  finish(chunked: ChunkedManifest): this {
    this.#chunked = chunked;
    return this;
  }

  /** The chunk root, header chunk and chunk hashes; throws before {@link ChunkIndex.finish}. */
  get chunked(): ChunkedManifest {
    if (this.#chunked === undefined)
      throw new BaseError("The chunk index is not complete: the manifest was not read to its end.");
    return this.#chunked;
  }

  /** The chunks of `section`, in order. */
  chunks(section: ManifestSection["path"]): readonly ChunkLocation[] {
    return this.#sections.get(section) ?? [];
  }

  /**
   * The chunks a slice needs to show every element of `key` in `section` whole: those holding it and the
   * neighbours that bound it (a smaller key before, a larger after), or the chunks around where it would be.
   */
  covering(section: SliceSection, key: string): ChunkLocation[] {
    const chunks = this.chunks(section);
    if (chunks.length === 0) return [];
    // The first chunk whose last key is at least `key`.
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (chunks[mid]!.lastKey < key) lo = mid + 1;
      else hi = mid;
    }
    if (lo === chunks.length) return [chunks[lo - 1]!];
    let from = lo;
    let to = lo;
    if (chunks[lo]!.firstKey > key) from = Math.max(0, lo - 1);
    else {
      while (to + 1 < chunks.length && chunks[to + 1]!.firstKey === key) to++;
      if (chunks[from]!.firstKey === key && from > 0) from--;
      if (chunks[to]!.lastKey === key && to + 1 < chunks.length) to++;
    }
    return chunks.slice(from, to + 1);
  }

  /** The chunk of `section` that holds element `position`. */
  holding(section: ManifestSection["path"], position: number): ChunkLocation | undefined {
    const chunks = this.chunks(section);
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = chunks[mid]!;
      if (position < c.first) hi = mid - 1;
      else if (position >= c.first + c.count) lo = mid + 1;
      else return c;
    }
    return undefined;
  }
}

/**
 * Indexes a v3 manifest from its lines, without decoding its elements (the chunks the root commits to are what a
 * slice's verifier checks), and refuses it unless its chunk root is `expectedHash` when given.
 *
 * @example
 * const index = await indexManifestChunks(createReadStream(file), proposal.manifestHash);
 */
export async function indexManifestChunks(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  expectedHash?: Hex,
): Promise<ChunkIndex> {
  const index = new ChunkIndex();
  let chunker: ManifestChunker | undefined;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let carry = "";
  const onLine = (line: string) => {
    if (chunker === undefined) {
      const format = (JSON.parse(`${line.slice(0, -HEADER_SUFFIX.length)}}`) as { format?: unknown }).format;
      if (typeof format !== "string" || !isChunkCommitted(format)) {
        throw new UnsupportedFormatError("chunked manifest", format, MANIFEST_FORMAT);
      }
      chunker = new ManifestChunker(format, { keccak256, onChunk: index.chunk });
    }
    chunker.line(line);
  };
  for await (const part of source) {
    const text = carry + (typeof part === "string" ? part : decoder.decode(part, { stream: true }));
    let start = 0;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      onLine(text.slice(start, end));
      start = end + 1;
    }
    carry = text.slice(start);
  }
  if (chunker === undefined || carry !== "")
    throw new BaseError("The manifest is empty or does not end with a newline.");
  const chunked = chunker.end();
  if (expectedHash !== undefined && chunked.root !== expectedHash.toLowerCase()) {
    throw new ChunkRootMismatchError(`The manifest's chunk root ${chunked.root} is not the expected ${expectedHash}.`);
  }
  return index.finish(chunked);
}
