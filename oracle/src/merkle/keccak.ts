/**
 * Keccak-256 for the oracle, from hash-wasm's WebAssembly build.
 *
 * Measured in Node 24 on the project machine for 64-byte inputs (the node hash):
 * hash-wasm about 1.0 us/hash, the native `keccak` addon about 7.8 us (its per-hash
 * stream object dominates), @noble/hashes about 9.7 us. `scripts/bench/oracle.ts`
 * re-measures this on every run. The hash itself is never written here.
 *
 * The WebAssembly instance is created once at module load (top-level await) so
 * every hashing function below is synchronous.
 */
import { createKeccak } from "hash-wasm";

const hasher = await createKeccak(256);

/**
 * Hashes `data` and writes the 32-byte digest into `out` at `outOffset`.
 * Allocation-free apart from hash-wasm's own digest copy, for the tree's hot loops.
 */
export function keccak256Into(data: Uint8Array, out: Uint8Array, outOffset: number): void {
  hasher.init();
  hasher.update(data);
  out.set(hasher.digest("binary"), outOffset);
}

/**
 * Keccak-256 of `data` as a new 32-byte array.
 *
 * @example
 * keccak256(new TextEncoder().encode("")) // c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470
 */
export function keccak256(data: Uint8Array): Uint8Array {
  hasher.init();
  hasher.update(data);
  return hasher.digest("binary");
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
