/**
 * The Merkle tree over a v3 manifest's chunks (./manifestChunks.ts), whose root is the epoch's `manifestHash`.
 *
 * Positional, not sorted: leaf `i` is the keccak256 of chunk `i`'s bytes, in file order (the header chunk first);
 * a parent is `keccak256(left ‖ right)`; on a level with an odd count the last node is carried up unchanged. A
 * proof is the siblings from the leaf up, and the verifier folds them by the leaf's index and the leaf count, so
 * a chunk proves both what it holds and where it is. Leaves need no domain tag against inner nodes: a chunk is
 * canonical JSON (it starts with `{`), never the 64 bytes of two hashes, and a verifier parses it before use.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";

/** One-shot Keccak-256; @noble/hashes' by default, the oracle passes its WebAssembly one. */
export type Keccak256 = (data: Uint8Array) => Uint8Array;

function parent(keccak256: Keccak256, left: Uint8Array, right: Uint8Array): Uint8Array {
  const pair = new Uint8Array(64);
  pair.set(left, 0);
  pair.set(right, 32);
  return keccak256(pair);
}

/** The levels of the tree, leaves first (level 0: `count` hashes, 32 bytes each), root last. */
function levelsOf(leaves: Uint8Array, keccak256: Keccak256): Uint8Array[] {
  const levels = [leaves];
  for (let level = leaves; level.length > 32; ) {
    const count = level.length / 32;
    const next = new Uint8Array(32 * Math.ceil(count / 2));
    for (let i = 0; i + 1 < count; i += 2) {
      next.set(
        parent(keccak256, level.subarray(32 * i, 32 * i + 32), level.subarray(32 * i + 32, 32 * i + 64)),
        16 * i,
      );
    }
    if (count % 2 === 1) next.set(level.subarray(32 * (count - 1)), 32 * ((count - 1) / 2));
    levels.push(next);
    level = next;
  }
  return levels;
}

/**
 * The root over `leaves` (the chunk hashes, 32 bytes each, in order). At least one leaf: a v3 manifest always has
 * its header chunk.
 *
 * @example
 * chunkTreeRoot(hashes) // 32 bytes: the manifestHash
 */
export function chunkTreeRoot(leaves: Uint8Array, keccak256: Keccak256 = keccak_256): Uint8Array {
  return levelsOf(leaves, keccak256).at(-1)!.slice(0, 32);
}

/** The proofs of the leaves at `indices` (the siblings from each leaf up), sharing one build of the tree. */
export function chunkTreeProofs(
  leaves: Uint8Array,
  indices: readonly number[],
  keccak256: Keccak256 = keccak_256,
): Uint8Array[][] {
  const levels = levelsOf(leaves, keccak256);
  return indices.map((leaf) => {
    const proof: Uint8Array[] = [];
    let index = leaf;
    for (const level of levels.slice(0, -1)) {
      const sibling = index ^ 1;
      // The carried-up last node of an odd level has no sibling.
      if (32 * sibling < level.length) proof.push(level.slice(32 * sibling, 32 * sibling + 32));
      index >>= 1;
    }
    return proof;
  });
}

/**
 * The root a leaf and its proof fold up to, for the leaf at `index` of `count`; undefined when the proof has the
 * wrong length for that position (so it cannot be this tree's).
 */
export function chunkTreeFold(
  leaf: Uint8Array,
  index: number,
  count: number,
  proof: readonly Uint8Array[],
  keccak256: Keccak256 = keccak_256,
): Uint8Array | undefined {
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) return undefined;
  let node = leaf;
  let used = 0;
  for (let i = index, width = count; width > 1; i >>= 1, width = Math.ceil(width / 2)) {
    const sibling = i ^ 1;
    if (sibling >= width) continue;
    const other = proof[used++];
    if (other === undefined || other.length !== 32) return undefined;
    node = i % 2 === 0 ? parent(keccak256, node, other) : parent(keccak256, other, node);
  }
  return used === proof.length ? node : undefined;
}
