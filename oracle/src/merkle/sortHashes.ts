import { InvalidArgumentError } from "@coherence/protocol";

/**
 * Orders 32-byte hashes ascending (as unsigned big-endian numbers, the order
 * StandardMerkleTree sorts leaves in) without a JavaScript comparator per pair.
 *
 * Each hash becomes one 64-bit key: its first 4 bytes above its index. A typed
 * array sort of those keys is native and allocation-free; only hashes that
 * share the 4-byte prefix (about n^2 / 2^33 pairs: ~100 at a million) are
 * then ordered by a full comparison.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Compares the 32-byte values at hash indices `a` and `b` of `hashes`. */
export function compareHashes(hashes: Uint8Array, a: number, b: number): number {
  const pa = 32 * a;
  const pb = 32 * b;
  for (let i = 0; i < 32; i++) {
    const d = hashes[pa + i]! - hashes[pb + i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The permutation that sorts the `count` hashes packed in `hashes` ascending:
 * `order[k]` is the index of the k-th smallest hash. Ties keep index order.
 *
 * @example
 * const order = sortHashes(leafHashes, n); // leafHashes.subarray(32*order[0], 32*order[0]+32) is the smallest
 */
export function sortHashes(hashes: Uint8Array, count: number): Uint32Array {
  if (hashes.length < 32 * count) throw new InvalidArgumentError(`Expected ${count} hashes of 32 bytes.`);
  const keys = new BigUint64Array(count);
  const words = new Uint32Array(keys.buffer);
  const lo = LITTLE_ENDIAN ? 0 : 1;
  const hi = 1 - lo;
  for (let i = 0; i < count; i++) {
    const p = 32 * i;
    words[2 * i + lo] = i;
    words[2 * i + hi] = ((hashes[p]! << 24) | (hashes[p + 1]! << 16) | (hashes[p + 2]! << 8) | hashes[p + 3]!) >>> 0;
  }
  keys.sort();
  const order = new Uint32Array(count);
  for (let k = 0; k < count; k++) order[k] = words[2 * k + lo]!;

  // Finish runs that share a prefix; they are tiny, so insertion sort (stable by index already).
  let start = 0;
  while (start < count) {
    const prefix = words[2 * start + hi];
    let end = start + 1;
    while (end < count && words[2 * end + hi] === prefix) end++;
    for (let i = start + 1; i < end; i++) {
      const value = order[i]!;
      let j = i - 1;
      while (j >= start && compareHashes(hashes, order[j]!, value) > 0) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = value;
    }
    start = end;
  }
  return order;
}
