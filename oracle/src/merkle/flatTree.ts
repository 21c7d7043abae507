/**
 * The tree of @openzeppelin/merkle-tree's `core.ts` kept as one flat byte array.
 *
 * Layout (identical to OpenZeppelin's, so roots and proofs agree): a complete
 * binary tree of `2n - 1` nodes in heap order (children of `i` at `2i + 1`,
 * `2i + 2`), node `i` at bytes `[32i, 32i + 32)`. The k-th smallest leaf hash
 * sits at index `2n - 2 - k` (the leaves fill the array's tail in reverse), and
 * an internal node is keccak256 of its two children sorted ascending. A proof
 * is the sibling of each node from the leaf up to (not including) the root.
 */

import { InvalidArgumentError, invariant } from "@coherence/protocol";
import { keccak256Into } from "./keccak.ts";
import type { KeccakKernel } from "./keccakKernel.ts";
import { sortHashesInto, sortScratchBytes } from "./sortHashes.ts";

const scratch = new Uint8Array(64);

/**
 * Writes keccak256(min(a, b) ++ max(a, b)) of the 32-byte values at byte offsets
 * `a` of `src` and `b` of `srcB` to `out` at `outOffset` (OpenZeppelin's `standardNodeHash`).
 */
export function hashSortedPair(
  src: Uint8Array,
  a: number,
  srcB: Uint8Array,
  b: number,
  out: Uint8Array,
  outOffset: number,
): void {
  let cmp = 0;
  for (let i = 0; i < 32 && cmp === 0; i++) cmp = src[a + i]! - srcB[b + i]!;
  if (cmp <= 0 && src === srcB && b === a + 32) {
    // Siblings already in order are adjacent in the flat array: hash them in place.
    keccak256Into(src.subarray(a, a + 64), out, outOffset);
    return;
  }
  const [first, firstOffset, second, secondOffset] = cmp <= 0 ? [src, a, srcB, b] : [srcB, b, src, a];
  for (let i = 0; i < 32; i++) scratch[i] = first[firstOffset + i]!;
  for (let i = 0; i < 32; i++) scratch[32 + i] = second[secondOffset + i]!;
  keccak256Into(scratch, out, outOffset);
}

/** Number of nodes of a flat tree. */
export function nodeCount(nodes: Uint8Array): number {
  return nodes.length >>> 5;
}

/** A flat tree built by {@link makeFlatTree}, or the two leaves that stopped it. */
export type FlatTree =
  | { nodes: Uint8Array; order: Uint32Array; duplicate?: undefined }
  | { duplicate: [number, number] };

/**
 * Bytes {@link makeFlatTree} uses from its `hashesAt`: the leaf hashes, then the nodes right after the first,
 * then the sort's scratch.
 */
export const flatTreeBytes = (count: number): number => 64 * count + sortScratchBytes(count);

/**
 * Builds the flat tree over the `count` leaf hashes at byte `hashesAt` of the kernel's memory (reserved for
 * {@link flatTreeBytes} from there), in place: the nodes start 32 bytes on, so the hashes cover the spare slot
 * and the internal nodes' slots, and the sort moves them into the leaf slots (ascending hash order, a
 * StandardMerkleTree's) before every internal node is hashed in one kernel call. The nodes stay in that memory
 * (the returned view), which is the tree's and nothing else's; `order[k]` is the index of the k-th smallest
 * hash, the leaf at tree index `2n - 2 - k`. Two equal hashes stop it before any hashing.
 *
 * @example
 * const kernel = createKeccakKernel();
 * const memory = kernel.reserve(flatTreeBytes(n)); // then n leaf hashes from kernel.data
 * const { nodes } = makeFlatTree(kernel, kernel.data, n); // nodes.subarray(0, 32) is the root
 */
export function makeFlatTree(kernel: KeccakKernel, hashesAt: number, count: number): FlatTree {
  if (count === 0) throw new InvalidArgumentError("Expected a non-zero number of leaves.");
  const length = 2 * count - 1;
  const nodesAt = hashesAt + 32;
  const { order, duplicate } = sortHashesInto(kernel, hashesAt, count, nodesAt + 32 * (count - 1));
  if (duplicate !== undefined) return { duplicate };
  const memory = kernel.reserve(hashesAt - kernel.data + flatTreeBytes(count));
  kernel.internalNodes(nodesAt, count - 2);
  return { nodes: memory.subarray(nodesAt, nodesAt + 32 * length), order };
}

/** Proof length (number of siblings) of the node at `treeIndex`. */
export function proofDepth(treeIndex: number): number {
  return 31 - Math.clz32(treeIndex + 1);
}

