/**
 * Keccak-256 for the oracle. One-shot hashes of inputs shorter than one block (every tree node and leaf
 * encoding) run on the payout tree's own WebAssembly kernel (./keccakKernel.ts); longer inputs (manifest chunks,
 * files) and the incremental hasher use hash-wasm's WebAssembly build.
 *
 * Measured in Node 24 on the project machine: for 64 bytes (the node hash) the kernel about 0.48 us/hash,
 * hash-wasm about 0.7-1.0 us (its digest is a fresh array and three calls per hash), the native `keccak` addon
 * about 4-8 us (its per-hash stream object dominates), @noble/hashes about 5-10 us; for 8 KiB hash-wasm about
 * 290 MB/s, the kernel's many-block path about 240 MB/s. `scripts/bench/oracle.ts` re-measures this on every
 * run. The hash itself is never written here.
 *
 * hash-wasm's instance is created once at module load (top-level await) so every hashing function below is
 * synchronous.
 */
import { createKeccak } from "hash-wasm";
import { createKeccakKernel } from "./keccakKernel.ts";

const hasher = await createKeccak(256);

/** Inputs up to this many bytes (one block less its padding) are copied into the kernel and hashed there. */
const KERNEL_LIMIT = 135;
const kernel = createKeccakKernel();
/** The digest's 32 bytes at the kernel's first data offset, the input right after. */
const DIGEST = kernel.data;
const INPUT = kernel.data + 32;
const memory = kernel.reserve(32 + KERNEL_LIMIT);
const digest = memory.subarray(DIGEST, DIGEST + 32);

/**
 * Hashes `data` and writes the 32-byte digest into `out` at `outOffset`. Allocation-free for inputs the kernel
 * takes, for the trees' and the manifest checker's hot loops.
 */
export function keccak256Into(data: Uint8Array, out: Uint8Array, outOffset: number): void {
  if (data.length > KERNEL_LIMIT) {
    hasher.init();
    hasher.update(data);
    out.set(hasher.digest("binary"), outOffset);
    return;
  }
  memory.set(data, INPUT);
  kernel.hash(INPUT, data.length, DIGEST);
  out.set(digest, outOffset);
}

/**
 * Keccak-256 of `data` as a new 32-byte array.
 *
 * @example
 * keccak256(new TextEncoder().encode("")) // c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470
 */
export function keccak256(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  keccak256Into(data, out, 0);
  return out;
}

/**
 * The StandardMerkleTree leaf hash keccak256(keccak256(`encoded`)) into `out` at `outOffset`: one kernel call.
 */
export function leafHash256Into(encoded: Uint8Array, out: Uint8Array, outOffset: number): void {
  if (encoded.length > KERNEL_LIMIT) {
    keccak256Into(encoded, out, outOffset);
    keccak256Into(out.subarray(outOffset, outOffset + 32), out, outOffset);
    return;
  }
  memory.set(encoded, INPUT);
  kernel.leafHashes(INPUT, encoded.length, 1, DIGEST);
  out.set(digest, outOffset);
}

/** An incremental Keccak-256, for hashing a stream (a manifest) while it is written or read. */
export type Keccak256Stream = {
  update(data: Uint8Array | string): void;
  /** The digest of everything passed to `update`; the stream cannot be used afterwards. */
  digest(): Uint8Array;
};

/**
 * Creates an independent incremental hasher (its own WebAssembly instance), so a
 * long-running stream never interleaves with the synchronous hashing above.
 *
 * @example
 * const h = await createKeccak256Stream();
 * h.update("a"); h.update("b");
 * h.digest(); // same as keccak256(utf8("ab"))
 */
export async function createKeccak256Stream(): Promise<Keccak256Stream> {
  const own = await createKeccak(256);
  own.init();
  return {
    update(data) {
      own.update(data);
    },
    digest() {
      return own.digest("binary");
    },
  };
}
