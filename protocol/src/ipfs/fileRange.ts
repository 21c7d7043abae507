/**
 * A byte range of a UnixFS file, read by walking only the blocks that hold it: from the root, each dag-pb node's
 * `blocksizes` place its children in the file, and only the children that overlap the range are visited. The one walk
 * serves both sides of the trustless gateway's `entity-bytes` request: the gateway (oracle/src/publish/carGateway.ts)
 * picks the blocks it answers with, the client (./verifiedFetch.ts) reads the range out of the verified blocks it got.
 * A child's place comes from its parent's sizes, which the parent's CID commits to, so a gateway cannot move bytes.
 * Browser-safe.
 */
import * as dagPb from "@ipld/dag-pb";
import { UnixFS } from "ipfs-unixfs";
import type { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";

import { CarVerificationError } from "./carError.ts";

/** `length` bytes from `offset` of a file. */
export type ByteRange = { offset: number; length: number };

/** A file node's links and the bytes of file under each (a raw leaf has neither). */
export type FileNode = { links: CID[]; blockSizes: bigint[] };

/** Decodes a block of a UnixFS file (raw leaf or dag-pb node without inline data). Throws {@link CarVerificationError}. */
export function fileNodeOf(cid: CID, bytes: Uint8Array): FileNode {
  if (cid.code === raw.code) return { links: [], blockSizes: [] };
  if (cid.code !== dagPb.code) {
    throw new CarVerificationError(
      "UNSUPPORTED",
      `Block ${cid} has codec 0x${cid.code.toString(16)}, not raw or dag-pb.`,
    );
  }
  let unixfs: UnixFS;
  let links: dagPb.PBLink[];
  try {
    const decoded = dagPb.decode(bytes);
    links = decoded.Links;
    if (decoded.Data === undefined) throw new Error("no UnixFS data");
    unixfs = UnixFS.unmarshal(decoded.Data);
  } catch (cause) {
    throw new CarVerificationError("MALFORMED", `Block ${cid} is not a UnixFS node.`, { cause });
  }
  if (unixfs.type !== "file" && unixfs.type !== "raw") {
    throw new CarVerificationError("UNSUPPORTED", `Block ${cid} is a UnixFS ${unixfs.type}, not a file.`);
  }
  if (links.length !== unixfs.blockSizes.length) {
    throw new CarVerificationError(
      "MALFORMED",
      `Block ${cid} has ${links.length} links but ${unixfs.blockSizes.length} block sizes.`,
    );
  }
  // Only CIDv0-style files keep bytes in dag-pb nodes; kubo's CIDv1 files (what the packer writes) keep them in raw leaves.
  if (unixfs.data !== undefined && unixfs.data.length > 0) {
    throw new CarVerificationError("UNSUPPORTED", `Block ${cid} keeps file bytes in a dag-pb node (a CIDv0 file).`);
  }
  return { links: links.map((l) => l.Hash), blockSizes: unixfs.blockSizes };
}

/** The file size a root block declares: a raw leaf's length, or the sum of a node's block sizes. */
export function fileBytesOf(cid: CID, bytes: Uint8Array): bigint {
  if (cid.code === raw.code) return BigInt(bytes.length);
  return fileNodeOf(cid, bytes).blockSizes.reduce((sum, size) => sum + size, 0n);
}

/** A block the walk visited, and where its bytes of file start (a raw leaf's; a node's first byte otherwise). */
export type VisitedBlock = { cid: CID; bytes: Uint8Array; fileOffset: bigint };

/**
 * Visits, depth first from `root`, the blocks of its file that hold `range` (`range` undefined: every block), each
 * through `getBlock` (undefined: the block is missing). Checks every visited node's size against its parent's.
 * Returns the file's size. Throws {@link CarVerificationError} (`MISSING_BLOCK`, `MALFORMED`, `UNSUPPORTED`).
 *
 * @example
 * const size = await walkFileRange(cid, { offset: 0, length: 100 }, (c) => blocks.get(c.toString()), ({ cid }) => {});
 */
export async function walkFileRange(
  root: CID,
  range: ByteRange | undefined,
  getBlock: (cid: CID) => Uint8Array | undefined | Promise<Uint8Array | undefined>,
  visit: (block: VisitedBlock) => void | Promise<void>,
): Promise<bigint> {
  const from = range === undefined ? 0n : BigInt(range.offset);
  const to = range === undefined ? undefined : from + BigInt(range.length);
  const walk = async (cid: CID, fileOffset: bigint, expectedBytes: bigint | undefined): Promise<bigint> => {
    const bytes = await getBlock(cid);
    if (bytes === undefined) throw new CarVerificationError("MISSING_BLOCK", `The CAR lacks block ${cid} of ${root}.`);
    const node = fileNodeOf(cid, bytes);
    const size =
      cid.code === raw.code ? BigInt(bytes.length) : node.blockSizes.reduce((sum, blockSize) => sum + blockSize, 0n);
    if (expectedBytes !== undefined && size !== expectedBytes) {
      throw new CarVerificationError(
        "MALFORMED",
        `Block ${cid} holds ${size} bytes of file; its parent says ${expectedBytes}.`,
      );
    }
    await visit({ cid, bytes, fileOffset });
    let start = fileOffset;
    for (const [i, link] of node.links.entries()) {
      const childBytes = node.blockSizes[i] as bigint;
      const end = start + childBytes;
      // A child overlaps [from, to) when it starts before `to` and ends after `from` (an empty child only in a
      // walk of the whole file).
      if (to === undefined || (start < to && end > from)) await walk(link, start, childBytes);
      start = end;
    }
    return size;
  };
  return walk(root, 0n, undefined);
}

/**
 * Gathers the bytes of `range` from the raw leaves a {@link walkFileRange} visits: `visit` is the walk's visitor,
 * `bytes()` the range once it is done (shorter where the file ends first).
 */
export function rangeCollector(range: ByteRange): { visit: (block: VisitedBlock) => void; bytes: () => Uint8Array } {
  const from = BigInt(range.offset);
  const to = from + BigInt(range.length);
  const parts: { at: number; bytes: Uint8Array }[] = [];
  let length = 0;
  return {
    visit: ({ cid, bytes, fileOffset }) => {
      if (cid.code !== raw.code) return;
      const size = BigInt(bytes.length);
      const start = from > fileOffset ? from - fileOffset : 0n;
      const end = to - fileOffset < size ? to - fileOffset : size;
      if (end <= start) return;
      parts.push({ at: Number(fileOffset + start - from), bytes: bytes.subarray(Number(start), Number(end)) });
      length += Number(end - start);
    },
    bytes: () => {
      const out = new Uint8Array(length);
      for (const part of parts) out.set(part.bytes, part.at);
      return out;
    },
  };
}
