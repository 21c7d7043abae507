/**
 * CARv1 framing (https://ipld.io/specs/transport/car/carv1/): a header naming the root, then each block as
 * `varint(length) ‖ CID ‖ bytes`, the blocks of a file's DAG root first, depth first, each once (as `ipfs dag export`
 * lists them), so one file always gives one CAR, byte for byte. Written section by section so a packer streams a
 * file of any size; the header is @ipld/car's own encoding.
 */
import { CarBufferWriter } from "@ipld/car";
import { varint } from "multiformats";
import type { CID } from "multiformats/cid";

import { BaseError } from "../errors.ts";
import { depthFirst, rawCid, type UnixfsNode } from "./unixfsFile.ts";

/** The chunks given to write a DAG's CAR are not the ones its CIDs were computed from (the file changed). */
export class ChunksChangedError extends BaseError {
  override name = "ChunksChangedError";
}

/** The header of a CAR whose one root is `root`. */
export function carHeader(root: CID): Uint8Array {
  const roots = [root];
  const writer = CarBufferWriter.createWriter(new ArrayBuffer(CarBufferWriter.headerLength({ roots })), { roots });
  return CarBufferWriter.close(writer);
}

/** One block's section of a CAR. */
export function carBlock(cid: CID, bytes: Uint8Array): Uint8Array {
  const length = cid.bytes.length + bytes.length;
  const prefix = varint.encodingLength(length);
  const section = new Uint8Array(prefix + length);
  varint.encodeTo(length, section);
  section.set(cid.bytes, prefix);
  section.set(bytes, prefix + cid.bytes.length);
  return section;
}

/**
 * The sections of the CAR of `root`'s file, given its chunks again in order (`root` keeps only their CIDs); each
 * chunk is checked against its leaf's CID. Throws {@link ChunksChangedError}.
 *
 * @example
 * const root = await unixfsFileDag(fixedChunks(read()));
 * await pipeline(Readable.from(unixfsCar(root, fixedChunks(read()))), createWriteStream("x.car"));
 */
export async function* unixfsCar(root: UnixfsNode, chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield carHeader(root.cid);
  const iterator = chunks[Symbol.asyncIterator]();
  const written = new Set<string>();
  for (const node of depthFirst(root)) {
    const key = node.cid.toString();
    const seen = written.has(key);
    written.add(key);
    if (node.kind === "branch") {
      if (!seen) yield carBlock(node.cid, node.bytes);
      continue;
    }
    // Depth first meets the leaves in file order, so each chunk is read once, in turn, even where it repeats.
    const next = await iterator.next();
    if (next.done || !(await rawCid(next.value)).equals(node.cid)) {
      throw new ChunksChangedError(`Chunk ${node.chunk} is not the one ${root.cid} was computed from.`);
    }
    if (!seen) yield carBlock(node.cid, next.value);
  }
  if (!(await iterator.next()).done) throw new ChunksChangedError(`There are more chunks than ${root.cid} has.`);
}
