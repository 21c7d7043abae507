/**
 * Reads a manifest from a byte stream line by line (never as one string), hashing the exact bytes, checking that
 * every line is canonical JSON in its format's layout (v1 or v2) and decoding every field by the element
 * declarations of ./elements.ts. Errors name the field and the line. {@link streamManifest} hands each element to
 * a visitor as it passes and keeps nothing but the trees' nodes, so a million-account manifest is read in bounded
 * memory; {@link decodeManifest} collects the whole manifest (the browser's reader). Whether the manifest is
 * consistent (order, sums, trees) is for the visitor or `validate`, which the oracle supplies. The hash returned is
 * the one the format commits with: the keccak256 of the bytes for v1 and v2, the chunk tree's root for v3
 * (./manifestChunks.ts).
 */
import { keccak_256 } from "@noble/hashes/sha3.js";

import { MalformedFieldError, UnsupportedFormatError } from "../errors.ts";
import { bytesToHex, describe, type Hex } from "../hex.ts";
import type { Schema } from "../schema.ts";
import { isCanonicalText } from "./canonicalJson.ts";
import type { Keccak256 } from "./chunkTree.ts";
import {
  type AssetFlow,
  assetFlowSchema,
  assetSchema,
  type CostCheck,
  type CumulativeTotal,
  contributionSchema,
  costCheckSchema,
  cumulativeTotalSchema,
  type EpochAsset,
  type EpochContribution,
  headerSchema,
  isChunkCommitted,
  leafSchema,
  MANIFEST_FORMAT,
  MANIFEST_FORMATS,
  type Manifest,
  type ManifestHeader,
  type ManifestLeaf,
  type ManifestScoreEntry,
  type PoolRevenue,
  poolRevenueSchema,
  scoreSchema,
} from "./elements.ts";
import {
  CLOSING,
  HEADER_SUFFIX,
  type ManifestSection,
  PAYOUT_LEAF_ENCODING,
  SCORE_LEAF_ENCODING,
  SECTIONS,
  sectionsOf,
} from "./layout.ts";
import { readLine } from "./lineReaders.ts";
import { type ChunkedManifest, type ManifestChunk, ManifestChunker } from "./manifestChunks.ts";

/** An incremental Keccak-256: what the reader hashes the bytes with. */
export type IncrementalKeccak = { update(data: Uint8Array): void; digest(): Uint8Array };

export type DecodeManifestParameters = {
  /** Makes the hasher; @noble/hashes' Keccak-256 by default (the oracle passes its WebAssembly one). */
  createKeccak?: () => IncrementalKeccak | Promise<IncrementalKeccak>;
  /** Hashes a v3 manifest's chunks; @noble/hashes' Keccak-256 by default (the oracle passes its WebAssembly one). */
  keccak256?: Keccak256;
  /** Checks the decoded manifest as a whole; throws to reject it. */
  validate?: (manifest: Manifest) => void;
};

/** What {@link decodeManifest} returns. */
export type DecodeManifestReturnType = StreamManifestReturnType & { manifest: Manifest };

/** What {@link streamManifest} returns once the closing line has been read. */
export type StreamManifestReturnType = {
  header: ManifestHeader;
  /**
   * The manifest's hash by its format's rule (v1, v2: keccak256 of the bytes read; v3: the root of its chunk
   * tree); compare with the on-chain `manifestHash`.
   */
  contentHash: Hex;
  byteLength: number;
  /** A v3 manifest's chunk index and chunk hashes, which slices are cut and proven from. */
  chunks?: ChunkedManifest;
};

/** The element sections of a manifest (every section but the trees' nodes). */
export type ElementSection = Exclude<ManifestSection["path"], TreeSection>;
/** The sections that hold a tree's nodes. */
export type TreeSection = "payoutTree.nodes" | "scoresTree.nodes";

/** The decoded element of each section. */
export type ManifestElements = {
  "inputs.assets": EpochAsset;
  "inputs.contributions": EpochContribution;
  "inputs.costs": CostCheck;
  "inputs.previous": CumulativeTotal;
  "inputs.revenue": PoolRevenue;
  leaves: ManifestLeaf;
  lineageFlows: AssetFlow;
  scores: ManifestScoreEntry;
};

