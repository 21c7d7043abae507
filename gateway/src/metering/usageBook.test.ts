import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";

import { nextRun } from "../testing/paidRuns.ts";
import { NonceNotNextError, UsageBook } from "./usageBook.ts";

const PAYER = "0x1111111111111111111111111111111111111111";
const RUNNER = "0x2222222222222222222222222222222222222222";
const TOKEN = "0x3333333333333333333333333333333333333333";
const run = (book: UsageBook, units: bigint, period = 5n) =>
  nextRun(book, { payer: PAYER, runner: RUNNER, token: TOKEN, units, period });

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
    book.commit(run(book, 1n));
    book.commit(run(book, 2n)); // One free unit left, so one paid.
    book.commit(run(book, 1n, 6n)); // A new period: free again.
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
    assert.deepEqual(runs[1]!.input, { nonce: "2" }, "what it ran on is kept, for a replay");
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
    const first = run(book, 3n);
    book.commit(first);
    assert.throws(() => book.commit(first), NonceNotNextError);
    const skipped = run(book, 1n);
    assert.throws(
      () => book.commit({ ...skipped, record: { ...skipped.record, nonce: skipped.record.nonce + 1n } }),
      NonceNotNextError,
    );
    assert.equal(book.nextNonce(PAYER), 2n);
    assert.equal(book.usedThisPeriod(PAYER, 7n, 5n), 3n);
    assert.deepEqual(book.owed(PAYER, 7n, TOKEN), { units: 1n, amount: 10n ** 18n, hostingFee: 10n ** 17n });
  });
});
