import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TypedDataEncoder } from "ethers";
import { type Hex, keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { meteringDigest, signerOf, signMetering, verifyMetering } from "./signatures.ts";
import {
  METERING_DOMAIN,
  RECORD_OF_RUN_TYPES,
  type RecordOfRun,
  SESSION_TYPES,
  type Session,
  VOUCHER_TYPES,
  type Voucher,
  voucherTypedData,
} from "./typedData.ts";

const payer = privateKeyToAccount(`0x${"11".repeat(32)}`);
const runner = privateKeyToAccount(`0x${"22".repeat(32)}`);
const escrow = { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;
const token = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

export const VOUCHER: Voucher = {
  payer: payer.address,
  runner: runner.address,
  assetId: 3n,
  token,
  units: 1_250n,
  amount: 1_000_000n,
  hostingFee: 100_000n,
  period: 490_000n,
  nonce: 7n,
};

export const RECORD: RecordOfRun = {
  assetId: 3n,
  bundleHash: keccak256(toHex("bundle")),
  inputHash: keccak256(toHex("input")),
  outputHash: keccak256(toHex("output")),
  runner: runner.address,
  payer: payer.address,
  units: 1n,
  price: 1_000n,
  nonce: 42n,
  time: 1_764_000_000n,
};

const SESSION: Session = { payer: payer.address, runner: runner.address, expiry: 1_764_003_600n, nonce: 1n };

const domain = { ...METERING_DOMAIN, chainId: escrow.chainId, verifyingContract: escrow.address };
const clone = <T>(types: T) => structuredClone(types) as unknown as Record<string, { name: string; type: string }[]>;

describe("metering typed data", () => {
  test("hashes each statement as ethers' independent encoder does", () => {
    const cases = [
      [{ kind: "voucher", value: VOUCHER }, VOUCHER_TYPES],
      [{ kind: "recordOfRun", value: RECORD }, RECORD_OF_RUN_TYPES],
      [{ kind: "session", value: SESSION }, SESSION_TYPES],
    ] as const;
    for (const [statement, types] of cases) {
      assert.equal(
        meteringDigest(escrow, statement),
        TypedDataEncoder.hash(domain, clone(types), statement.value),
        statement.kind,
      );
    }
  });

  test("has the voucher type string the escrow hashes", () => {
    assert.equal(
      TypedDataEncoder.from(clone(VOUCHER_TYPES)).encodeType("Voucher"),
      "Voucher(address payer,address runner,uint256 assetId,address token,uint256 units,uint256 amount," +
        "uint256 hostingFee,uint64 period,uint64 nonce)",
    );
  });

  test("a statement verifies as its signer's and as nobody else's", async () => {
    const voucherSignature = await signMetering(payer, escrow, { kind: "voucher", value: VOUCHER });
    assert.equal(await verifyMetering(escrow, { kind: "voucher", value: VOUCHER }, voucherSignature), true);
    const inflated = { ...VOUCHER, amount: VOUCHER.amount + 1n };
    assert.equal(await verifyMetering(escrow, { kind: "voucher", value: inflated }, voucherSignature), false);
    const elsewhere = { ...escrow, chainId: 42161 };
    assert.equal(await verifyMetering(elsewhere, { kind: "voucher", value: VOUCHER }, voucherSignature), false);

    const record = { kind: "recordOfRun", value: RECORD } as const;
    assert.equal(signerOf(record), runner.address, "the runner signs records");
    assert.equal(await verifyMetering(escrow, record, await signMetering(runner, escrow, record)), true);
    assert.equal(await verifyMetering(escrow, record, await signMetering(payer, escrow, record)), false);

    const session = { kind: "session", value: SESSION } as const;
    assert.equal(await verifyMetering(escrow, session, await signMetering(payer, escrow, session)), true);
    assert.equal(await verifyMetering(escrow, session, "0x1234" as Hex), false, "malformed: false, not a throw");
  });

  test("a wallet signs the same typed data", async () => {
    const typed = voucherTypedData(escrow, VOUCHER);
    assert.deepEqual(typed.domain, {
      name: "Coherence Metering",
      version: "1",
      ...{ chainId: 31337 },
      verifyingContract: escrow.address,
    });
    assert.equal(
      await payer.signTypedData(typed),
      await signMetering(payer, escrow, { kind: "voucher", value: VOUCHER }),
    );
  });
});