/**
 * What {@link streamManifest} calls, in file order. A callback that throws stops the read with its error, so a
 * visitor can reject a manifest at the first inconsistent element.
 */
export type ManifestVisitor = {
  header?(header: ManifestHeader): void;
  /** Each element as its line is read; `index` is its position in the section. */
  elements?: { readonly [P in ElementSection]?: (element: ManifestElements[P], index: number) => void };
  /** A tree's nodes (node i at bytes [32i, 32i + 32)), once its section is closed. */
  nodes?(section: TreeSection, nodes: Uint8Array): void;
  /** Each chunk of a v3 manifest once its last line has been read and checked. */
  chunk?(chunk: ManifestChunk): void;
  /** After the closing line and the end of the file. */
  end?(): void;
};

/** The element declaration of each section; tree sections hold nodes (the slice verifier decodes with these too). */
export const SECTION_SCHEMAS: { readonly [P in ManifestSection["path"]]: Schema<unknown> | "nodes" } = {
  "inputs.assets": assetSchema,
  "inputs.contributions": contributionSchema,
  "inputs.costs": costCheckSchema,
  "inputs.previous": cumulativeTotalSchema,
  "inputs.revenue": poolRevenueSchema,
  leaves: leafSchema,
  lineageFlows: assetFlowSchema,
  "payoutTree.nodes": "nodes",
  scores: scoreSchema,
  "scoresTree.nodes": "nodes",
};

/** Parses one line as JSON and checks it is exactly its canonical serialisation. */
function parseCanonical(text: string, field: string, line: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MalformedFieldError(field, "is not valid JSON", { line, cause: error });
  }
  let canonical: boolean;
  try {
    canonical = isCanonicalText(text, value);
  } catch (error) {
    if (error instanceof MalformedFieldError) {
      throw new MalformedFieldError(field + error.field.slice(1), error.problem, { line });
    }
    throw error;
  }
  if (!canonical) {
    throw new MalformedFieldError(field, "is not in canonical form (sorted keys, no whitespace, integers only)", {
      line,
    });
  }
  return value;
}

const ELEMENT_SECTIONS = SECTIONS.map((s) => s.path).filter(
  (path): path is ElementSection => SECTION_SCHEMAS[path] !== "nodes",
);

/** The value of each lower-case hex digit by character code; -1 for every other character. */
const LOWER_HEX = Int8Array.from({ length: 128 }, (_, code) =>
  code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : -1,
);

/** Writes the node `text` holds (`"0x"` and 64 lower-case hex digits, quoted) to `out` at `at`; false if it holds none. */
function nodeInto(text: string, out: Uint8Array, at: number): boolean {
  if (text.length !== 68 || text.charCodeAt(0) !== 34 || text.charCodeAt(67) !== 34) return false;
  if (text.charCodeAt(1) !== 48 || text.charCodeAt(2) !== 120) return false;
  for (let i = 0; i < 32; i++) {
    const hi = LOWER_HEX[text.charCodeAt(3 + 2 * i)] ?? -1;
    const lo = LOWER_HEX[text.charCodeAt(4 + 2 * i)] ?? -1;
    if (hi < 0 || lo < 0) return false;
    out[at + i] = (hi << 4) | lo;
  }
  return true;
}

/** The section whose elements are each tree's leaves. */
const TREE_LEAVES: { readonly [S in TreeSection]: ElementSection } = {
  "payoutTree.nodes": "leaves",
  "scoresTree.nodes": "scores",
};

/** Grows a node buffer as node lines arrive; node lines are two thirds of a large manifest, so no JSON.parse. */
class NodeCollector {
  bytes: Uint8Array;
  count = 0;
  /** `expected` nodes (a tree of n leaves has 2n - 1) are held without growing or copying; more still fit. */
  constructor(expected = 0) {
    this.bytes = new Uint8Array(32 * expected);
  }
  push(text: string, field: string, line: number): void {
    if (32 * (this.count + 1) > this.bytes.length) {
      const grown = new Uint8Array(Math.max(64 * 32, 2 * this.bytes.length));
      grown.set(this.bytes);
      this.bytes = grown;
    }
    if (!nodeInto(text, this.bytes, 32 * this.count)) {
      throw new MalformedFieldError(
        field,
        `expected a node as "0x" and 64 lower-case hex digits, got ${describe(text)}`,
        {
          line,
        },
      );
    }
    this.count++;
  }
  done(): Uint8Array {
    return this.bytes.length === 32 * this.count ? this.bytes : this.bytes.slice(0, 32 * this.count);
  }
}

