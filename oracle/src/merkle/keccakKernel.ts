/**
 * The payout tree's Keccak-256 kernel (see ./keccakKernelSource.ts): leaf hashes and internal nodes computed
 * in WebAssembly memory, one call per batch instead of one JavaScript call per hash.
 *
 * Each kernel is its own instance with its own memory, so a tree's nodes can stay where the kernel wrote them
 * and that memory is released with the tree.
 */
import { DATA } from "./keccakKernelSource.ts";
import { KECCAK_KERNEL_WASM } from "./keccakKernelWasm.ts";

const PAGE = 65536;
const compiled = new WebAssembly.Module(Buffer.from(KECCAK_KERNEL_WASM, "base64"));

/** The module's exports: the kernel's functions as {@link KeccakKernel} gives them, over its memory. */
type Exports = Pick<KeccakKernel, "hash" | "leafHashes" | "internalNodes" | "radixOrder" | "bucketScatter"> & {
  memory: WebAssembly.Memory;
};

/** One kernel instance; byte offsets below are into {@link KeccakKernel.bytes}. */
export type KeccakKernel = {
  /**
   * Makes `size` bytes from {@link KeccakKernel.data} on usable and returns the memory. Growing replaces the
   * buffer, so views taken before a `reserve` are stale: reserve everything first.
   */
  reserve(size: number): Uint8Array;
  /** The first offset callers may use. */
  readonly data: number;
  /** keccak256 of `length` bytes at `data` into the 32 bytes at `out`. */
  hash(data: number, length: number, out: number): void;
  /** keccak256(keccak256(encoding)) of `count` encodings of `size` bytes from `data`, 32 bytes each from `out`. */
  leafHashes(data: number, size: number, count: number, out: number): void;
  /**
   * Fills the internal nodes `last` down to 0 of the flat tree at `nodes` (node i at 32i, children 2i + 1 and
   * 2i + 2, every leaf in place), each the hash of its children in ascending order.
   */
  internalNodes(nodes: number, last: number): void;
  /**
   * ./radixOrder.ts's passes over the `count` 32-bit keys at `keys`, with {@link RADIX_WORK_BYTES} + 16 `count`
   * bytes at `work`: the sorted keys from `work + RADIX_WORK_BYTES`, their indices right after them.
   */
  radixOrder(keys: number, count: number, work: number): void;
  /** ./sortHashes.ts's first pass (see `bucketScatter` in ./keccakKernelSource.ts). */
  bucketScatter(
    from: number,
    count: number,
    to: number,
    shift: number,
    starts: number,
    next: number,
    order: number,
    prefixes: number,
  ): void;
};

/** The digits' starts {@link KeccakKernel.radixOrder} keeps at its `work`, before the keys and indices. */
export const RADIX_WORK_BYTES = 4 * 3 * 2048;

/** A new kernel instance with its own memory. */
export function createKeccakKernel(): KeccakKernel {
  const kernel = new WebAssembly.Instance(compiled, {}).exports as unknown as Exports;
  const { memory } = kernel;
  return {
    data: DATA,
    reserve(size) {
      const needed = Math.ceil((DATA + size) / PAGE) - memory.buffer.byteLength / PAGE;
      if (needed > 0) memory.grow(needed);
      return new Uint8Array(memory.buffer);
    },
    hash: kernel.hash,
    leafHashes: kernel.leafHashes,
    internalNodes: kernel.internalNodes,
    radixOrder: kernel.radixOrder,
    bucketScatter: kernel.bucketScatter,
  };
}
