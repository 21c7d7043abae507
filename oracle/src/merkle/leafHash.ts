/**
 * The StandardMerkleTree leaf hash: keccak256(keccak256(abi.encode(...values))).
 * Hashing twice rules out a second preimage between a 64-byte leaf and an
 * internal node; OpenZeppelin's MerkleProof and the PayoutDistributor expect it.
 */
import { leafHash256Into } from "./keccak.ts";
import type { KeccakKernel } from "./keccakKernel.ts";
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

/** Bytes {@link leafHasher} encodes in, from the kernel's first data offset, for `count` leaves of `encoder`. */
export const leafHasherBytes = (encoder: LeafEncoder, count: number): number =>
  encoder.size * Math.min(count, LEAF_CHUNK);

/** Hashes many leaves in batches through the Keccak kernel; see {@link leafHasher}. */
export type LeafHasher = {
  /** The kernel's memory: encode the next leaf here from byte {@link LeafHasher.at}. */
  readonly memory: Uint8Array;
  /** Where the next leaf is encoded in {@link LeafHasher.memory}; moves with each push. */
  readonly at: number;
  /** Takes the leaf now encoded at {@link LeafHasher.at} as the next one. */
  push(): void;
  /** Hashes the last leaves; the `count` leaf hashes are then at `hashesAt`, 32 bytes each in push order. */
  finish(): void;
};

/**
 * A batched leaf hasher for `count` leaves of `encoder` into `kernel`'s memory, which the caller has reserved
 * for {@link leafHasherBytes} from `kernel.data` (where the leaves are encoded) and `32 * count` from
 * `hashesAt` (past those): each leaf is encoded straight into the kernel's memory and hashed with its chunk,
 * so a million leaves cost a thousand kernel calls instead of two million hash calls and no copy of their
 * encodings.
 *
 * @example
 * const hasher = leafHasher(kernel, encoder, values.length, hashesAt);
 * for (const value of values) { encoder.encode(value, hasher.memory, hasher.at); hasher.push(); }
 * hasher.finish(); // the hashes are at hashesAt
 */
export function leafHasher(kernel: KeccakKernel, encoder: LeafEncoder, count: number, hashesAt: number): LeafHasher {
  const size = encoder.size;
  const chunk = Math.min(count, LEAF_CHUNK);
  const chunkAt = kernel.data;
  let pushed = 0;
  let pending = 0;
  const hasher = {
    memory: kernel.reserve(hashesAt - kernel.data + 32 * count),
    at: chunkAt,
    push() {
      pushed++;
      hasher.at += size;
      if (++pending === chunk) flush();
    },
    finish() {
      if (pending > 0) flush();
    },
  };
  const flush = (): void => {
    kernel.leafHashes(chunkAt, size, pending, hashesAt + 32 * (pushed - pending));
    pending = 0;
    hasher.at = chunkAt;
  };
  return hasher;
}