/**
 * Reads and decodes a manifest, keeping all of it. `source` yields its bytes (a file read stream, a fetched body).
 * Throws {@link MalformedFieldError} naming the first bad field and its line, or {@link UnsupportedFormatError}
 * for another format.
 *
 * @example
 * const { manifest, contentHash } = await decodeManifest([new Uint8Array(await response.arrayBuffer())]);
 */
export async function decodeManifest(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  parameters: DecodeManifestParameters = {},
): Promise<DecodeManifestReturnType> {
  const lists = Object.fromEntries(ELEMENT_SECTIONS.map((path) => [path, []])) as unknown as {
    [P in ElementSection]: ManifestElements[P][];
  };
  const trees: { [S in TreeSection]: Uint8Array } = {
    "payoutTree.nodes": new Uint8Array(0),
    "scoresTree.nodes": new Uint8Array(0),
  };
  const read = await streamManifest(source, {
    elements: Object.fromEntries(
      ELEMENT_SECTIONS.map((path) => [path, (element: never) => void lists[path].push(element)]),
    ),
    nodes: (section, nodes) => {
      trees[section] = nodes;
    },
    createKeccak: parameters.createKeccak,
    keccak256: parameters.keccak256,
  });
  const manifest: Manifest = {
    ...read.header,
    inputs: {
      assets: lists["inputs.assets"],
      contributions: lists["inputs.contributions"],
      costs: lists["inputs.costs"],
      previous: lists["inputs.previous"],
      revenue: lists["inputs.revenue"],
    },
    leaves: lists.leaves,
    lineageFlows: lists.lineageFlows,
    payoutTree: { leafEncoding: PAYOUT_LEAF_ENCODING, nodes: trees["payoutTree.nodes"] },
    scores: lists.scores,
    scoresTree: { leafEncoding: SCORE_LEAF_ENCODING, nodes: trees["scoresTree.nodes"] },
  };
  parameters.validate?.(manifest);
  return { ...read, manifest };
}

/**
 * Reads a manifest as a stream, handing each decoded element to `visitor` and keeping none of them. Throws
 * {@link MalformedFieldError} naming the first bad field and its line, {@link UnsupportedFormatError} for another
 * format, or whatever a visitor's callback throws.
 *
 * @example
 * let leaves = 0;
 * const { contentHash } = await streamManifest(createReadStream(file), { elements: { leaves: () => void leaves++ } });
 */
