import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { canonicalHash, type RecordOfRun, signMetering } from "@coherence/protocol";
import { keccak256, stringToBytes } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { periodRecords } from "./periodRecords.ts";

import { type Anchor, BadRecordSignatureError, checkRecordsFile, RecordsHashMismatchError } from "./recordsFile.ts";

const runner = privateKeyToAccount(`0x${"22".repeat(32)}`);
const mallory = privateKeyToAccount(`0x${"33".repeat(32)}`);
const escrow = { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;
const payer = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

async function publishedFile(signer = runner) {
  const runs = await Promise.all(
    [1n, 2n, 3n].map(async (nonce) => {
      const input = { amount: String(nonce) };
      const output = { shares: [String(nonce)] };
      const record: RecordOfRun = {
        assetId: 1n,
        bundleHash: keccak256(stringToBytes("bundle")),
        inputHash: canonicalHash(input),
        outputHash: canonicalHash(output),
        runner: runner.address,
        payer,
        units: 1n,
        price: nonce === 3n ? 10n : 0n,
        nonce,
        time: 1_800_000_000n,
      };
      const signature = await signMetering(signer, escrow, { kind: "recordOfRun", value: record });
      const charge = { paidUnits: 0n, amount: record.price, hostingFee: 0n };
      return { record, input, output, signature, token: escrow.address, period: 4n, charge } as never;
    }),
  );
  const { root, count, file } = periodRecords(runner.address, 4n, runs);
  const bytes = stringToBytes(file);
  const anchor: Anchor = {
    runner: runner.address,
    period: 4n,
    root,
    count: BigInt(count),
    uri: `http://127.0.0.1:19431/v1/records/${keccak256(bytes)}.json`,
  };
  return { anchor, bytes, file };
}

describe("a records file checked against its anchor", () => {
  test("the gateway's file as anchored checks: every record signed and proven", async () => {
    const { anchor, bytes } = await publishedFile();
    const checked = await checkRecordsFile(anchor, escrow, bytes);
    assert.deepEqual(
      checked.records.map((r) => r.record.nonce),
      [1n, 2n, 3n],
    );
  });

  test("bytes that do not hash to the name, another root or count, are not what was anchored", async () => {
    const { anchor, bytes, file } = await publishedFile();
    const edited = stringToBytes(file.replace('"shares":["1"]', '"shares":["9"]'));
    await assert.rejects(checkRecordsFile(anchor, escrow, edited), RecordsHashMismatchError);
    await assert.rejects(checkRecordsFile({ ...anchor, count: 4n }, escrow, bytes), RecordsHashMismatchError);
    await assert.rejects(
      checkRecordsFile({ ...anchor, root: keccak256(bytes) }, escrow, bytes),
      RecordsHashMismatchError,
    );
    await assert.rejects(
      checkRecordsFile({ ...anchor, uri: "http://x/records.json" }, escrow, bytes),
      RecordsHashMismatchError,
    );
  });

  test("records signed by someone else than their runner are refused by name", async () => {
    const { anchor, bytes } = await publishedFile(mallory);
    await assert.rejects(checkRecordsFile(anchor, escrow, bytes), BadRecordSignatureError);
  });
});
