/**
 * One account's slice of a v3 manifest: the chunks that hold its leaves and everything they cite
 * (./sliceCitations.ts), each with its proof in the chunk tree, the header chunk, and a payout proof per leaf.
 * One canonical JSON line, so the same slice is the same bytes anywhere. {@link verifySlice} checks one against
 * the on-chain `manifestHash` alone, offline or in a browser: every chunk proven, the header's chunk index
 * matched, every cited key shown whole (its elements bounded by a smaller and a larger key, or by the section's
 * ends), and every leaf proven against the header's payout root. Layout: oracle/docs/manifest-format.md, "Slices".
 */
import { keccak_256 } from "@noble/hashes/sha3.js";

import { InvalidArgumentError, MalformedFieldError, UnsupportedFormatError } from "../errors.ts";
import { bytesToHex, type Hex, hexToBytes } from "../hex.ts";
import { verifyPayoutLeaf } from "../merkleProof.ts";
import {
  address,
  array,
  bytes32,
  type DecodeContext,
  integer,
  json,
  literal,
  object,
  oneOf,
  type Schema,
} from "../schema.ts";
import { canonicalJson, isCanonicalText } from "./canonicalJson.ts";
import { chunkTreeFold, type Keccak256 } from "./chunkTree.ts";
import { type ManifestElements, SECTION_SCHEMAS } from "./decodeManifest.ts";
import { type Address, headerSchema, MANIFEST_FORMAT, type ManifestHeader, type ManifestLeaf } from "./elements.ts";
import { sectionsOf } from "./layout.ts";
import type { ChunkedSection } from "./manifestChunks.ts";
import { type CitedElements, collectCitations, SECTION_KEYS, type SliceSection } from "./sliceCitations.ts";

/** The format of a slice file. */
export const SLICE_FORMAT = "coherence-manifest-slice-v1";

/** A chunk as a slice carries it: its leaf index, its canonical text and its proof. */
export type SliceChunk = { index: number; text: string; proof: readonly Hex[] };

/** What a slice is made of. */
export type SliceParts = {
  account: Address;
  manifestHash: Hex;
  /** The chunk tree's leaf count. */
  chunkCount: number;
  /** Ascending by index; the header chunk (0) first. */
  chunks: readonly SliceChunk[];
  /** The payout tree proof of each of the account's leaves, ascending by token. */
  payoutProofs: readonly { token: Address; proof: readonly Hex[] }[];
};

/**
 * A slice's bytes: one line of canonical JSON and a newline. Chunks are embedded as their canonical text, so a
 * verifier re-serialises each canonically and hashes it.
 *
 * @example
 * await writeFile("slice.json", encodeSlice(parts));
 */
export function encodeSlice(parts: SliceParts): string {
  const hexes = (proof: readonly Hex[]) => `[${proof.map((h) => `"${h}"`).join(",")}]`;
  const chunks = parts.chunks.map((c) => `{"chunk":${c.text},"index":${c.index},"proof":${hexes(c.proof)}}`);
  const payouts = parts.payoutProofs.map((p) => `{"proof":${hexes(p.proof)},"token":"${p.token}"}`);
  return `{"account":"${parts.account}","chunkCount":${parts.chunkCount},"chunks":[${chunks.join(",")}],"format":"${SLICE_FORMAT}","manifestHash":"${parts.manifestHash}","payoutProofs":[${payouts.join(",")}]}\n`;
}

/** Why a slice was refused. */
export type SliceErrorCode =
  /** Not a slice: bad bytes, not canonical, a field missing or mistyped, chunks out of order. */
  | "MALFORMED"
  /** A slice of another manifest (another epoch, or a manifest the chain did not commit). */
  | "OTHER_MANIFEST"
  /** A slice of another account. */
  | "OTHER_ACCOUNT"
  /** A chunk that is not in the manifest: its proof does not fold to the manifest hash (a tampered chunk). */
  | "CHUNK_PROOF"
  /** Something the account's leaves cite is missing or not shown whole. */
  | "INCOMPLETE"
  /** A leaf whose payout proof is missing or does not fold to the epoch's payout root. */
  | "PAYOUT_PROOF";

/** A slice that cannot be trusted, and why ({@link SliceErrorCode}). */
export class SliceError extends InvalidArgumentError {
  override name = "SliceError";
  readonly code: SliceErrorCode;
  constructor(code: SliceErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
  }
}

/** A slice whose every part was proven against the manifest hash. */
export type VerifiedSlice = {
  account: Address;
  manifestHash: Hex;
  header: ManifestHeader;
  /** The manifest's chunk index: each section's chunk and element counts. */
  sections: readonly ChunkedSection[];
  /** The account's leaves, each with its payout proof (verified against `header.epoch.payoutRoot`). */
  leaves: readonly (ManifestLeaf & { proof: readonly Hex[] })[];
  /** Every cited key's elements, all of them (see ./sliceCitations.ts). */
  cited: CitedElements;
  byteLength: number;
};