export async function streamManifest(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  visitor: ManifestVisitor & Pick<DecodeManifestParameters, "createKeccak" | "keccak256">,
): Promise<StreamManifestReturnType> {
  const hasher = await (visitor.createKeccak ?? (() => keccak_256.create()))();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const encoder = new TextEncoder();
  let byteLength = 0;
  let carry = "";
  let lineNumber = 0;
  let header: ManifestHeader | undefined;
  let section = 0;
  let index = 0;
  let awaitingElement = false; // the previous element line ended with a comma
  let closed = false;
  let sections: readonly ManifestSection[] = SECTIONS;
  let nodes = new NodeCollector();
  /** Each closed element section's count, which sizes its tree's node buffer. */
  const counts = new Map<ManifestSection["path"], number>();
  // A v3 manifest is committed by its chunks, so its bytes need no hash of their own once its format is known.
  let chunker: ManifestChunker | undefined;
  const path: (string | number)[] = [];
  const elements = (visitor.elements ?? {}) as {
    readonly [P in ElementSection]?: (element: unknown, index: number) => void;
  };

  const onLine = (text: string): void => {
    lineNumber++;
    const line = lineNumber;
    if (closed) throw new MalformedFieldError("manifest", "has content after its closing line", { line });
    if (header === undefined) {
      if (!text.endsWith(HEADER_SUFFIX)) {
        throw new MalformedFieldError("manifest", `line 1 must be the header ending with ${HEADER_SUFFIX}`, { line });
      }
      const raw = parseCanonical(`${text.slice(0, -HEADER_SUFFIX.length)}}`, "header", line);
      // The format first, so a newer manifest fails on its version rather than on a field it added.
      const format = (raw as { format?: unknown } | null)?.format;
      if (!(MANIFEST_FORMATS as readonly unknown[]).includes(format)) {
        throw new UnsupportedFormatError("manifest", format, MANIFEST_FORMAT);
      }
      header = headerSchema.decode(raw, { path, line });
      sections = sectionsOf(header.format);
      if (isChunkCommitted(header.format)) {
        chunker = new ManifestChunker(header.format, { keccak256: visitor.keccak256, onChunk: visitor.chunk });
        chunker.line(text);
      }
      visitor.header?.(header);
      return;
    }
    const { path: sectionPath } = sections[section]!;
    const next = section + 1 < sections.length ? sections[section + 1]!.opening : CLOSING;
    if (text === next) {
      if (awaitingElement) {
        throw new MalformedFieldError(`${sectionPath}[${index - 1}]`, "ends with a comma but is the last element", {
          line: line - 1,
        });
      }
      if (SECTION_SCHEMAS[sectionPath] === "nodes") {
        visitor.nodes?.(sectionPath as TreeSection, nodes.done());
        nodes = new NodeCollector();
      } else counts.set(sectionPath, index);
      if (text === CLOSING) closed = true;
      else {
        section++;
        const leaves = TREE_LEAVES[sections[section]!.path as TreeSection];
        if (leaves !== undefined) nodes = new NodeCollector(Math.max(0, 2 * (counts.get(leaves) ?? 0) - 1));
      }
      index = 0;
      chunker?.line(text);
      return;
    }
    if (text.startsWith("]")) {
      throw new MalformedFieldError(
        sectionPath,
        `expected ${JSON.stringify(next)} to end the section, got ${describe(text)}`,
        {
          line,
        },
      );
    }
    if (index > 0 && !awaitingElement) {
      throw new MalformedFieldError(`${sectionPath}[${index - 1}]`, "is not followed by a comma", { line: line - 1 });
    }
    awaitingElement = text.endsWith(",");
    const body = awaitingElement ? text.slice(0, -1) : text;
    const field = `${sectionPath}[${index}]`;
    const schema = SECTION_SCHEMAS[sectionPath];
    if (schema === "nodes") {
      nodes.push(body, field, line);
    } else {
      // The fast reader takes the lines it can prove canonical and valid; the thorough way takes the rest and
      // names what is wrong with them.
      let element = readLine(sectionPath as ElementSection, body);
      if (element === undefined) {
        const value = parseCanonical(body, field, line);
        path.length = 0;
        path.push(sectionPath, index);
        element = schema.decode(value, { path, line });
      }
      elements[sectionPath as ElementSection]?.(element, index);
    }
    chunker?.line(text);
    index++;
  };

  const onText = (text: string): void => {
    let start = 0;
    const all = carry + text;
    for (let end = all.indexOf("\n"); end !== -1; end = all.indexOf("\n", start)) {
      onLine(all.slice(start, end));
      start = end + 1;
    }
    carry = all.slice(start);
  };

  try {
    for await (const chunk of source) {
      const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
      if (chunker === undefined) hasher.update(bytes);
      byteLength += bytes.length;
      onText(decoder.decode(bytes, { stream: true }));
    }
    onText(decoder.decode());
  } catch (error) {
    if (error instanceof TypeError && /encoded data was not valid|not valid utf-8|invalid/i.test(error.message)) {
      throw new MalformedFieldError("manifest", "is not valid UTF-8", { line: lineNumber + 1, cause: error });
    }
    throw error;
  }
  if (carry !== "") throw new MalformedFieldError("manifest", "does not end with a newline", { line: lineNumber + 1 });
  if (header === undefined) throw new MalformedFieldError("manifest", "is empty");
  if (!closed) {
    throw new MalformedFieldError(sections[section]!.path, "the manifest ends before its closing line (truncated?)", {
      line: lineNumber,
    });
  }
  visitor.end?.();
  if (chunker === undefined) return { header, contentHash: bytesToHex(hasher.digest()), byteLength };
  const chunks = chunker.end();
  return { header, contentHash: chunks.root, byteLength, chunks };
}
