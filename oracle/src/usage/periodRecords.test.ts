import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  type Hex,
  RECORD_LEAF_ENCODING,
  type RecordOfRun,
  recordLeafValues,
  verifyRecordProof,
} from "@coherence/protocol";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

import { periodRecords, type RecordedRun, RUN_RECORDS_FORMAT } from "./periodRecords.ts";

const RUNNER = "0x2222222222222222222222222222222222222222";

function run(payer: `0x${string}`, nonce: bigint, period = 9n): RecordedRun {
  const record: RecordOfRun = {
    assetId: 7n,
    bundleHash: `0x${"ab".repeat(32)}`,
    inputHash: `0x${nonce.toString(16).padStart(64, "0")}`,
    outputHash: `0x${"02".repeat(32)}`,
    runner: RUNNER,
    payer,
    units: 1n,
    price: 10n ** 18n,
    nonce,
    time: 1_800_000_000n + nonce,
  };
  return {
    record,
    input: { n: String(nonce) },
    output: { ok: true },
    signature: `0x${"cd".repeat(65)}`,
    period,
  };
}

const runs = [
  ...[1n, 2n, 3n].map((n) => run("0x1111111111111111111111111111111111111111", n)),
  ...[1n, 2n].map((n) => run("0x4444444444444444444444444444444444444444", n)),
];

describe("periodRecords", () => {
  test("its root is OpenZeppelin's StandardMerkleTree root, and each record's proof in the file verifies", () => {
    const anchored = periodRecords(RUNNER, 9n, runs);
    const reference = StandardMerkleTree.of(
      runs.map((r) => [...recordLeafValues(r.record)]),
      [...RECORD_LEAF_ENCODING],
    );
    assert.equal(anchored.root, reference.root);
    assert.equal(anchored.count, 5);
    const file = JSON.parse(anchored.file) as { format: string; records: { proof: Hex[] }[] };
    assert.equal(file.format, RUN_RECORDS_FORMAT);
    for (const [i, { proof }] of file.records.entries()) {
      assert.ok(verifyRecordProof(runs[i]!.record, proof, anchored.root), `record ${i}`);
      assert.ok(!verifyRecordProof({ ...runs[i]!.record, units: 2n }, proof, anchored.root), `altered record ${i}`);
    }
  });

  test("the same runs give the same bytes", () => {
    assert.equal(
      periodRecords(RUNNER, 9n, runs).file,
      periodRecords(
        RUNNER,
        9n,
        runs.map((r) => ({ ...r })),
      ).file,
    );
  });

  test("no runs, another period's run or another runner's is refused", () => {
    assert.throws(() => periodRecords(RUNNER, 9n, []), /has no runs/);
    assert.throws(() => periodRecords(RUNNER, 9n, [...runs, run(runs[0]!.record.payer, 4n, 10n)]), /not of period 9/);
    assert.throws(
      () => periodRecords("0x5555555555555555555555555555555555555555", 9n, runs),
      /not of period 9 by 0x5555/,
    );
  });
});
