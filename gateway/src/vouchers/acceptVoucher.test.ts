import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { signMetering, type Voucher } from "@coherence/protocol";
import { privateKeyToAccount } from "viem/accounts";

import { UsageBook } from "../metering/usageBook.ts";
import { nextRun } from "../testing/paidRuns.ts";
import { acceptVoucher, VoucherRefusedError } from "./acceptVoucher.ts";

const escrow = { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;
const payer = privateKeyToAccount(`0x${"11".repeat(32)}`);
const runner = privateKeyToAccount(`0x${"22".repeat(32)}`);
const stranger = privateKeyToAccount(`0x${"33".repeat(32)}`);
const TOKEN = "0x3333333333333333333333333333333333333333";
const gateway = { escrow, runner: runner.address };

/** A book where the payer ran 1, 2 and 3 units on asset 7 (two free units per period, then paid). */
function bookWithRuns(): UsageBook {
  const book = UsageBook.open(":memory:");
  for (const units of [1n, 2n, 3n]) {
    book.commit(nextRun(book, { payer: payer.address, runner: runner.address, token: TOKEN, units }));
  }
  return book;
}

const BASE: Voucher = {
  payer: payer.address,
  runner: runner.address,
  assetId: 7n,
  token: TOKEN,
  units: 4n,
  amount: 4n * 10n ** 18n,
  hostingFee: 4n * 10n ** 17n,
  period: 5n,
  nonce: 3n,
};

const signed = async (voucher: Voucher, by = payer) =>
  [voucher, await signMetering(by, escrow, { kind: "voucher", value: voucher })] as const;

async function refusal(book: UsageBook, voucher: Voucher, by = payer): Promise<string> {
  try {
    await acceptVoucher(book, gateway, ...(await signed(voucher, by)));
  } catch (error) {
    assert.ok(error instanceof VoucherRefusedError, String(error));
    return error.code;
  }
  assert.fail("the voucher was taken");
}

describe("acceptVoucher", () => {
  test("takes the payer's voucher of exactly what the channel owed after a run, and a later one after it", async () => {
    const book = bookWithRuns();
    // After run 2 (1 + 2 units, 2 of them free) one unit was paid.
    await acceptVoucher(
      book,
      gateway,
      ...(await signed({ ...BASE, units: 1n, amount: 10n ** 18n, hostingFee: 10n ** 17n, nonce: 2n })),
    );
    assert.equal(book.latestVoucher(payer.address, 7n, TOKEN)?.voucher.nonce, 2n);
    await acceptVoucher(book, gateway, ...(await signed(BASE)));
    const latest = book.latestVoucher(payer.address, 7n, TOKEN);
    assert.deepEqual(latest?.voucher, BASE);
  });

  test("refuses, by code and keeping the latest, a voucher signed by another, for another runner, of an unknown run, with other totals, or not later", async () => {
    const book = bookWithRuns();
    await acceptVoucher(book, gateway, ...(await signed(BASE)));
    assert.equal(await refusal(book, { ...BASE, nonce: 4n }, stranger), "bad-signature");
    assert.equal(await refusal(book, { ...BASE, runner: stranger.address }), "other-runner");
    assert.equal(await refusal(book, { ...BASE, nonce: 9n }), "unknown-nonce");
    for (const change of [
      { units: 3n },
      { amount: BASE.amount - 1n },
      { hostingFee: BASE.hostingFee + 1n },
      { period: 6n },
    ]) {
      assert.equal(await refusal(book, { ...BASE, ...change }), "wrong-totals", JSON.stringify(Object.keys(change)));
    }
    assert.equal(await refusal(book, BASE), "stale");
    assert.equal(
      await refusal(book, { ...BASE, units: 1n, amount: 10n ** 18n, hostingFee: 10n ** 17n, nonce: 2n }),
      "stale",
    );
    assert.deepEqual(book.latestVoucher(payer.address, 7n, TOKEN)?.voucher, BASE);
  });
});
