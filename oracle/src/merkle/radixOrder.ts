/**
 * The stable order of 32-bit keys by a least-significant-digit radix sort: three passes of 11, 11 and 10 bits,
 * each a sequential read and a scatter over 2048 write fronts that stay in cache. At a million keys it costs a
 * few passes over 4 MB where a hash table of them costs a cache miss a key.
 */

const DIGIT_BITS = 11;
const DIGITS = 1 << DIGIT_BITS;
const MASK = DIGITS - 1;

/** What {@link radixOrder} returns. */
export type RadixOrder = {
  /** `order[k]` is the index of the k-th smallest key, equal keys in index order. */
  order: Uint32Array;
  /** The keys ascending (`sorted[k]` is `keys[order[k]]`), so a scan of them reads memory in order. */
  sorted: Uint32Array;
};

/**
 * The permutation that sorts `keys` ascending, and the sorted keys.
 *
 * @example
 * radixOrder(Uint32Array.of(30, 10, 20, 10)).order // Uint32Array [1, 3, 2, 0]
 */
export function radixOrder(keys: Uint32Array): RadixOrder {
  const count = keys.length;
  const starts = new Uint32Array(3 * DIGITS);
  for (let i = 0; i < count; i++) {
    const key = keys[i]!;
    starts[key & MASK]!++;
    starts[DIGITS + ((key >>> DIGIT_BITS) & MASK)]!++;
    starts[2 * DIGITS + (key >>> (2 * DIGIT_BITS))]!++;
  }
  for (let digit = 0; digit < 3; digit++) {
    let sum = 0;
    for (let d = digit * DIGITS; d < (digit + 1) * DIGITS; d++) {
      const size = starts[d]!;
      starts[d] = sum;
      sum += size;
    }
  }
  const keys1 = new Uint32Array(count);
  const order1 = new Uint32Array(count);
  const keys2 = new Uint32Array(count);
  const order2 = new Uint32Array(count);
  scatter(keys, undefined, keys1, order1, starts, 0);
  scatter(keys1, order1, keys2, order2, starts, 1);
  scatter(keys2, order2, keys1, order1, starts, 2);
  return { order: order1, sorted: keys1 };
}

/**
 * One pass, by digit `digit`: `keysIn` (with their indices `orderIn`, or their own positions) to the next free
 * position of their digit. One function for the three passes, so the first has it compiled for the other two:
 * a tree runs this once, cold.
 */
function scatter(
  keysIn: Uint32Array,
  orderIn: Uint32Array | undefined,
  keysOut: Uint32Array,
  orderOut: Uint32Array,
  starts: Uint32Array,
  digit: number,
): void {
  const base = digit * DIGITS;
  const shift = digit * DIGIT_BITS;
  for (let j = 0; j < keysIn.length; j++) {
    const key = keysIn[j]!;
    const k = starts[base + ((key >>> shift) & MASK)]!++;
    keysOut[k] = key;
    orderOut[k] = orderIn === undefined ? j : orderIn[j]!;
  }
}
