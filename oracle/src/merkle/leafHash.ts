/**
 * The StandardMerkleTree leaf hash: keccak256(keccak256(abi.encode(...values))).
 * Hashing twice rules out a second preimage between a 64-byte leaf and an
 * internal node; OpenZeppelin's MerkleProof and the PayoutDistributor expect it.
 */
import { keccak256Into } from "./keccak.ts";
import { createKeccakKernel } from "./keccakKernel.ts";
import type { LeafEncoder, LeafValue } from "./leafEncoding.ts";

/** Reusable buffers for {@link leafHashInto}: the encoding and the inner hash. */
export type LeafHashScratch = { encoded: Uint8Array; inner: Uint8Array };

/** Scratch buffers sized for `encoder`. */
export function leafHashScratch(encoder: LeafEncoder): LeafHashScratch {
  return { encoded: new Uint8Array(encoder.size), inner: new Uint8Array(32) };
}

/**
 * Writes the leaf hash of `value` to `out` at `outOffset`, allocation-free.
 *
 * @example
 * const enc = compileLeafEncoder(["address", "address", "uint256"]);
 * const out = new Uint8Array(32);
 * leafHashInto(enc, [account, token, 5n], leafHashScratch(enc), out, 0);
 */
export function leafHashInto(
  encoder: LeafEncoder,
  value: readonly LeafValue[],
  scratch: LeafHashScratch,
  out: Uint8Array,
  outOffset: number,
): void {
  encoder.encode(value, scratch.encoded);
  keccak256Into(scratch.encoded, scratch.inner, 0);
  keccak256Into(scratch.inner, out, outOffset);
}

/** Leaves encoded per kernel call: enough to amortise the call, small enough to stay in cache. */
const LEAF_CHUNK = 1024;

/** Hashes many leaves in batches through the Keccak kernel; see {@link leafHasher}. */
export type LeafHasher = {
  /** Where the next leaf is encoded (reused). */
  readonly encoded: Uint8Array;
  /** Takes the leaf now in {@link LeafHasher.encoded} as the next one. */
  push(): void;
  /** The `count` leaf hashes, 32 bytes each in push order; call once, after the last push. */
  finish(): Uint8Array;
};

/**
 * A batched leaf hasher for `count` leaves of `encoder`: each encoding is copied into the kernel's memory and
 * hashed with its chunk, so a million leaves cost a thousand kernel calls instead of two million hash calls.
 *
 * @example
 * const hasher = leafHasher(encoder, values.length);
 * for (const value of values) { encoder.encode(value, hasher.encoded); hasher.push(); }
 * const hashes = hasher.finish();
 */
export function leafHasher(encoder: LeafEncoder, count: number): LeafHasher {
  const kernel = createKeccakKernel();
  const size = encoder.size;
  const chunk = Math.min(count, LEAF_CHUNK);
  const chunkAt = kernel.data;
  const hashesAt = chunkAt + chunk * size;
  const memory = kernel.reserve(chunk * size + 32 * count);
  const encoded = new Uint8Array(size);
  // Copied as 32-bit words: cheaper for a few dozen bytes than a native set() per leaf.
  const encodedWords = new Uint32Array(encoded.buffer);
  const chunkWords = new Uint32Array(memory.buffer, chunkAt, (chunk * size) >>> 2);
  const wordsPerLeaf = size >>> 2;
  let pushed = 0;
  let pending = 0;
  const flush = (): void => {
    kernel.leafHashes(chunkAt, size, pending, hashesAt + 32 * (pushed - pending));
    pending = 0;
  };
  return {
    encoded,
    push() {
      const to = pending * wordsPerLeaf;
      for (let w = 0; w < wordsPerLeaf; w++) chunkWords[to + w] = encodedWords[w]!;
      pushed++;
      if (++pending === chunk) flush();
    },
    finish() {
      if (pending > 0) flush();
      return memory.subarray(hashesAt, hashesAt + 32 * count);
    },
  };
}
