import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { type Address, getAddress, type Hex } from "viem";

import { hashPair, payoutLeafHash, verifyPayoutLeaf } from "./merkleProof.ts";

const address = (n: number): Address => getAddress(`0x${n.toString(16).padStart(40, "0")}`);
const TOKENS = [address(0xd05d), address(0xe7e)];

/** A payout tree built with OpenZeppelin's own library, the reference the contract follows. */
function referenceTree(size: number) {
  const values: [string, string, bigint][] = [];
  for (let i = 0; i < size; i++) values.push([address(0x1000 + i), TOKENS[i % 2]!, 10n ** BigInt(i % 30) + BigInt(i)]);
  return { values, tree: StandardMerkleTree.of(values, ["address", "address", "uint256"]) };
}

describe("verifyPayoutLeaf (checked against @openzeppelin/merkle-tree)", () => {
  test("the leaf hash is OpenZeppelin's StandardMerkleTree leaf hash", () => {
    const { values, tree } = referenceTree(5);
    for (const [i, [account, token, amount]] of values.entries()) {
      assert.equal(payoutLeafHash(account as Address, token as Address, amount).leafHash, tree.leafHash(values[i]!));
    }
  });

  test("every proof of the reference tree verifies, step by step, to its root", () => {
    for (const size of [1, 2, 3, 7, 16, 33]) {
      const { values, tree } = referenceTree(size);
      for (const [i, [account, token, amount]] of tree.entries()) {
        const proof = tree.getProof(i) as Hex[];
        const v = verifyPayoutLeaf(
          { account: account as Address, token: token as Address, cumulativeAmount: amount, proof },
          tree.root as Hex,
        );
        assert.equal(v.valid, true, `leaf ${i} of ${size}`);
        assert.equal(v.computedRoot, tree.root);
        assert.equal(v.steps.length, proof.length);
        // Each step hashes the previous result with the next sibling, the smaller first.
        v.steps.forEach((step, k) => {
          assert.equal(step.sibling, proof[k]);
          assert.equal(BigInt(step.left) <= BigInt(step.right), true);
          assert.deepEqual([step.left, step.right].sort(), [step.node, step.sibling].sort());
        });
        assert.equal(values.length, size);
      }
    }
  });

  test("a changed amount, account, token or proof does not verify", () => {
    const { tree } = referenceTree(9);
    const [account, token, amount] = tree.at(4)!;
    const proof = tree.getProof(4) as Hex[];
    const root = tree.root as Hex;
    const leaf = { account: account as Address, token: token as Address, cumulativeAmount: amount, proof };
    assert.equal(verifyPayoutLeaf(leaf, root).valid, true);
    assert.equal(verifyPayoutLeaf({ ...leaf, cumulativeAmount: amount + 1n }, root).valid, false);
    assert.equal(verifyPayoutLeaf({ ...leaf, account: address(0xbad) }, root).valid, false);
    assert.equal(
      verifyPayoutLeaf({ ...leaf, token: TOKENS[1]! === token ? TOKENS[0]! : TOKENS[1]! }, root).valid,
      false,
    );
    assert.equal(verifyPayoutLeaf({ ...leaf, proof: proof.slice(1) }, root).valid, false);
    assert.equal(verifyPayoutLeaf(leaf, `0x${"00".repeat(32)}`).valid, false);
  });

  test("roots compare case-insensitively", () => {
    const { tree } = referenceTree(2);
    const [account, token, amount] = tree.at(0)!;
    const v = verifyPayoutLeaf(
      {
        account: account as Address,
        token: token as Address,
        cumulativeAmount: amount,
        proof: tree.getProof(0) as Hex[],
      },
      tree.root.toUpperCase().replace("0X", "0x") as Hex,
    );
    assert.equal(v.valid, true);
  });

  test("hashPair orders the pair by value", () => {
    const a = `0x${"11".repeat(32)}` as Hex;
    const b = `0x${"ff".repeat(32)}` as Hex;
    assert.deepEqual(hashPair(a, b), hashPair(b, a));
    assert.equal(hashPair(b, a).left, a);
  });
});
