import { InvalidArgumentError } from "@coherence/protocol";
import type { KeccakKernel } from "./keccakKernel.ts";

/**
 * Sorts a tree's leaf hashes ascending (as unsigned big-endian numbers, the order StandardMerkleTree sorts
 * leaves in) by moving the hashes themselves, in a way that stays in cache at a million leaves.
 *
 * One pass scatters each hash into a bucket of its first bits (at most 2048 buckets, so the write fronts stay
 * in cache), already in its final place in the node array but for the order inside the bucket. Each bucket
 * (a few hundred hashes, kilobytes) is then ordered by 64-bit keys, its first 4 bytes above its place, with
 * a native typed-array sort, and its hashes moved within a scratch copy. Only hashes sharing the 4-byte
 * prefix (about n^2 / 2^33 pairs: ~100 at a million) are then compared in full, which is also where two equal
 * hashes meet: duplicates come out of the sort at no extra cost.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Which 32-bit half of a 64-bit key holds its low word (a position) and which its high word (a prefix). */
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;
/** At most 2^11 buckets: their write fronts (64 bytes each) stay within a core's L2 cache. */
const MAX_BUCKET_BITS = 11;

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

/** What {@link sortHashesInto} found. */
export type SortedHashes = {
  /** `order[k]` is the index of the k-th smallest hash; equal hashes keep index order. */
  order: Uint32Array;
  /** The indices of the smallest pair of equal hashes, lower index first, if any. */
  duplicate: [number, number] | undefined;
};

/** Scratch {@link sortHashesInto} uses past its two regions: the bucket starts and fronts, indices, prefixes. */
export const sortScratchBytes = (count: number): number => 8 * ((1 << MAX_BUCKET_BITS) + 1) + 8 * count;

/**
 * Writes the `count` hashes at byte `from` of the kernel's memory ascending from byte `to`, in a flat tree's
 * leaf order: the k-th smallest at slot `count - 1 - k` (the leaves fill a tree's tail in reverse). `from` is
 * scratch afterwards, and so are {@link sortScratchBytes} past the end of the later region, which it reserves
 * (reserve them first if you hold views). Both offsets are multiples of 4 and the two regions of `32 * count`
 * bytes do not overlap. `order` is a view of the kernel's memory. When two hashes are equal the sort stops
 * there (`duplicate` says which) and the slots are left unfinished.
 *
 * @example
 * const { order } = sortHashesInto(kernel, hashesAt, n, leavesAt); // leavesAt + 32(n-1), +32) is the smallest
 */
export function sortHashesInto(kernel: KeccakKernel, from: number, count: number, to: number): SortedHashes {
  if (from % 4 !== 0 || to % 4 !== 0 || Math.abs(from - to) < 32 * count || Math.min(from, to) < kernel.data) {
    throw new InvalidArgumentError("Expected two aligned, disjoint regions of 32-byte hashes.");
  }
  const end = Math.max(from, to) + 32 * count;
  const memory = kernel.reserve(end - kernel.data + sortScratchBytes(count));
  const words = new Uint32Array(memory.buffer, memory.byteOffset, memory.length >>> 2);
  const fromWord = from >>> 2;
  const toWord = to >>> 2;
  const bits = Math.min(MAX_BUCKET_BITS, Math.max(1, Math.ceil(Math.log2(Math.max(1, count))) - 7));
  const buckets = 1 << bits;

  // In the kernel: bucket sizes, where each bucket's run of ascending positions k starts, and the scatter of
  // hash i to the next position of its bucket, its index and prefix beside it by position.
  const startsAt = end;
  const nextAt = startsAt + 4 * (buckets + 1);
  const orderAt = nextAt + 4 * buckets;
  const prefixesAt = orderAt + 4 * count;
  kernel.bucketScatter(from, count, to, 32 - bits, startsAt, nextAt, orderAt, prefixesAt);
  const starts = new Uint32Array(memory.buffer, startsAt, buckets + 1);
  const order = new Uint32Array(memory.buffer, orderAt, count);
  const prefixes = new Uint32Array(memory.buffer, prefixesAt, count);
  let largest = 0;
  for (let b = 0; b < buckets; b++) largest = Math.max(largest, starts[b + 1]! - starts[b]!);

  // Each bucket in order: sort its keys, move its hashes through the (now free) source region.
  const keys = new BigUint64Array(largest);
  const state: BucketState = {
    memory,
    words,
    fromWord,
    toWord,
    to,
    count,
    order,
    prefixes,
    keys,
    keyWords: new Uint32Array(keys.buffer),
    indices: new Uint32Array(largest),
  };
  for (let b = 0; b < buckets; b++) {
    const duplicate = finishBucket(state, starts[b]!, starts[b + 1]! - starts[b]!);
    if (duplicate !== undefined) return { order, duplicate };
  }
  return { order, duplicate: undefined };
}

