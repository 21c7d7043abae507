import assert from "node:assert/strict";
import { describe, test } from "node:test";

import type { RecordOfRun } from "@coherence/protocol";

import { type ListedComposable, listingDisagreement, recordPriceDisagreement } from "./termsCheck.ts";

const RUNNER = "0x2222222222222222222222222222222222222222";
const TOKEN = "0x3333333333333333333333333333333333333333";
const ON_CHAIN = { pricePerUnit: 1_000_000n, freeUnitsPerPeriod: 2n };
const listed: ListedComposable = {
  assetId: "7",
  token: TOKEN,
  runner: RUNNER,
  terms: { pricePerUnit: "1000000", freeUnitsPerPeriod: "2" },
  hostingFeeBps: "1000",
};
const record = (units: bigint, price: bigint): RecordOfRun => ({
  assetId: 7n,
  bundleHash: `0x${"ab".repeat(32)}`,
  inputHash: `0x${"01".repeat(32)}`,
  outputHash: `0x${"02".repeat(32)}`,
  runner: RUNNER,
  payer: "0x1111111111111111111111111111111111111111",
  units,
  price,
  nonce: 1n,
  time: 1_800_000_000n,
});

describe("the payer's terms checks", () => {
  test("a listing agrees when it states the chain's terms for this runner and token, in any address case", () => {
    assert.equal(listingDisagreement(listed, ON_CHAIN, { runner: RUNNER, token: TOKEN }), undefined);
    const upper = { ...listed, runner: RUNNER.toUpperCase().replace("0X", "0x") };
    assert.equal(listingDisagreement(upper, ON_CHAIN, { runner: RUNNER, token: TOKEN }), undefined);
  });

  test("a listing with another price, free tier, runner or token disagrees, saying which", () => {
    const expected = { runner: RUNNER, token: TOKEN } as const;
    const cheaper = { ...listed, terms: { ...listed.terms, pricePerUnit: "999999" } };
    assert.match(listingDisagreement(cheaper, ON_CHAIN, expected)!, /999999 a unit .* escrow says 1000000/);
    const lessFree = { ...listed, terms: { ...listed.terms, freeUnitsPerPeriod: "1" } };
    assert.match(listingDisagreement(lessFree, ON_CHAIN, expected)!, /after 1 free/);
    assert.match(listingDisagreement({ ...listed, runner: TOKEN }, ON_CHAIN, expected)!, /names runner/);
    assert.match(listingDisagreement({ ...listed, token: RUNNER }, ON_CHAIN, expected)!, /is paid in/);
  });

  test("a record's price is a whole number of its units at the price per unit, free units costing nothing", () => {
    for (const [units, price] of [
      [1n, 0n],
      [1n, 1_000_000n],
      [3n, 2_000_000n],
    ] as const) {
      assert.equal(recordPriceDisagreement(record(units, price), ON_CHAIN), undefined, `${units} ${price}`);
    }
    assert.equal(recordPriceDisagreement(record(1n, 0n), { pricePerUnit: 0n }), undefined);
  });

  test("a record charging more units than it ran, a fraction of a unit, or anything on free terms disagrees", () => {
    assert.match(recordPriceDisagreement(record(1n, 2_000_000n), ON_CHAIN)!, /charges 2000000 for 1 units/);
    assert.ok(recordPriceDisagreement(record(1n, 1_500_000n), ON_CHAIN));
    assert.ok(recordPriceDisagreement(record(1n, 1n), { pricePerUnit: 0n }));
  });
});
