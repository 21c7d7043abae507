/**
 * How a v3 manifest is cut into chunks, the leaves of the tree whose root is its `manifestHash`
 * (./chunkTree.ts; oracle/docs/manifest-format.md, "Chunks"). Same manifest lines, same chunks, on any machine.
 *
 * - Chunk 0 is the header chunk: `{"header":<the header line's object>,"sections":[{"chunks":c,"elements":e,"path":p}…]}`,
 *   every section of the format in file order with its chunk and element counts (the chunk index: section `s`'s
 *   chunks are numbered after those of the sections before it).
 * - Then each section's element lines, in order, are cut into runs: a chunk takes elements until their canonical
 *   bytes reach {@link CHUNK_BYTES}, and a section's last chunk takes what is left; an empty section has none. A
 *   chunk is `{"elements":[<element>,…],"first":<index of its first element>,"section":<path>}`.
 *
 * The cut depends on the bytes alone, not on keys, so an account's elements may span two chunks; a slice proves
 * it holds all of them by including the neighbours that bound them (./manifestSlice.ts).
 */
import { keccak_256 } from "@noble/hashes/sha3.js";

import { InvariantError } from "../errors.ts";
import { bytesToHex, type Hex } from "../hex.ts";
import { chunkTreeRoot, type Keccak256 } from "./chunkTree.ts";
import { CLOSING, HEADER_SUFFIX, type ManifestSection, sectionsOf } from "./layout.ts";

/**
 * The byte size a chunk closes at. 8 KiB: an account's slice holds about ten chunks (its leaves, its previous total,
 * each cited asset's and contribution's inputs, some twice where a run crosses a boundary), so about 100 KB, and a
 * million-account epoch has about 160,000 chunks (proofs of 18 hashes, 5 MB of chunk hashes to keep).
 */
export const CHUNK_BYTES = 8192;

/** A section's place in the chunk index. */
export type ChunkedSection = { path: ManifestSection["path"]; chunks: number; elements: number };

/** A closed chunk: where it sits in the tree and in the file, its elements' lines and its hash. */
export type ManifestChunk = {
  /** Its leaf index in the chunk tree (the header chunk is 0). */
  index: number;
  section: ManifestSection["path"];
  /** The index of its first element in the section. */
  first: number;
  /** The element lines as canonical JSON, without their commas. */
  elements: string[];
  /** Where its element lines are in the manifest file: byte offset and length (commas and newlines included). */
  offset: number;
  byteLength: number;
  /** keccak256 of {@link chunkText}. */
  hash: Uint8Array;
};

/** What a chunked manifest commits to once its last line has been seen. */
export type ChunkedManifest = {
  /** The chunk tree's root: the manifest hash of a v3 manifest. */
  root: Hex;
  /** The header chunk's text (leaf 0). */
  headerChunk: string;
  sections: ChunkedSection[];
  /** Every chunk's hash in leaf order, 32 bytes each: what proofs are built from. */
  hashes: Uint8Array;
};

const encoder = new TextEncoder();
const NON_ASCII = /[^ -~]/; // canonical JSON escapes control characters, so a line outside printable ASCII is not ASCII

/** The UTF-8 length of `text`; canonical lines are ASCII but for the odd metric or rationale. */
export function utf8Length(text: string): number {
  return NON_ASCII.test(text) ? encoder.encode(text).length : text.length;
}

/** How a section chunk's text begins. */
const CHUNK_OPENING = '{"elements":[';

/** A section chunk's canonical text (its leaf is the keccak256 of these bytes). */
export function chunkText(section: string, first: number, elements: readonly string[]): string {
  return `${CHUNK_OPENING}${elements.join(",")}],"first":${first},"section":${JSON.stringify(section)}}`;
}

/** The header chunk's canonical text. */
export function headerChunkText(header: string, sections: readonly ChunkedSection[]): string {
  const index = sections.map((s) => `{"chunks":${s.chunks},"elements":${s.elements},"path":"${s.path}"}`);
  return `{"header":${header},"sections":[${index.join(",")}]}`;
}

/**
 * Cuts a v3 manifest's lines into chunks as they pass, in one pass and bounded memory (one chunk's lines and 32
 * bytes per chunk). Feed it every line of the file, without its newline; the lines must already be valid (the
 * reader checks them first, the writer makes them).
 *
 * @example
 * const chunker = new ManifestChunker("coherence-epoch-manifest-v3");
 * for (const line of manifestLines(manifest)) chunker.line(line);
 * chunker.end().root; // the manifestHash
 */