/** What {@link finishBucket} works on: the sort's arrays and the scratch sized for its largest bucket. */
type BucketState = {
  memory: Uint8Array;
  words: Uint32Array;
  fromWord: number;
  toWord: number;
  to: number;
  count: number;
  order: Uint32Array;
  prefixes: Uint32Array;
  keys: BigUint64Array;
  keyWords: Uint32Array;
  indices: Uint32Array;
};

/**
 * Orders the bucket of `size` positions from `start`, hashes and all; returns the first two equal hashes'
 * indices. A function of its own, called once a bucket, so it is compiled after the first few of them rather
 * than when a loop of the whole sort gets hot: a tree runs the sort once, cold.
 */
function finishBucket(state: BucketState, start: number, size: number): [number, number] | undefined {
  if (size < 2) return undefined;
  const { words, fromWord, toWord, count, order, prefixes, keys, keyWords, indices } = state;
  for (let t = 0; t < size; t++) {
    keyWords[2 * t + LO] = t;
    keyWords[2 * t + HI] = prefixes[start + t]!;
  }
  keys.subarray(0, size).sort();
  // The bucket's slots are contiguous, position start + t at slot count - 1 - start - t: scratch copy
  // index size - 1 - t.
  const first = toWord + 8 * (count - start - size);
  words.copyWithin(fromWord, first, first + 8 * size);
  indices.set(order.subarray(start, start + size));
  for (let u = 0; u < size; u++) {
    const t = keyWords[2 * u + LO]!;
    order[start + u] = indices[t]!;
    prefixes[start + u] = keyWords[2 * u + HI]!;
    const src = fromWord + 8 * (size - 1 - t);
    const dst = toWord + 8 * (count - 1 - start - u);
    for (let w = 0; w < 8; w++) words[dst + w] = words[src + w]!;
  }
  for (let u = 1; u < size; u++) {
    if (prefixes[start + u] !== prefixes[start + u - 1]) continue;
    let end = u + 1;
    while (end < size && prefixes[start + end] === prefixes[start + u]) end++;
    const duplicate = finishRun(state.memory, state.to, count, order, start + u - 1, start + end);
    if (duplicate !== undefined) return duplicate;
    u = end - 1;
  }
  return undefined;
}

/**
 * Orders positions [from, end) (sharing their 4-byte prefix, already in index order) by their full hashes,
 * stably, and returns the first two equal hashes' indices. Runs hold two or three hashes, so a comparator sort
 * of copies costs nothing that shows.
 */
function finishRun(
  memory: Uint8Array,
  to: number,
  count: number,
  order: Uint32Array,
  from: number,
  end: number,
): [number, number] | undefined {
  const at = (k: number): number => to + 32 * (count - 1 - k);
  const run = Array.from({ length: end - from }, (_, j) => ({
    index: order[from + j]!,
    hash: memory.slice(at(from + j), at(from + j) + 32),
  }));
  run.sort((a, b) => Buffer.compare(a.hash, b.hash) || a.index - b.index);
  for (let j = 0; j < run.length; j++) {
    if (j > 0 && Buffer.compare(run[j - 1]!.hash, run[j]!.hash) === 0) return [run[j - 1]!.index, run[j]!.index];
    memory.set(run[j]!.hash, at(from + j));
    order[from + j] = run[j]!.index;
  }
  return undefined;
}