const sorted = { sorted: true } as const;
const lowerAddress = address({ lowerCase: true });
const ELEMENT_PATHS = Object.keys(SECTION_KEYS) as SliceSection[];
const sliceSchema = object(
  {
    account: lowerAddress,
    chunkCount: integer({ min: 1 }),
    chunks: array(object({ chunk: json(), index: integer(), proof: array(bytes32()) }, sorted)),
    format: literal(SLICE_FORMAT),
    manifestHash: bytes32(),
    payoutProofs: array(object({ proof: array(bytes32()), token: lowerAddress }, sorted)),
  },
  sorted,
);
const headerChunkSchema = object(
  {
    header: headerSchema,
    sections: array(
      object({ chunks: integer(), elements: integer(), path: oneOf(sectionsOf(MANIFEST_FORMAT).map((s) => s.path)) }),
    ),
  },
  sorted,
);
const sectionChunkSchema = object({ elements: array(json()), first: integer(), section: oneOf(ELEMENT_PATHS) }, sorted);

/** A run of consecutive chunks of one section: its elements and whether it reaches the section's ends. */
type Run = { first: number; elements: { key: string; element: unknown }[]; fromStart: boolean; toEnd: boolean };

const encoder = new TextEncoder();
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const shown = (key: string) => (/^\d+$/.test(key) ? BigInt(key).toString() : key);

function malformed(field: string, problem: string, cause?: unknown): SliceError {
  return new SliceError("MALFORMED", `The slice is malformed: ${field}: ${problem}.`, { cause });
}

function decodeWith<T>(schema: Schema<T>, value: unknown, path: (string | number)[]): T {
  try {
    return schema.decode(value, { path } satisfies DecodeContext);
  } catch (error) {
    if (error instanceof MalformedFieldError) throw malformed(error.field, error.problem, error);
    throw error;
  }
}

/**
 * Checks `bytes` as the slice of `expected.account` (when given) in the manifest committed as
 * `expected.manifestHash`, and returns what it proves. Throws {@link SliceError} naming what failed, or
 * {@link UnsupportedFormatError} for another slice format.
 *
 * @example
 * const slice = await verifySlice(await (await fetch(url)).bytes(), { manifestHash: onChain, account });
 * slice.leaves[0].cumulative;
 */
