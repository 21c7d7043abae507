/**
 * Packs a file (an epoch's manifest, a slice) as a CAR of its UnixFS DAG, named `<cid>.car`, whose root CID is the
 * one `ipfs add --cid-version=1 --chunker=size-32768` gives the same bytes: any IPFS node or pinning service that
 * imports the CAR serves the exact file at that CID. Blocks of 32 KiB, not kubo's default 256 KiB, because an
 * account's slice reads about ten 8 KiB chunks scattered over the manifest, each costing a whole block: at a million
 * accounts a slice read over IPFS fetches 877,783 bytes with 32 KiB blocks, 5,060,957 with 256 KiB
 * (bench:oracle --only=slice); the CAR of a whole manifest is 0.27% larger than the file (0.035% with 256 KiB).
 * Two passes over the file (one to hash it, one to write), so memory stays at a few chunks whatever its size; the
 * same file always gives the same CAR, byte for byte.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import { fixedChunks, unixfsCar, unixfsFileDag } from "@coherence/protocol/ipfs";

export type PackCarReturnType = { cid: string; carFile: string; fileBytes: number; carBytes: number };

/** The block size manifests are packed with (see above); `UNIXFS_CHUNK_BYTES` for kubo's default CID. */
export const MANIFEST_BLOCK_BYTES = 32_768;

const readChunks = (file: string, chunkBytes: number) =>
  fixedChunks(createReadStream(file, { highWaterMark: 1 << 20 }), chunkBytes);

/**
 * Writes `<outDir>/<cid>.car` for `file` (through a temporary file renamed into place) and returns the CID. Throws
 * `ChunksChangedError` if the file changes while it is packed. `chunkBytes`: the file's blocks
 * ({@link MANIFEST_BLOCK_BYTES} unless told; the CID is `ipfs add --cid-version=1 --chunker=size-<chunkBytes>`'s).
 *
 * @example
 * const { cid, carFile } = await packCar("manifests/epoch-3.json", "manifests/car");
 */
export async function packCar(
  file: string,
  outDir: string,
  options: { chunkBytes?: number } = {},
): Promise<PackCarReturnType> {
  const chunkBytes = options.chunkBytes ?? MANIFEST_BLOCK_BYTES;
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1024 || chunkBytes > 1_048_576)
    throw new RangeError(`A block is 1 KiB to 1 MiB, not ${chunkBytes} bytes.`);
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
