/**
 * Packs a file (an epoch's manifest, a slice) as a CAR of its UnixFS DAG, named `<cid>.car`, whose root CID is the
 * one `ipfs add --cid-version=1` gives the same bytes: any IPFS node or pinning service that imports the CAR serves
 * the exact file at that CID. Two passes over the file (one to hash it, one to write), so memory stays at a few
 * chunks whatever its size; the same file always gives the same CAR, byte for byte.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import { fixedChunks, UNIXFS_CHUNK_BYTES, unixfsCar, unixfsFileDag } from "@coherence/protocol/ipfs";

export type PackCarReturnType = { cid: string; carFile: string; fileBytes: number; carBytes: number };

const readChunks = (file: string, chunkBytes: number) =>
  fixedChunks(createReadStream(file, { highWaterMark: 1 << 20 }), chunkBytes);

/**
 * Writes `<outDir>/<cid>.car` for `file` (through a temporary file renamed into place) and returns the CID. Throws
 * `ChunksChangedError` if the file changes while it is packed. `chunkBytes`: the file's blocks (kubo's 256 KiB
 * unless told; the CID is then `ipfs add --cid-version=1 --chunker=size-<chunkBytes>`'s).
 *
 * @example
 * const { cid, carFile } = await packCar("manifests/epoch-3.json", "manifests/car");
 */
export async function packCar(
  file: string,
  outDir: string,
  options: { chunkBytes?: number } = {},
): Promise<PackCarReturnType> {
  const chunkBytes = options.chunkBytes ?? UNIXFS_CHUNK_BYTES;
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1024 || chunkBytes > 1_048_576)
    throw new RangeError(`A block is 1 KiB to 1 MiB (kubo's chunker takes no more), not ${chunkBytes} bytes.`);
  const root = await unixfsFileDag(readChunks(file, chunkBytes));
  const cid = root.cid.toString();
  await mkdir(outDir, { recursive: true });
  const carFile = path.join(path.resolve(outDir), `${cid}.car`);
  const temporary = `${carFile}.${process.pid}.tmp`;
  try {
    await pipeline(Readable.from(unixfsCar(root, readChunks(file, chunkBytes))), createWriteStream(temporary));
    await rename(temporary, carFile);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { cid, carFile, fileBytes: Number(root.fileBytes), carBytes: (await stat(carFile)).size };
}