export async function verifySlice(
  bytes: Uint8Array | string,
  expected: { manifestHash: Hex; account?: Address | undefined },
  options: { keccak256?: Keccak256 } = {},
): Promise<VerifiedSlice> {
  const keccak256 = options.keccak256 ?? keccak_256;
  let text: string;
  try {
    text = typeof bytes === "string" ? bytes : new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (cause) {
    throw malformed("slice", "is not valid UTF-8", cause);
  }
  if (!text.endsWith("\n") || text.indexOf("\n") !== text.length - 1) {
    throw malformed("slice", "must be one line of JSON ending with a newline");
  }
  const body = text.slice(0, -1);
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (cause) {
    throw malformed("slice", "is not valid JSON", cause);
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== SLICE_FORMAT) throw new UnsupportedFormatError("slice", format, SLICE_FORMAT);
  let canonical: boolean;
  try {
    canonical = isCanonicalText(body, raw);
  } catch (cause) {
    throw malformed("slice", "holds a number that is not a safe integer", cause);
  }
  if (!canonical) throw malformed("slice", "is not in canonical form (sorted keys, no whitespace, integers only)");
  const slice = decodeWith(sliceSchema, raw, []);

  if (!same(slice.manifestHash, expected.manifestHash)) {
    throw new SliceError(
      "OTHER_MANIFEST",
      `The slice is of manifest ${slice.manifestHash}, not of the manifest committed on-chain (${expected.manifestHash}).`,
    );
  }
  if (expected.account !== undefined && !same(slice.account, expected.account)) {
    throw new SliceError("OTHER_ACCOUNT", `The slice is of account ${slice.account}, not of ${expected.account}.`);
  }

  // Every chunk must be a leaf of the tree whose root is the manifest hash, at the index it claims.
  const root = hexToBytes(expected.manifestHash, "manifestHash");
  let previousIndex = -1;
  for (const [i, chunk] of slice.chunks.entries()) {
    if (chunk.index <= previousIndex) throw malformed(`chunks[${i}].index`, "chunks must be in ascending index order");
    previousIndex = chunk.index;
    const leaf = keccak256(encoder.encode(canonicalJson(chunk.chunk)));
    const proof = chunk.proof.map((h) => hexToBytes(h, `chunks[${i}].proof`));
    const folded = chunkTreeFold(leaf, chunk.index, slice.chunkCount, proof, keccak256);
    if (folded === undefined || bytesToHex(folded) !== bytesToHex(root)) {
      throw new SliceError(
        "CHUNK_PROOF",
        `Chunk ${chunk.index} of the slice is not in manifest ${expected.manifestHash}: its proof does not lead to that root (the chunk was altered, or belongs to another manifest).`,
      );
    }
  }

  const [headerChunk, ...rest] = slice.chunks;
  if (headerChunk === undefined || headerChunk.index !== 0)
    throw malformed("chunks[0]", "the header chunk (0) is missing");
  const { header, sections } = decodeWith(headerChunkSchema, headerChunk.chunk, ["chunks", 0, "chunk"]);
  const expectedPaths = sectionsOf(header.format).map((s) => s.path);
  if (header.format !== MANIFEST_FORMAT || sections.map((s) => s.path).join() !== expectedPaths.join()) {
    throw malformed("chunks[0].chunk.sections", `is not the chunk index of a ${MANIFEST_FORMAT} manifest`);
  }
  if (1 + sections.reduce((sum, s) => sum + s.chunks, 0) !== slice.chunkCount) {
    throw malformed("chunkCount", "differs from the header chunk's index");
  }
  const start = new Map<string, { from: number; chunks: number; elements: number }>();
  let from = 1;
  for (const s of sections) {
    start.set(s.path, { from, chunks: s.chunks, elements: s.elements });
    from += s.chunks;
  }

  // Chunks of one section at consecutive indices are one run of consecutive elements.
  const runs = new Map<SliceSection, Run[]>();
  let last: { section: string; index: number; end: number; run: Run } | undefined;
  for (const [i, entry] of rest.entries()) {
    const field = `chunks[${i + 1}].chunk`;
    const chunk = decodeWith(sectionChunkSchema, entry.chunk, ["chunks", i + 1, "chunk"]);
    const place = start.get(chunk.section)!;
    if (entry.index < place.from || entry.index >= place.from + place.chunks) {
      throw malformed(field, `chunk ${entry.index} is not one of section ${chunk.section}'s`);
    }
    const end = chunk.first + chunk.elements.length;
    if (chunk.elements.length === 0 || end > place.elements) {
      throw malformed(field, `its elements ${chunk.first}..${end} are not in section ${chunk.section}`);
    }
    const schema = SECTION_SCHEMAS[chunk.section] as Schema<unknown>;
    const key = SECTION_KEYS[chunk.section] as (element: unknown) => string;
    const elements = chunk.elements.map((value, k) => {
      const element = decodeWith(schema, value, [chunk.section, chunk.first + k]);
      return { key: key(element), element };
    });
    const continues = last !== undefined && last.section === chunk.section && last.index + 1 === entry.index;
    if (continues && last!.end !== chunk.first) {
      throw malformed(field, `chunk ${entry.index} does not continue chunk ${last!.index}`);
    }
    let run: Run;
    if (continues) {
      run = last!.run;
      run.elements.push(...elements);
    } else {
      run = { first: chunk.first, elements, fromStart: chunk.first === 0, toEnd: false };
      runs.set(chunk.section, [...(runs.get(chunk.section) ?? []), run]);
    }
    run.toEnd = end === place.elements;
    for (let k = 1; k < run.elements.length; k++) {
      if (run.elements[k - 1]!.key > run.elements[k]!.key) {
        throw malformed(field, `section ${chunk.section} is out of order at element ${run.first + k}`);
      }
    }
    last = { section: chunk.section, index: entry.index, end, run };
  }

  // A key is shown whole when a run holds elements on both sides of it, or reaches the section's end there.
  const cited = await collectCitations(slice.account, (section, keys) => {
    const found = new Map<string, ManifestElements[typeof section][]>();
    for (const key of keys) {
      // An empty section holds no key, and has no chunk to show it with.
      if (start.get(section)!.elements === 0) {
        found.set(key, []);
        continue;
      }
      const run = (runs.get(section) ?? []).find(
        (r) => (r.fromStart || r.elements[0]!.key < key) && (r.toEnd || r.elements[r.elements.length - 1]!.key > key),
      );
      if (run === undefined) {
        throw new SliceError(
          "INCOMPLETE",
          `The slice does not show all of ${section} for ${shown(key)}: its chunks do not reach past that key on both sides.`,
        );
      }
      found.set(
        key,
        run.elements.filter((e) => e.key === key).map((e) => e.element as ManifestElements[typeof section]),
      );
    }
    return found;
  });

  const mine = cited.leaves.get(slice.account) ?? [];
  const proofs = new Map(slice.payoutProofs.map((p) => [p.token, p.proof]));
  if (proofs.size !== slice.payoutProofs.length || [...proofs.keys()].some((t) => !mine.some((l) => l.token === t))) {
    throw malformed("payoutProofs", "must hold one proof per leaf of the account, and no other");
  }
  const leaves = mine.map((leaf) => {
    const proof = proofs.get(leaf.token);
    const valid =
      proof !== undefined &&
      verifyPayoutLeaf(
        { account: leaf.account, token: leaf.token, cumulativeAmount: leaf.cumulative, proof },
        header.epoch.payoutRoot,
      ).valid;
    if (!valid) {
      throw new SliceError(
        "PAYOUT_PROOF",
        `The leaf of ${leaf.account} in ${leaf.token} (cumulative ${leaf.cumulative}) has no proof that folds to the epoch's payout root ${header.epoch.payoutRoot}.`,
      );
    }
    return { ...leaf, proof: proof! };
  });
  return {
    account: slice.account,
    manifestHash: slice.manifestHash,
    header,
    sections,
    leaves,
    cited,
    byteLength: encoder.encode(text).length,
  };
}
