import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { keccak_256 } from "@noble/hashes/sha3.js";
import fc from "fast-check";

import { bytesToHex } from "../hex.ts";
import { chunkTreeFold, chunkTreeProofs, chunkTreeRoot } from "./chunkTree.ts";

/** The tree as its definition reads: split the leaves in pairs, hash each pair, carry an odd last one up. */
function naiveRoot(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 1) return leaves[0]!;
  const next: Uint8Array[] = [];
  for (let i = 0; i < leaves.length; i += 2) {
    next.push(i + 1 < leaves.length ? keccak_256(new Uint8Array([...leaves[i]!, ...leaves[i + 1]!])) : leaves[i]!);
  }
  return naiveRoot(next);
}

const leavesOf = (count: number, seed: number) =>
  Array.from({ length: count }, (_, i) => keccak_256(new TextEncoder().encode(`${seed}:${i}`)));
const packed = (leaves: Uint8Array[]) => {
  const out = new Uint8Array(32 * leaves.length);
  leaves.forEach((l, i) => {
    out.set(l, 32 * i);
  });
  return out;
};

describe("chunkTree", () => {
  test("its root is the definition's, and every leaf's proof folds to it at its own index only", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.integer(), (count, seed) => {
        const leaves = leavesOf(count, seed);
        const root = chunkTreeRoot(packed(leaves));
        assert.equal(bytesToHex(root), bytesToHex(naiveRoot(leaves)));
        const indices = leaves.map((_, i) => i);
        const proofs = chunkTreeProofs(packed(leaves), indices);
        for (const i of indices) {
          assert.equal(bytesToHex(chunkTreeFold(leaves[i]!, i, count, proofs[i]!)!), bytesToHex(root));
          if (count > 1) {
            const elsewhere = chunkTreeFold(leaves[i]!, (i + 1) % count, count, proofs[i]!);
            assert.notEqual(elsewhere && bytesToHex(elsewhere), bytesToHex(root), "a leaf proves its position");
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  test("a changed leaf, a changed sibling, a count that moves the leaf or a proof of the wrong length does not fold to the root", () => {
    const leaves = leavesOf(13, 1);
    const root = bytesToHex(chunkTreeRoot(packed(leaves)));
    const [proof] = chunkTreeProofs(packed(leaves), [6]);
    const fold = (leaf: Uint8Array, index: number, count: number, p: Uint8Array[]) => {
      const r = chunkTreeFold(leaf, index, count, p);
      return r && bytesToHex(r);
    };
    assert.equal(fold(leaves[6]!, 6, 13, proof!), root);
    assert.notEqual(fold(leaves[5]!, 6, 13, proof!), root);
    assert.notEqual(fold(leaves[6]!, 6, 13, [new Uint8Array(32), ...proof!.slice(1)]), root);
    // A count that changes the leaf's path (7: leaf 6 is carried up alone) cannot use its proof.
    assert.notEqual(fold(leaves[6]!, 6, 7, proof!), root);
    assert.equal(fold(leaves[6]!, 6, 13, proof!.slice(1)), undefined);
    assert.equal(fold(leaves[6]!, 13, 13, proof!), undefined);
  });
});