export class ManifestChunker {
  readonly #sections: readonly ManifestSection[];
  readonly #keccak256: Keccak256;
  readonly #onChunk: ((chunk: ManifestChunk) => void) | undefined;
  #header: string | undefined;
  #section = 0;
  #counts: ChunkedSection[];
  #hashes = new Uint8Array(32 * 1024);
  #chunks = 1; // leaf 0 is the header chunk, hashed at the end
  #offset = 0;
  #open: { first: number; elements: string[]; offset: number; bytes: number } | undefined;
  /**
   * The open chunk's text as UTF-8, written as its lines arrive: {@link CHUNK_OPENING}, then each element and a
   * comma. Closing turns the last comma into the chunk's end, so {@link chunkText} is never built as a string.
   */
  #text = new Uint8Array(4 * CHUNK_BYTES);
  #length = 0;
  #closed = false;

  constructor(
    format: string,
    options: { keccak256?: Keccak256 | undefined; onChunk?: ((chunk: ManifestChunk) => void) | undefined } = {},
  ) {
    this.#sections = sectionsOf(format);
    this.#counts = this.#sections.map((s) => ({ path: s.path, chunks: 0, elements: 0 }));
    this.#keccak256 = options.keccak256 ?? keccak_256;
    this.#onChunk = options.onChunk;
  }

  /** The next line of the file. */
  line(text: string): void {
    if (this.#header === undefined) {
      this.#header = `${text.slice(0, -HEADER_SUFFIX.length)}}`;
      this.#offset += utf8Length(text) + 1;
      return;
    }
    const next = this.#section + 1 < this.#sections.length ? this.#sections[this.#section + 1]!.opening : CLOSING;
    if (text === next) {
      this.#offset += text.length + 1; // structural lines are ASCII
      this.#close();
      if (text === CLOSING) this.#closed = true;
      else this.#section++;
      return;
    }
    const count = this.#counts[this.#section]!;
    if (this.#open === undefined) {
      this.#open = { first: count.elements, elements: [], offset: this.#offset, bytes: 0 };
      this.#length = this.#write(CHUNK_OPENING, 0);
    }
    // The line's bytes with its comma (its newline is the + 1), a comma added after a section's last element.
    const written = this.#write(text, this.#length) - this.#length;
    this.#length += written;
    if (text.charCodeAt(text.length - 1) !== 44) this.#text[this.#length++] = 44;
    const bytes = written + 1;
    this.#offset += bytes;
    if (this.#onChunk !== undefined) this.#open.elements.push(text.endsWith(",") ? text.slice(0, -1) : text);
    this.#open.bytes += bytes;
    count.elements++;
    if (this.#open.bytes >= CHUNK_BYTES) this.#close();
  }

  /** After the closing line: the root, the header chunk and every chunk's hash. */
  end(): ChunkedManifest {
    if (!this.#closed) throw new InvariantError("ManifestChunker.end before the manifest's closing line");
    const headerChunk = headerChunkText(this.#header!, this.#counts);
    this.#hashes.set(this.#keccak256(encoder.encode(headerChunk)), 0);
    const hashes = this.#hashes.slice(0, 32 * this.#chunks);
    return {
      root: bytesToHex(chunkTreeRoot(hashes, this.#keccak256)),
      headerChunk,
      sections: this.#counts,
      hashes,
    };
  }

  /** Writes `text` as UTF-8 into the chunk's text at `at`, growing it as needed; returns where the bytes end. */
  #write(text: string, at: number): number {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    if (at + 3 * text.length + 1 > this.#text.length) {
      const grown = new Uint8Array(2 * (at + 3 * text.length + 1));
      grown.set(this.#text.subarray(0, at));
      this.#text = grown;
    }
    return at + encoder.encodeInto(text, this.#text.subarray(at)).written;
  }

  #close(): void {
    const open = this.#open;
    if (open === undefined) return;
    this.#open = undefined;
    const section = this.#sections[this.#section]!.path;
    // Over the last element's comma: the end of chunkText(section, open.first, elements).
    const end = this.#write(`],"first":${open.first},"section":${JSON.stringify(section)}}`, this.#length - 1);
    const hash = this.#keccak256(this.#text.subarray(0, end));
    if (32 * (this.#chunks + 1) > this.#hashes.length) {
      const grown = new Uint8Array(2 * this.#hashes.length);
      grown.set(this.#hashes);
      this.#hashes = grown;
    }
    this.#hashes.set(hash, 32 * this.#chunks);
    const index = this.#chunks++;
    this.#counts[this.#section]!.chunks++;
    this.#onChunk?.({
      index,
      section,
      first: open.first,
      elements: open.elements,
      offset: open.offset,
      byteLength: open.bytes,
      hash,
    });
  }
}
