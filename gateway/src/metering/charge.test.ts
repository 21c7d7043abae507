import assert from "node:assert/strict";
import { describe, test } from "node:test";

import fc from "fast-check";

import { chargeOf } from "./charge.ts";

const terms = { pricePerUnit: 1_000n, freeUnitsPerPeriod: 10n };

describe("chargeOf", () => {
  test("the free tier covers the period's first units; the rest are paid, with the runner's fee", () => {
    assert.deepEqual(chargeOf(5n, 0n, terms, 1_000n), {
      units: 5n,
      freeUnits: 5n,
      paidUnits: 0n,
      amount: 0n,
      hostingFee: 0n,
    });
    assert.deepEqual(chargeOf(5n, 8n, terms, 1_000n), {
      units: 5n,
      freeUnits: 2n,
      paidUnits: 3n,
      amount: 3_000n,
      hostingFee: 300n,
    });
    assert.deepEqual(chargeOf(1n, 50n, terms, 333n).hostingFee, 33n);
  });

  test("a period's runs, one by one, charge exactly what they would in one go, and free never exceeds the tier", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 1_000n }), { minLength: 1, maxLength: 30 }),
        fc.bigInt({ min: 0n, max: 500n }),
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        (runs, freeUnitsPerPeriod, pricePerUnit) => {
          let used = 0n;
          let free = 0n;
          let amount = 0n;
          for (const units of runs) {
            const charge = chargeOf(units, used, { pricePerUnit, freeUnitsPerPeriod }, 0n);
            assert.equal(charge.freeUnits + charge.paidUnits, units);
            used += units;
            free += charge.freeUnits;
            amount += charge.amount;
          }
          const whole = chargeOf(used, 0n, { pricePerUnit, freeUnitsPerPeriod }, 0n);
          assert.equal(free, whole.freeUnits);
          assert.equal(amount, whole.amount);
          assert.ok(free <= freeUnitsPerPeriod);
        },
      ),
    );
  });

  test("no run is free of units, and a fee is 0 to 10000 bps", () => {
    assert.throws(() => chargeOf(0n, 0n, terms, 0n), RangeError);
    assert.throws(() => chargeOf(1n, 0n, terms, 10_001n), RangeError);
  });
});
