/**
 * The StandardMerkleTree leaf hash: keccak256(keccak256(abi.encode(...values))).
 * Hashing twice rules out a second preimage between a 64-byte leaf and an
 * internal node; OpenZeppelin's MerkleProof and the PayoutDistributor expect it.
 */
import { keccak256Into } from "./keccak.ts";
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