/**
 * Writes the proof of the leaf at `treeIndex` (siblings bottom-up, 32 bytes each)
 * into `out` at `outOffset` and returns the number of siblings written.
 */
export function writeProof(nodes: Uint8Array, treeIndex: number, out: Uint8Array, outOffset = 0): number {
  const length = nodeCount(nodes);
  if (!Number.isInteger(treeIndex) || treeIndex < 0 || treeIndex >= length || 2 * treeIndex + 1 < length) {
    throw new InvalidArgumentError(`Tree index ${treeIndex} is not a leaf of a tree of ${length} nodes.`);
  }
  let depth = 0;
  for (let i = treeIndex; i > 0; i = (i - 1) >> 1) {
    // The sibling of an odd (left) child is the next node, of an even (right) child the previous.
    const sibling = i & 1 ? i + 1 : i - 1;
    out.set(nodes.subarray(32 * sibling, 32 * sibling + 32), outOffset + 32 * depth);
    depth++;
  }
  return depth;
}

/**
 * {@link writeProof} over 32-bit word views of the node array and the output
 * (8 words per node), without validation: the hot loop of streaming every
 * proof, where a subarray per sibling would cost more than the copy.
 * The caller guarantees `treeIndex` is a leaf and `out` has room.
 */
export function writeProofWords(
  nodeWords: Uint32Array,
  treeIndex: number,
  outWords: Uint32Array,
  outWordOffset: number,
): number {
  let depth = 0;
  for (let i = treeIndex; i > 0; i = (i - 1) >> 1) {
    const src = 8 * (i & 1 ? i + 1 : i - 1);
    const dst = outWordOffset + 8 * depth;
    for (let w = 0; w < 8; w++) outWords[dst + w] = nodeWords[src + w]!;
    depth++;
  }
  return depth;
}

/**
 * Turns the proof of leaf `previous`, held in `outWords` from word 0, into the
 * proof of leaf `treeIndex` at the same depth. Above the node where their paths
 * to the root meet the siblings are the same, so only those below it are
 * rewritten: about two per step when leaves are visited in tree order, instead
 * of the whole depth. Unvalidated, like {@link writeProofWords}.
 */
export function advanceProofWords(
  nodeWords: Uint32Array,
  treeIndex: number,
  previous: number,
  outWords: Uint32Array,
): void {
  let dst = 0;
  for (let i = treeIndex, j = previous; i !== j; i = (i - 1) >> 1, j = (j - 1) >> 1) {
    const src = 8 * (i & 1 ? i + 1 : i - 1);
    for (let w = 0; w < 8; w++) outWords[dst + w] = nodeWords[src + w]!;
    dst += 8;
  }
}

/** The proof of the leaf at `treeIndex` as one array of `32 * depth` bytes. */
export function getProofBytes(nodes: Uint8Array, treeIndex: number): Uint8Array {
  const out = new Uint8Array(32 * proofDepth(treeIndex));
  const depth = writeProof(nodes, treeIndex, out);
  invariant(32 * depth === out.length, "proof depth mismatch");
  return out;
}

/**
 * The root implied by a leaf hash and its proof (siblings packed 32 bytes each):
 * OpenZeppelin's `processProof`, as `MerkleProof.verify` computes it on-chain.
 */
export function processProof(leafHash: Uint8Array, proof: Uint8Array): Uint8Array {
  if (leafHash.length !== 32 || proof.length % 32 !== 0) {
    throw new InvalidArgumentError("Merkle nodes must be 32 bytes.");
  }
  const acc = new Uint8Array(32);
  acc.set(leafHash);
  for (let p = 0; p < proof.length; p += 32) hashSortedPair(acc, 0, proof, p, acc, 0);
  return acc;
}

/**
 * Index of the first node that is not the hash of its children, or -1 when the
 * whole tree is consistent (OpenZeppelin's `isValidMerkleTree`). Costs n hashes.
 */
export function findInvalidNode(nodes: Uint8Array): number {
  const length = nodeCount(nodes);
  if (length === 0 || nodes.length % 32 !== 0 || length % 2 === 0) return 0;
  const expected = new Uint8Array(32);
  for (let i = (length - 1) / 2 - 1; i >= 0; i--) {
    hashSortedPair(nodes, 32 * (2 * i + 1), nodes, 32 * (2 * i + 2), expected, 0);
    for (let b = 0; b < 32; b++) if (expected[b] !== nodes[32 * i + b]) return i;
  }
  return -1;
}
