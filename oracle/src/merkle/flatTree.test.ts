import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidArgumentError } from "@coherence/protocol";
import fc from "fast-check";
import { findInvalidNode, flatTreeBytes, getProofBytes, makeFlatTree, processProof, proofDepth } from "./flatTree.ts";
import { createKeccakKernel } from "./keccakKernel.ts";

const leafSet = fc.uniqueArray(fc.uint8Array({ minLength: 32, maxLength: 32 }), {
  minLength: 1,
  maxLength: 50,
  selector: (h) => Buffer.from(h).toString("hex"),
});

function build(hashes: Uint8Array[]): Uint8Array {
  const kernel = createKeccakKernel();
  const memory = kernel.reserve(flatTreeBytes(hashes.length));
  hashes.forEach((h, i) => {
    memory.set(h, kernel.data + 32 * i);
  });
  const tree = makeFlatTree(kernel, kernel.data, hashes.length);
  assert.equal(tree.duplicate, undefined);
  return tree.nodes!;
}

describe("flatTree", () => {
  test("every leaf's proof leads back to the root and the tree validates", () => {
    fc.assert(
      fc.property(leafSet, (hashes) => {
        const nodes = build(hashes);
        const n = hashes.length;
        assert.equal(nodes.length, 32 * (2 * n - 1));
        assert.equal(findInvalidNode(nodes), -1);
        for (let t = n - 1; t < 2 * n - 1; t++) {
          const proof = getProofBytes(nodes, t);
          assert.equal(proof.length, 32 * proofDepth(t));
          assert.deepEqual(processProof(nodes.subarray(32 * t, 32 * t + 32), proof), nodes.subarray(0, 32));
        }
      }),
      { numRuns: 100 },
    );
  });

  test("stops at two equal leaf hashes, naming the lower index first", () => {
    const kernel = createKeccakKernel();
    const memory = kernel.reserve(flatTreeBytes(4));
    for (const [i, fill] of [3, 7, 9, 7].entries()) memory.fill(fill, kernel.data + 32 * i, kernel.data + 32 * i + 32);
    assert.deepEqual(makeFlatTree(kernel, kernel.data, 4), { duplicate: [1, 3] });
  });

  test("a tampered node is found", () => {
    const nodes = build(Array.from({ length: 5 }, (_, i) => new Uint8Array(32).fill(i + 1)));
    nodes[32 * 6 + 3]! ^= 1; // a leaf: its parent (2) no longer matches
    assert.equal(findInvalidNode(nodes), 2);
  });

  test("refuses proofs of internal nodes and an empty tree", () => {
    const nodes = build([new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)]);
    assert.throws(() => getProofBytes(nodes, 0), InvalidArgumentError);
    assert.throws(() => getProofBytes(nodes, 3), InvalidArgumentError);
    assert.throws(() => makeFlatTree(createKeccakKernel(), 1024, 0), InvalidArgumentError);
  });
});
