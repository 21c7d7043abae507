import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { type Hex, keccak256, toHex } from "viem";

import { RECORD_LEAF_ENCODING, recordLeafHash, recordLeafValues, verifyRecordProof } from "./recordLeaf.ts";
import type { RecordOfRun } from "./typedData.ts";

const record = (i: number): RecordOfRun => ({
  assetId: BigInt(1 + (i % 3)),
  bundleHash: keccak256(toHex("bundle")),
  inputHash: keccak256(toHex(`input ${i}`)),
  outputHash: keccak256(toHex(`output ${i}`)),
  runner: "0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec",
  payer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  units: BigInt(i + 1),
  price: 1_000n,
  nonce: BigInt(i),
  time: 1_764_000_000n + BigInt(i),
});

describe("a record of run's leaf", () => {
  test("is OpenZeppelin StandardMerkleTree's leaf of its ten fields", () => {
    const records = Array.from({ length: 9 }, (_, i) => record(i));
    const tree = StandardMerkleTree.of(
      records.map((r) => [...recordLeafValues(r)]),
      [...RECORD_LEAF_ENCODING],
    );
    for (const [i, values] of tree.entries()) {
      const r = records.find((candidate) => candidate.nonce === values[8])!;
      assert.equal(recordLeafHash(r), tree.leafHash(values), `leaf ${i}`);
      assert.equal(verifyRecordProof(r, tree.getProof(i) as Hex[], tree.root as Hex), true, `proof ${i}`);
    }
    const tampered = { ...records[4]!, outputHash: keccak256(toHex("another output")) };
    const index = [...tree.entries()].find(([, v]) => v[8] === 4n)![0];
    assert.equal(verifyRecordProof(tampered, tree.getProof(index) as Hex[], tree.root as Hex), false, "tampered");
  });

  test("a one-record tree's root is the leaf itself", () => {
    assert.equal(verifyRecordProof(record(0), [], recordLeafHash(record(0))), true);
  });
});
