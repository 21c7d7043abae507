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
  for (let pass = 0; pass < 3; pass++) {
    let sum = 0;
    for (let d = pass * DIGITS; d < (pass + 1) * DIGITS; d++) {
      const size = starts[d]!;
      starts[d] = sum;
      sum += size;
    }
  }
  let keysIn: Uint32Array = keys;
  let orderIn = new Uint32Array(count);
  let keysOut: Uint32Array = new Uint32Array(count);
  let orderOut = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const key = keys[i]!;
    const k = starts[key & MASK]!++;
    keysOut[k] = key;
    orderOut[k] = i;
  }
  for (let pass = 1; pass < 3; pass++) {
    [keysIn, keysOut] = [keysOut, pass === 1 ? new Uint32Array(count) : keysIn];
    [orderIn, orderOut] = [orderOut, orderIn];
    const base = pass * DIGITS;
    const shift = pass * DIGIT_BITS;
    for (let j = 0; j < count; j++) {
      const key = keysIn[j]!;
      const k = starts[base + ((key >>> shift) & MASK)]!++;
      keysOut[k] = key;
      orderOut[k] = orderIn[j]!;
    }
  }
  return { order: orderOut, sorted: keysOut };
}
