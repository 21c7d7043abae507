import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { InvalidArgumentError } from "./errors.ts";
import { bytesToHex, hexToBytes } from "./hex.ts";

describe("hex", () => {
  test("round-trips any bytes, reading either case", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const hex = bytesToHex(bytes);
        assert.deepEqual(hexToBytes(hex), bytes);
        assert.deepEqual(hexToBytes(hex.toUpperCase().replace("0X", "0x")), bytes);
      }),
      { numRuns: 100 },
    );
    assert.equal(bytesToHex(new Uint8Array([0, 1, 2, 255]), 1, 2), "0x0102");
  });

  test("rejects odd lengths, missing prefix and non-hex digits", () => {
    for (const bad of ["0x1", "12", "0xzz", "", "0x12 "])
      assert.throws(() => hexToBytes(bad), InvalidArgumentError, bad);
  });
});
