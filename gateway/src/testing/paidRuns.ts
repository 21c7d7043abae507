/** Runs committed to a usage book as the gateway commits them, for the gateway's tests. */
import { canonicalHash, type RecordOfRun } from "@coherence/protocol";
import type { Address } from "viem";

import { chargeOf, type Terms } from "../metering/charge.ts";
import type { CommittedRun, UsageBook } from "../metering/usageBook.ts";

export const TEST_TERMS: Terms = { pricePerUnit: 10n ** 18n, freeUnitsPerPeriod: 2n };
export const TEST_HOSTING_FEE_BPS = 1_000n;

export type RunOf = {
  readonly payer: Address;
  readonly runner: Address;
  readonly token: Address;
  readonly units: bigint;
  readonly period?: bigint;
  readonly assetId?: bigint;
};

/** The payer's next run, charged against the book's free tier as the gateway charges it (not committed). */
export function nextRun(book: UsageBook, run: RunOf): CommittedRun {
  const { payer, runner, token, units, period = 5n, assetId = 7n } = run;
  const charge = chargeOf(units, book.usedThisPeriod(payer, assetId, period), TEST_TERMS, TEST_HOSTING_FEE_BPS);
  const nonce = book.nextNonce(payer);
  const input = { nonce: String(nonce) };
  const record: RecordOfRun = {
    assetId,
    bundleHash: `0x${"ab".repeat(32)}`,
    inputHash: canonicalHash(input),
    outputHash: `0x${"02".repeat(32)}`,
    runner,
    payer,
    units,
    price: charge.amount,
    nonce,
    time: 1_800_000_000n + nonce,
  };
  return {
    record,
    input: { nonce: String(nonce) },
    output: null,
    signature: `0x${"cd".repeat(65)}`,
    token,
    period,
    charge,
  };
}
