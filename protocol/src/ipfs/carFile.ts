/**
 * Reads a file back out of a CAR that claims to hold its UnixFS DAG, trusting nothing the CAR says: every block is
 * hashed and compared with its CID, the DAG is walked from the CID the caller asked for (not the root the CAR
 * names), and each node's sizes must agree with its children. A gateway can then only withhold the file, never
 * change it. Browser-safe (sha2-256 through WebCrypto in a browser).
 */
import { CarBlockIterator } from "@ipld/car";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";

import { CarVerificationError } from "./carError.ts";
import { type ByteRange, rangeCollector, walkFileRange } from "./fileRange.ts";

/** Parses a CID or an `ipfs://<cid>` URI; refuses anything else. */
export function cidOf(text: string): CID {
  const bare = text.startsWith("ipfs://") ? text.slice("ipfs://".length).replace(/\/$/, "") : text;
  try {
    return CID.parse(bare);
  } catch (cause) {
    throw new CarVerificationError("MALFORMED", `"${text}" is not a CID or an ipfs:// URI of one.`, { cause });
  }
}

/**
 * The bytes of the file `cid` names, from `car` (a CAR's bytes or a stream of them), every block checked. At most
 * `maxBytes` of file are assembled. Throws {@link CarVerificationError}.
 *
 * @example
 * const bytes = await fileFromCar(new Uint8Array(await response.arrayBuffer()), cidOf("ipfs://bafy…"));
 */
export async function fileFromCar(
  car: Uint8Array | AsyncIterable<Uint8Array>,
  cid: CID,
  options: { maxBytes?: number } = {},
): Promise<Uint8Array> {
  const blocks = await verifiedBlocks(car);
  const maxBytes = options.maxBytes ?? Number.MAX_SAFE_INTEGER;
  const parts: Uint8Array[] = [];
  let total = 0;
  await walkFileRange(
    cid,
    undefined,
    (node) => blocks.get(node.toString()),
    ({ cid: node, bytes }) => {
      if (node.code !== raw.code) return;
      total += bytes.length;
      if (total > maxBytes) throw new CarVerificationError("TOO_LARGE", `${cid} is larger than ${maxBytes} bytes.`);
      parts.push(bytes);
    },
  );
  const file = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    file.set(part, offset);
    offset += part.length;
  }
  return file;
}

/**
 * The bytes `range` names of the file `cid` names, from `car`, the answer to an `entity-bytes` request: only the
 * blocks that hold the range need be there, and each is checked. `bytes` is shorter than asked where the file ends
 * first; `fileBytes` is the file's size, as its root block declares it. Throws {@link CarVerificationError}.
 *
 * @example
 * const { bytes } = await fileRangeFromCar(car, cidOf("ipfs://bafy…"), { offset: 1 << 20, length: 8192 });
 */
export async function fileRangeFromCar(
  car: Uint8Array | AsyncIterable<Uint8Array>,
  cid: CID,
  range: ByteRange,
): Promise<{ bytes: Uint8Array; fileBytes: number }> {
  const blocks = await verifiedBlocks(car);
  const collector = rangeCollector(range);
  const fileBytes = await walkFileRange(cid, range, (node) => blocks.get(node.toString()), collector.visit);
  return { bytes: collector.bytes(), fileBytes: Number(fileBytes) };
}

/** The CAR's blocks by CID, each hashed and compared with its CID first. Throws {@link CarVerificationError}. */
async function verifiedBlocks(car: Uint8Array | AsyncIterable<Uint8Array>): Promise<Map<string, Uint8Array>> {
  const blocks = new Map<string, Uint8Array>();
  let iterator: CarBlockIterator;
  try {
    iterator =
      car instanceof Uint8Array ? await CarBlockIterator.fromBytes(car) : await CarBlockIterator.fromIterable(car);
  } catch (cause) {
    throw new CarVerificationError("MALFORMED", "The answer is not a CAR.", { cause });
  }
  try {
    for await (const { cid, bytes } of iterator) {
      await checkBlock(cid, bytes);
      blocks.set(cid.toString(), bytes);
    }
  } catch (cause) {
    if (cause instanceof CarVerificationError) throw cause;
    throw new CarVerificationError("MALFORMED", "The CAR is truncated or malformed.", { cause });
  }
  return blocks;
}

/**
 * Checks that `bytes` hash to `cid` (sha2-256, the only hash the packer and kubo's CIDv1 files use). Throws
 * {@link CarVerificationError} (`UNSUPPORTED`, `TAMPERED_BLOCK`).
 */
export async function checkBlock(cid: CID, bytes: Uint8Array): Promise<void> {
  if (cid.multihash.code !== sha256.code) {
    throw new CarVerificationError(
      "UNSUPPORTED",
      `Block ${cid} is hashed with 0x${cid.multihash.code.toString(16)}, not sha2-256.`,
    );
  }
  const digest = await sha256.digest(bytes);
  if (!equalBytes(digest.digest, cid.multihash.digest)) {
    throw new CarVerificationError("TAMPERED_BLOCK", `Block ${cid} does not hash to its CID: the gateway altered it.`);
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
