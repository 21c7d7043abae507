import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidArgumentError, PAYOUT_LEAF_ENCODING } from "@coherence/protocol";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import fc from "fast-check";
import { makePayoutTree, type PayoutLeaf } from "./payoutTree.ts";

const A = `0x${"a1".repeat(20)}`;
const B = `0x${"b2".repeat(20)}`;
const T = `0x${"c3".repeat(20)}`;

/** An address in any mix of cases (the encoding is case-blind) from a few, so tokens and accounts repeat. */
const address = fc
  .tuple(
    fc.oneof(fc.constantFrom(A.slice(2), B.slice(2), T.slice(2)), fc.stringMatching(/^[0-9a-f]{40}$/)),
    fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
  )
  .map(([digits, upper]) => `0x${[...digits].map((d, i) => (upper[i] ? d.toUpperCase() : d)).join("")}`);

/** Payout leaves with distinct `(account, token)` (case-blind), amounts up to 2^256 - 1. */
const payoutLeaves = fc.uniqueArray(fc.tuple(address, address, fc.bigInt({ min: 0n, max: (1n << 256n) - 1n })), {
  minLength: 1,
  maxLength: 80,
  selector: ([account, token]) => `${account}${token}`.toLowerCase(),
});

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

  test("root and every proof, by index and streamed, equal OpenZeppelin's StandardMerkleTree for random leaves", () => {
    fc.assert(
      fc.property(payoutLeaves, (leaves) => {
        const tree = makePayoutTree(leaves as PayoutLeaf[]);
        const oz = StandardMerkleTree.of(leaves, [...PAYOUT_LEAF_ENCODING]);
        assert.equal(tree.root, oz.root, "root");
        for (let i = 0; i < leaves.length; i++) assert.deepEqual(tree.getProof(i), oz.getProof(i), `proof ${i}`);
        // Streamed proofs share one buffer that each step rewrites only in part: each must still be whole.
        for (const order of ["tree", "value"] as const) {
          let count = 0;
          for (const { index, proof } of tree.proofs({ order })) {
            const hex = Array.from(
              { length: proof.length / 32 },
              (_, k) => `0x${Buffer.from(proof.subarray(32 * k, 32 * k + 32)).toString("hex")}`,
            );
            assert.deepEqual(hex, oz.getProof(index), `${order}-order proof of ${index}`);
            count++;
          }
          assert.equal(count, leaves.length, `${order} order streams every proof`);
        }
      }),
      { numRuns: 150 },
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

  test("names a leaf repeated whole (same amount, the address in another case) as the (account, token) it repeats", () => {
    assert.throws(
      () =>
        makePayoutTree([
          [A, T, 0n],
          [A.toUpperCase().replace("0X", "0x"), T, 0n],
        ]),
      (e: unknown) => e instanceof InvalidArgumentError && /Payout leaves 0 and 1 are both for account/.test(e.message),
    );
  });

  test("names the first leaf whose (account, token) an earlier one has, and that earlier one, wherever they sit", () => {
    fc.assert(
      fc.property(
        payoutLeaves,
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.bigInt({ min: 0n, max: (1n << 256n) - 1n })), {
          minLength: 1,
          maxLength: 3,
        }),
        (unique, copies) => {
          const leaves: PayoutLeaf[] = [...(unique as PayoutLeaf[])];
          for (const [from, at, amount] of copies) {
            const [account, token] = leaves[from % leaves.length]!;
            leaves.splice(at % (leaves.length + 1), 0, [account.toUpperCase().replace("0X", "0x"), token, amount]);
          }
          const key = (i: number): string => `${leaves[i]![0]}${leaves[i]![1]}`.toLowerCase();
          const i = leaves.findIndex((_, q) => leaves.slice(0, q).some((_, p) => key(p) === key(q)));
          const j = leaves.findIndex((_, p) => key(p) === key(i));
          assert.throws(
            () => makePayoutTree(leaves),
            (e: unknown) => e instanceof InvalidArgumentError && e.message.includes(`leaves ${j} and ${i} are`),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
