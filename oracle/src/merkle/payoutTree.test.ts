import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidArgumentError, PAYOUT_LEAF_ENCODING } from "@coherence/protocol";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { makePayoutTree } from "./payoutTree.ts";

const A = `0x${"a1".repeat(20)}`;
const B = `0x${"b2".repeat(20)}`;
const T = `0x${"c3".repeat(20)}`;

describe("makePayoutTree", () => {
  test("builds the OpenZeppelin-compatible cumulative tree", () => {
    const leaves = [
      [A, T, 10n],
      [B, T, 20n],
    ] as const;
    const tree = makePayoutTree(leaves);
    assert.equal(
      tree.root,
      StandardMerkleTree.of(
        leaves.map((l) => [...l]),
        [...PAYOUT_LEAF_ENCODING],
      ).root,
    );
  });

  test("rejects two leaves for one (account, token), whatever the amounts or address case", () => {
    assert.throws(
      () =>
        makePayoutTree([
          [A, T, 10n],
          [B, T, 1n],
          [A.toUpperCase().replace("0X", "0x"), T, 11n],
        ]),
      (e: unknown) => e instanceof InvalidArgumentError && /leaves 0 and 2/.test(e.message),
    );
  });
});
