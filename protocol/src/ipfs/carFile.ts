/**
 * Reads a file back out of a CAR that claims to hold its UnixFS DAG, trusting nothing the CAR says: every block is
 * hashed and compared with its CID, the DAG is walked from the CID the caller asked for (not the root the CAR
 * names), and each node's sizes must agree with its children. A gateway can then only withhold the file, never
 * change it. Browser-safe (sha2-256 through WebCrypto in a browser).
 */
import { CarBlockIterator } from "@ipld/car";
import * as dagPb from "@ipld/dag-pb";
import { UnixFS } from "ipfs-unixfs";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";

import { BaseError } from "../errors.ts";

/** Why a CAR was refused. */
export type CarErrorCode = "MALFORMED" | "TAMPERED_BLOCK" | "MISSING_BLOCK" | "UNSUPPORTED" | "TOO_LARGE";

/** A CAR that does not hold the file its CID names. */
export class CarVerificationError extends BaseError {
  override name = "CarVerificationError";
  readonly code: CarErrorCode;
  constructor(code: CarErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
  }
}

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
  const walk = (node: CID, expectedBytes: bigint | undefined): bigint => {
    const bytes = blocks.get(node.toString());
    if (bytes === undefined) throw new CarVerificationError("MISSING_BLOCK", `The CAR lacks block ${node} of ${cid}.`);
    let size: bigint;
    if (node.code === raw.code) {
      total += bytes.length;
      if (total > maxBytes) throw new CarVerificationError("TOO_LARGE", `${cid} is larger than ${maxBytes} bytes.`);
      parts.push(bytes);
      size = BigInt(bytes.length);
    } else if (node.code === dagPb.code) {
      size = walkBranch(node, bytes, walk);
    } else {
      throw new CarVerificationError(
        "UNSUPPORTED",
        `Block ${node} has codec 0x${node.code.toString(16)}, not raw or dag-pb.`,
      );
    }
    if (expectedBytes !== undefined && size !== expectedBytes) {
      throw new CarVerificationError(
        "MALFORMED",
        `Block ${node} holds ${size} bytes of file; its parent says ${expectedBytes}.`,
      );
    }
    return size;
  };
  walk(cid, undefined);
  const file = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    file.set(part, offset);
    offset += part.length;
  }
  return file;
}

function walkBranch(node: CID, bytes: Uint8Array, walk: (child: CID, expectedBytes: bigint) => bigint): bigint {
  let unixfs: UnixFS;
  let links: dagPb.PBLink[];
  try {
    const decoded = dagPb.decode(bytes);
    links = decoded.Links;
    if (decoded.Data === undefined) throw new Error("no UnixFS data");
    unixfs = UnixFS.unmarshal(decoded.Data);
  } catch (cause) {
    throw new CarVerificationError("MALFORMED", `Block ${node} is not a UnixFS node.`, { cause });
  }
  if (unixfs.type !== "file" && unixfs.type !== "raw") {
    throw new CarVerificationError("UNSUPPORTED", `Block ${node} is a UnixFS ${unixfs.type}, not a file.`);
  }
  if (links.length !== unixfs.blockSizes.length) {
    throw new CarVerificationError(
      "MALFORMED",
      `Block ${node} has ${links.length} links but ${unixfs.blockSizes.length} block sizes.`,
    );
  }
  // Only CIDv0-style files keep bytes in dag-pb nodes; kubo's CIDv1 files (what the packer writes) keep them in raw leaves.
  if (unixfs.data !== undefined && unixfs.data.length > 0) {
    throw new CarVerificationError("UNSUPPORTED", `Block ${node} keeps file bytes in a dag-pb node (a CIDv0 file).`);
  }
  let size = 0n;
  links.forEach((link, i) => {
    size += walk(link.Hash, unixfs.blockSizes[i] as bigint);
  });
  return size;
}

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
      if (cid.multihash.code !== sha256.code) {
        throw new CarVerificationError(
          "UNSUPPORTED",
          `Block ${cid} is hashed with 0x${cid.multihash.code.toString(16)}, not sha2-256.`,
        );
      }
      const digest = await sha256.digest(bytes);
      if (!equalBytes(digest.digest, cid.multihash.digest)) {
        throw new CarVerificationError(
          "TAMPERED_BLOCK",
          `Block ${cid} does not hash to its CID: the gateway altered it.`,
        );
      }
      blocks.set(cid.toString(), bytes);
    }
  } catch (cause) {
    if (cause instanceof CarVerificationError) throw cause;
    throw new CarVerificationError("MALFORMED", "The CAR is truncated or malformed.", { cause });
  }
  return blocks;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
