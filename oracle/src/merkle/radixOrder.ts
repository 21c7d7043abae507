/**
 * The stable order of 32-bit keys by a least-significant-digit radix sort: three passes of 11, 11 and 10 bits,
 * each a sequential read and a scatter over 2048 write fronts that stay in cache. At a million keys it costs a
 * few passes over 4 MB where a hash table of them costs a cache miss a key.
 */

import { createKeccakKernel, RADIX_WORK_BYTES } from "./keccakKernel.ts";

/** What {@link radixOrder} returns. */
export type RadixOrder = {
  /** `order[k]` is the index of the k-th smallest key, equal keys in index order. */
  order: Uint32Array;
  /** The keys ascending (`sorted[k]` is `keys[order[k]]`), so a scan of them reads memory in order. */
  sorted: Uint32Array;
};

/**
 * The permutation that sorts `keys` ascending, and the sorted keys. The passes run in a kernel instance of
 * their own (compiled WebAssembly: a tree runs them once, cold), whose memory the two views keep.
 *
 * @example
 * radixOrder(Uint32Array.of(30, 10, 20, 10)).order // Uint32Array [1, 3, 2, 0]
 */
export function radixOrder(keys: Uint32Array): RadixOrder {
  const count = keys.length;
  const kernel = createKeccakKernel();
  const keysAt = kernel.data;
  const work = keysAt + 4 * count;
  const memory = kernel.reserve(4 * count + RADIX_WORK_BYTES + 16 * count);
  new Uint32Array(memory.buffer, keysAt, count).set(keys);
  kernel.radixOrder(keysAt, count, work);
  const sortedAt = work + RADIX_WORK_BYTES;
  return {
    sorted: new Uint32Array(memory.buffer, sortedAt, count),
    order: new Uint32Array(memory.buffer, sortedAt + 4 * count, count),
  };
}
