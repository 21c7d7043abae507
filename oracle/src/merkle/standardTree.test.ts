import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidArgumentError, UnsupportedFormatError } from "@coherence/protocol";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import fc from "fast-check";
import { StandardTree } from "./standardTree.ts";
import type { StandardTreeDump } from "./standardTreeDump.ts";

const hex = (bytes: Uint8Array): `0x${string}` => `0x${Buffer.from(bytes).toString("hex")}`;
const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map(hex);
const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(hex);
const PAYOUT = ["address", "address", "uint256"];
const SCORES = ["bytes32", "uint16", "bytes32"];

/** Distinct payout leaves: few accounts and tokens so structure repeats, amounts up to 2^256 - 1. */
const payoutLeaves = fc.uniqueArray(
  fc.tuple(
    fc.constantFrom(...[`0x${"aa".repeat(20)}`, `0x${"0b".repeat(20)}`]).chain(() => address),
    address,
    fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
  ),
  { minLength: 1, maxLength: 70, selector: ([a, t, v]) => `${a}${t}${v}` },
);

/** JSON-safe copy of an OpenZeppelin dump (its values keep bigints). */
const plain = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));

describe("StandardTree", () => {
  test("root, every proof and the dump equal @openzeppelin/merkle-tree's for random payout leaves", () => {
    fc.assert(
      fc.property(payoutLeaves, (leaves) => {
        const ours = StandardTree.of(leaves, PAYOUT);
        const oz = StandardMerkleTree.of(leaves, PAYOUT);
        assert.equal(ours.root, oz.root);
        for (let i = 0; i < leaves.length; i++) {
          assert.deepEqual(ours.getProof(i), oz.getProof(i));
          assert.ok(ours.verify(i, ours.getProofBytes(i)));
          assert.ok(StandardMerkleTree.verify(oz.root, PAYOUT, leaves[i]!, ours.getProof(i)));
        }
        assert.deepEqual(ours.dump(), plain(oz.dump()));
      }),
      { numRuns: 150 },
    );
  });

  test("the generic variant matches OpenZeppelin for the scores leaf (bytes32, uint16, bytes32)", () => {
    const scores = fc.uniqueArray(fc.tuple(bytes32, fc.integer({ min: 0, max: 10000 }), bytes32), {
      minLength: 1,
      maxLength: 40,
      selector: ([id]) => id,
    });
    fc.assert(
      fc.property(scores, (values) => {
        const ours = StandardTree.of(values, SCORES);
        const oz = StandardMerkleTree.of(values, SCORES);
        assert.equal(ours.root, oz.root);
        values.forEach((_, i) => {
          assert.deepEqual(ours.getProof(i), oz.getProof(i));
        });
      }),
      { numRuns: 100 },
    );
  });

  test("a single leaf is its own root with an empty proof; two leaves prove each other", () => {
    const one = StandardTree.of([[`0x${"01".repeat(20)}`, `0x${"02".repeat(20)}`, 5n]], PAYOUT);
    assert.deepEqual(one.getProof(0), []);
    assert.equal(one.root, StandardMerkleTree.of([[`0x${"01".repeat(20)}`, `0x${"02".repeat(20)}`, 5n]], PAYOUT).root);
    const two = StandardTree.of(
      [
        [`0x${"01".repeat(20)}`, `0x${"02".repeat(20)}`, 5n],
        [`0x${"03".repeat(20)}`, `0x${"02".repeat(20)}`, 6n],
      ],
      PAYOUT,
    );
    assert.equal(two.getProof(0).length, 1);
    assert.equal(two.getProof(0)[0], two.dump().tree[two.treeIndexOf(1)]);
  });

  test("streams every proof exactly once, in tree or value order, each equal to getProof", () => {
    fc.assert(
      fc.property(payoutLeaves, (leaves) => {
        const tree = StandardTree.of(leaves, PAYOUT);
        let next = 0;
        for (const { index, proof } of tree.proofs({ order: "value" })) {
          assert.equal(index, next++);
          assert.deepEqual(proof, tree.getProofBytes(index));
        }
        assert.equal(next, leaves.length);
        const seen = new Set<number>();
        let lastTreeIndex = Infinity;
        for (const { index, proof } of tree.proofs()) {
          assert.ok(tree.treeIndexOf(index) < lastTreeIndex, "tree order walks the leaves from the tail");
          lastTreeIndex = tree.treeIndexOf(index);
          seen.add(index);
          assert.deepEqual(proof, tree.getProofBytes(index));
        }
        assert.equal(seen.size, leaves.length);
      }),
      { numRuns: 50 },
    );
  });

  test("rejects duplicate leaves with the indices of both (OpenZeppelin would accept them)", () => {
    const leaf = [`0x${"01".repeat(20)}`, `0x${"02".repeat(20)}`, 5n] as const;
    const other = [`0x${"01".repeat(20)}`, `0x${"02".repeat(20)}`, 6n] as const;
    assert.throws(
      () => StandardTree.of([leaf, other, leaf], PAYOUT),
      (e: unknown) => e instanceof InvalidArgumentError && /Duplicate leaf: values at indices 0 and 2/.test(e.message),
    );
  });

  test("rejects an empty tree and bad values with the leaf index", () => {
    assert.throws(() => StandardTree.of([], PAYOUT), /non-zero number of leaves/);
    assert.throws(
      () => StandardTree.of([[`0x${"01".repeat(20)}`, "0x12", 5n]], PAYOUT),
      /Invalid leaf at index 0: Invalid address at leaf position 1/,
    );
  });

  test("loads its own dumps and OpenZeppelin's, and OpenZeppelin loads its dumps", () => {
    fc.assert(
      fc.property(payoutLeaves, (leaves) => {
        const dump = StandardTree.of(leaves, PAYOUT).dump();
        const reloaded = StandardTree.load(JSON.parse(JSON.stringify(dump)) as StandardTreeDump);
        assert.deepEqual(reloaded.dump(), dump);
        assert.equal(StandardMerkleTree.load(dump).root, reloaded.root);
        const fromOz = StandardTree.load(plain(StandardMerkleTree.of(leaves, PAYOUT).dump()) as StandardTreeDump);
        assert.equal(fromOz.root, reloaded.root);
      }),
      { numRuns: 50 },
    );
  });

  test("a standard-v1 dump written by @openzeppelin/merkle-tree 1.0.8 still loads", () => {
    // Frozen fixture (OpenZeppelin's own output): if this fails, old dumps stopped loading.
    const dump: StandardTreeDump = {
      format: "standard-v1",
      leafEncoding: ["address", "address", "uint256"],
      tree: [
        "0xe38f17b715119bb74edf74e13140dd9d15709073f4ed4d97742ff42e2f8fe3d0",
        "0x753cc70d7b5b020cac8fe872a1cc39215c0c051faf091d1f03992cf7edb576bd",
        "0x7f05c3c2a6d7f654891a7caae2ed9d71973029a71028926b5ee89eeaa53a8831",
        "0x64298098d00e984af90ae0a3f9a67d4e1e37c50654a0eb172092c9b984b1e07c",
        "0x4d614554931f29fbae9503c273315ff3ab3e50a8509945020e06ba0630e72b4d",
      ],
      values: [
        {
          value: ["0x1111111111111111111111111111111111111111", "0x2222222222222222222222222222222222222222", "1000"],
          treeIndex: 4,
        },
        {
          value: ["0x3333333333333333333333333333333333333333", "0x2222222222222222222222222222222222222222", "2000"],
          treeIndex: 3,
        },
        {
          value: ["0x1111111111111111111111111111111111111111", "0x4444444444444444444444444444444444444444", "3"],
          treeIndex: 2,
        },
      ],
    };
    const tree = StandardTree.load(dump);
    assert.equal(tree.root, dump.tree[0]);
    assert.deepEqual(tree.getProof(0), [dump.tree[3], dump.tree[2]]);
  });

  test("load rejects unknown formats, tampered nodes, wrong values and repeated indices", () => {
    const dump = StandardTree.of(
      [
        [`0x${"01".repeat(20)}`, `0x${"02".repeat(20)}`, 5n],
        [`0x${"03".repeat(20)}`, `0x${"02".repeat(20)}`, 6n],
        [`0x${"04".repeat(20)}`, `0x${"02".repeat(20)}`, 7n],
      ],
      PAYOUT,
    ).dump();
    const copy = (): StandardTreeDump => JSON.parse(JSON.stringify(dump)) as StandardTreeDump;
    assert.throws(
      () => StandardTree.load({ ...copy(), format: "standard-v2" as "standard-v1" }),
      UnsupportedFormatError,
    );
    const tampered = copy();
    tampered.tree[1] = `0x${"00".repeat(32)}`;
    assert.throws(() => StandardTree.load(tampered), /node 1 is not the hash of its children/);
    const wrongValue = copy();
    wrongValue.values[0]!.value[2] = "8";
    assert.throws(() => StandardTree.load(wrongValue), /value 0 does not hash to its leaf/);
    const repeated = copy();
    repeated.values[1]!.treeIndex = repeated.values[0]!.treeIndex;
    assert.throws(() => StandardTree.load(repeated), /invalid or repeated treeIndex/);
  });

  test("static verify rejects a proof for another root", () => {
    const leaves = [
      [`0x${"01".repeat(20)}`, `0x${"02".repeat(20)}`, 5n],
      [`0x${"03".repeat(20)}`, `0x${"02".repeat(20)}`, 6n],
    ] as const;
    const tree = StandardTree.of(leaves, PAYOUT);
    assert.ok(StandardTree.verify(tree.root, PAYOUT, leaves[0], tree.getProof(0)));
    assert.ok(!StandardTree.verify(tree.root, PAYOUT, [leaves[0][0], leaves[0][1], 4n], tree.getProof(0)));
  });
});
