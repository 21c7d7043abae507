/**
 * The StandardMerkleTree leaf hash: keccak256(keccak256(abi.encode(...values))).
 * Hashing twice rules out a second preimage between a 64-byte leaf and an
 * internal node; OpenZeppelin's MerkleProof and the PayoutDistributor expect it.
 */
import { leafHash256Into } from "./keccak.ts";
import { createKeccakKernel } from "./keccakKernel.ts";
import type { LeafEncoder, LeafValue } from "./leafEncoding.ts";

/** A reusable buffer for {@link leafHashInto}: the encoding. */
export type LeafHashScratch = { encoded: Uint8Array };

/** A scratch buffer sized for `encoder`. */
export function leafHashScratch(encoder: LeafEncoder): LeafHashScratch {
  return { encoded: new Uint8Array(encoder.size) };
}

/**
 * Writes the leaf hash of `value` to `out` at `outOffset`, allocation-free: both hashes in one kernel call.
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
  leafHash256Into(scratch.encoded, out, outOffset);
}

/** Leaves encoded per kernel call: enough to amortise the call, small enough to stay in cache. */
const LEAF_CHUNK = 1024;

/** Hashes many leaves in batches through the Keccak kernel; see {@link leafHasher}. */
export type LeafHasher = {
  /** The kernel's memory: encode the next leaf here from byte {@link LeafHasher.at}. */
  readonly memory: Uint8Array;
  /** Where the next leaf is encoded in {@link LeafHasher.memory}; moves with each push. */
  readonly at: number;
  /** Takes the leaf now encoded at {@link LeafHasher.at} as the next one. */
  push(): void;
  /** The `count` leaf hashes, 32 bytes each in push order; call once, after the last push. */
  finish(): Uint8Array;
};

/**
 * A batched leaf hasher for `count` leaves of `encoder`: each leaf is encoded straight into the kernel's memory
 * and hashed with its chunk, so a million leaves cost a thousand kernel calls instead of two million hash calls
 * and no copy of their encodings.
 *
 * @example
 * const hasher = leafHasher(encoder, values.length);
 * for (const value of values) { encoder.encode(value, hasher.memory, hasher.at); hasher.push(); }
 * const hashes = hasher.finish();
 */
export function leafHasher(encoder: LeafEncoder, count: number): LeafHasher {
  const kernel = createKeccakKernel();
  const size = encoder.size;
  const chunk = Math.min(count, LEAF_CHUNK);
  const chunkAt = kernel.data;
  const hashesAt = chunkAt + chunk * size;
  let pushed = 0;
  let pending = 0;
  const hasher = {
    memory: kernel.reserve(chunk * size + 32 * count),
    at: chunkAt,
    push() {
      pushed++;
      hasher.at += size;
      if (++pending === chunk) flush();
    },
    finish() {
      if (pending > 0) flush();
      return hasher.memory.subarray(hashesAt, hashesAt + 32 * count);
    },
  };
  const flush = (): void => {
    kernel.leafHashes(chunkAt, size, pending, hashesAt + 32 * (pushed - pending));
    pending = 0;
    hasher.at = chunkAt;
  };
  return hasher;
}
