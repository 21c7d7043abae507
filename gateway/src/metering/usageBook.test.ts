import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";

import type { RecordOfRun } from "@coherence/protocol";

import { chargeOf } from "./charge.ts";
import { type CommittedRun, NonceNotNextError, UsageBook } from "./usageBook.ts";

const PAYER = "0x1111111111111111111111111111111111111111";
const RUNNER = "0x2222222222222222222222222222222222222222";
const TOKEN = "0x3333333333333333333333333333333333333333";
const terms = { pricePerUnit: 10n ** 18n, freeUnitsPerPeriod: 2n };

/** The payer's next run of `units` on asset 7 in `period`, charged as the gateway charges it. */
function nextRun(book: UsageBook, units: bigint, period = 5n): CommittedRun {
  const charge = chargeOf(units, book.usedThisPeriod(PAYER, 7n, period), terms, 1_000n);
  const record: RecordOfRun = {
    assetId: 7n,
    bundleHash: `0x${"ab".repeat(32)}`,
    inputHash: `0x${"01".repeat(32)}`,
    outputHash: `0x${"02".repeat(32)}`,
    runner: RUNNER,
    payer: PAYER,
    units,
    price: charge.amount,
    nonce: book.nextNonce(PAYER),
    time: 1_800_000_000n,
  };
  return { record, signature: `0x${"cd".repeat(65)}`, token: TOKEN, period, charge };
}

async function withBook(t: { after(fn: () => unknown): void }) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ccn-usage-"));
  const file = path.join(dir, "usage.sqlite");
  t.after(() => rm(dir, { recursive: true, force: true }));
  return file;
}

describe("UsageBook", () => {
  test("counts the free tier per period, owes the rest to the channel, and survives a reopen", async (t) => {
    const file = await withBook(t);
    const book = UsageBook.open(file);
    book.commit(nextRun(book, 1n));
    book.commit(nextRun(book, 2n)); // One free unit left, so one paid.
    book.commit(nextRun(book, 1n, 6n)); // A new period: free again.
    book.close();

    const reopened = UsageBook.open(file);
    t.after(() => reopened.close());
    assert.equal(reopened.nextNonce(PAYER), 4n);
    assert.equal(reopened.usedThisPeriod(PAYER, 7n, 5n), 3n);
    assert.deepEqual(reopened.owed(PAYER, 7n, TOKEN), { units: 1n, amount: 10n ** 18n, hostingFee: 10n ** 17n });
    const runs = reopened.runsOf(5n);
    assert.deepEqual(
      runs.map((run) => run.record.nonce),
      [1n, 2n],
    );
    assert.deepEqual(runs[1]!.charge, {
      units: 2n,
      freeUnits: 1n,
      paidUnits: 1n,
      amount: 10n ** 18n,
      hostingFee: 10n ** 17n,
    });
  });

  test("a nonce used already, or skipped, is refused and writes nothing", async (t) => {
    const book = UsageBook.open(await withBook(t));
    t.after(() => book.close());
    const first = nextRun(book, 3n);
    book.commit(first);
    assert.throws(() => book.commit(first), NonceNotNextError);
    const skipped = nextRun(book, 1n);
    assert.throws(
      () => book.commit({ ...skipped, record: { ...skipped.record, nonce: skipped.record.nonce + 1n } }),
      NonceNotNextError,
    );
    assert.equal(book.nextNonce(PAYER), 2n);
    assert.equal(book.usedThisPeriod(PAYER, 7n, 5n), 3n);
    assert.deepEqual(book.owed(PAYER, 7n, TOKEN), { units: 1n, amount: 10n ** 18n, hostingFee: 10n ** 17n });
  });
});
