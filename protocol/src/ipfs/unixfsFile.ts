/**
 * The UnixFS DAG of one file as `ipfs add --cid-version=1` builds it (kubo's defaults for CIDv1): 256 KiB chunks
 * stored as raw blocks, a balanced tree of dag-pb nodes of at most 174 links above them, sha2-256 throughout, and a
 * file of one chunk addressed by that raw block alone. So the CID computed here is the one any IPFS node gives the
 * same bytes, and `ipfs get <cid>` yields them exactly. Browser-safe: the packer (Node) and tests build with it.
 */
import * as dagPb from "@ipld/dag-pb";
import { UnixFS } from "ipfs-unixfs";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";

/** kubo's default chunker, `size-262144`. */
export const UNIXFS_CHUNK_BYTES = 262_144;
/** kubo's balanced layout: links per node. */
export const UNIXFS_MAX_LINKS = 174;

/** A node of a file's DAG: a raw leaf (chunk `chunk` of the file) or a dag-pb node whose block is `bytes`. */
export type UnixfsNode =
  | { kind: "leaf"; cid: CID; chunk: number; fileBytes: bigint; treeBytes: bigint }
  | { kind: "branch"; cid: CID; bytes: Uint8Array; children: UnixfsNode[]; fileBytes: bigint; treeBytes: bigint };

/** Re-cuts a byte stream into chunks of exactly `size` bytes, the last one shorter; an empty stream is one empty chunk. */
export async function* fixedChunks(source: AsyncIterable<Uint8Array>, size = UNIXFS_CHUNK_BYTES) {
  let buffer = new Uint8Array(size);
  let filled = 0;
  let any = false;
  for await (const piece of source) {
    let offset = 0;
    while (offset < piece.length) {
      const take = Math.min(size - filled, piece.length - offset);
      buffer.set(piece.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === size) {
        yield buffer;
        any = true;
        buffer = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0 || !any) yield buffer.slice(0, filled);
}

/** The raw block's CID of one chunk. */
export async function rawCid(bytes: Uint8Array): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(bytes));
}

/** The dag-pb node above `children`, encoded as kubo and Helia's importers encode it. */
export async function branchOf(children: UnixfsNode[]): Promise<UnixfsNode> {
  const data = new UnixFS({ type: "file", blockSizes: children.map((c) => c.fileBytes) }).marshal();
  const bytes = dagPb.encode({
    Data: data,
    Links: children.map((c) => ({ Name: "", Tsize: Number(c.treeBytes), Hash: c.cid })),
  });
  const fileBytes = children.reduce((sum, c) => sum + c.fileBytes, 0n);
  const treeBytes = children.reduce((sum, c) => sum + c.treeBytes, BigInt(bytes.length));
  return {
    kind: "branch",
    cid: CID.createV1(dagPb.code, await sha256.digest(bytes)),
    bytes,
    children,
    fileBytes,
    treeBytes,
  };
}

/**
 * Builds the DAG of the file whose chunks ({@link fixedChunks}) `chunks` yields, keeping only the branches and the
 * leaves' CIDs (a 1 GB file is about 4,000 leaves): a packer then reads the file again to write the leaves' bytes.
 *
 * @example
 * const root = await unixfsFileDag(fixedChunks(createReadStream(file)));
 * root.cid.toString(); // "bafy…", as `ipfs add --cid-version=1 file` prints
 */
export async function unixfsFileDag(chunks: AsyncIterable<Uint8Array>): Promise<UnixfsNode> {
  let level: UnixfsNode[] = [];
  for await (const chunk of chunks) {
    const size = BigInt(chunk.length);
    level.push({ kind: "leaf", cid: await rawCid(chunk), chunk: level.length, fileBytes: size, treeBytes: size });
  }
  while (level.length > 1) {
    const above: UnixfsNode[] = [];
    for (let i = 0; i < level.length; i += UNIXFS_MAX_LINKS)
      above.push(await branchOf(level.slice(i, i + UNIXFS_MAX_LINKS)));
    level = above;
  }
  const [root] = level;
  if (root === undefined) throw new Error("fixedChunks yields at least one chunk");
  return root;
}

/** The DAG's nodes root first, depth first: the order a CAR of it lists them in, leaves in file order. */
export function* depthFirst(node: UnixfsNode): Generator<UnixfsNode> {
  yield node;
  if (node.kind === "branch") for (const child of node.children) yield* depthFirst(child);
}
