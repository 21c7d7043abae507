import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { meteringDigest, type RecordOfRun, signMetering } from "@coherence/protocol";
import { privateKeyToAccount, toAccount } from "viem/accounts";

import { recordDigester, recordSigner } from "./recordSigner.ts";

const escrow = { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;
const runner = privateKeyToAccount(`0x${"22".repeat(32)}`);
const UINT64_MAX = 2n ** 64n - 1n;
const UINT256_MAX = 2n ** 256n - 1n;

const records: RecordOfRun[] = [
  {
    assetId: 1n,
    bundleHash: `0x${"ab".repeat(32)}`,
    inputHash: `0x${"01".repeat(32)}`,
    outputHash: `0x${"02".repeat(32)}`,
    runner: runner.address,
    payer: "0x1111111111111111111111111111111111111111",
    units: 1n,
    price: 0n,
    nonce: 1n,
    time: 1_800_000_000n,
  },
  {
    assetId: UINT256_MAX,
    bundleHash: `0x${"00".repeat(32)}`,
    inputHash: `0x${"ff".repeat(32)}`,
    outputHash: `0x${"7f".repeat(31)}80`,
    runner: runner.address,
    payer: "0x00000000000000000000000000000000000000aa",
    units: 0n,
    price: UINT256_MAX,
    nonce: UINT64_MAX,
    time: UINT64_MAX,
  },
];

describe("recordSigner", () => {
  test("its digest and signature are viem's typed-data ones, byte for byte, at the ranges' ends too", async () => {
    const sign = recordSigner(runner, escrow);
    const digest = recordDigester(escrow);
    for (const record of records) {
      const statement = { kind: "recordOfRun", value: record } as const;
      assert.equal(digest(record), meteringDigest(escrow, statement));
      assert.equal(await sign(record), await signMetering(runner, escrow, statement));
    }
  });

  test("an account that signs typed data only (no bare digests) signs the same bytes", async () => {
    const { address, signMessage, signTransaction, signTypedData } = runner;
    const typedOnly = toAccount({ address, signMessage, signTransaction, signTypedData });
    assert.equal(typedOnly.sign, undefined);
    assert.equal(await recordSigner(typedOnly, escrow)(records[0]!), await recordSigner(runner, escrow)(records[0]!));
  });

  test("another escrow's domain is another digest", () => {
    const other = { ...escrow, chainId: 1 };
    assert.notEqual(recordDigester(other)(records[0]!), recordDigester(escrow)(records[0]!));
    assert.equal(
      recordDigester(other)(records[0]!),
      meteringDigest(other, { kind: "recordOfRun", value: records[0]! }),
    );
  });

  test("a field out of its type's range or of the wrong width is a RangeError, not a wrapped value", () => {
    const digest = recordDigester(escrow);
    assert.throws(() => digest({ ...records[0]!, nonce: UINT64_MAX + 1n }), RangeError);
    assert.throws(() => digest({ ...records[0]!, price: -1n }), RangeError);
    assert.throws(() => digest({ ...records[0]!, bundleHash: "0xabcd" }), RangeError);
  });
});
