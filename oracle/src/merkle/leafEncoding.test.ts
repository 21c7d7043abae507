import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidArgumentError } from "@coherence/protocol";
import fc from "fast-check";
import { type AbiParameter, encodeAbiParameters } from "viem";
import { compileLeafEncoder, type LeafValue } from "./leafEncoding.ts";

const hex = (bytes: Uint8Array): `0x${string}` => `0x${Buffer.from(bytes).toString("hex")}`;

/** A random static ABI type together with a value of it, as viem and the leaf encoder take them. */
const typedValue: fc.Arbitrary<{ type: string; value: LeafValue; viemValue: unknown }> = fc.oneof(
  fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => ({ type: "address", value: hex(b), viemValue: hex(b) })),
  fc.boolean().map((b) => ({ type: "bool", value: b, viemValue: b })),
  fc
    .integer({ min: 1, max: 32 })
    .chain((n) =>
      fc
        .bigInt({ min: 0n, max: (1n << BigInt(8 * n)) - 1n })
        .map((v) => ({ type: `uint${8 * n}`, value: v, viemValue: v })),
    ),
  fc
    .integer({ min: 1, max: 32 })
    .chain((n) =>
      fc
        .bigInt({ min: -(1n << BigInt(8 * n - 1)), max: (1n << BigInt(8 * n - 1)) - 1n })
        .map((v) => ({ type: `int${8 * n}`, value: v, viemValue: v })),
    ),
  fc
    .integer({ min: 1, max: 32 })
    .chain((n) =>
      fc
        .uint8Array({ minLength: n, maxLength: n })
        .map((b) => ({ type: `bytes${n}`, value: hex(b), viemValue: hex(b) })),
    ),
);

describe("compileLeafEncoder", () => {
  test("encodes any list of static types exactly as viem's encodeAbiParameters", () => {
    fc.assert(
      fc.property(fc.array(typedValue, { minLength: 1, maxLength: 6 }), (items) => {
        const encoder = compileLeafEncoder(items.map((i) => i.type));
        const out = encoder.encode(
          items.map((i) => i.value),
          new Uint8Array(encoder.size).fill(0xee),
        );
        const params: AbiParameter[] = items.map((i) => ({ type: i.type }));
        assert.equal(
          hex(out),
          encodeAbiParameters(
            params,
            items.map((i) => i.viemValue),
          ),
        );
      }),
      { numRuns: 200 },
    );
  });

  test("takes integers as bigint, safe number, decimal or hex string alike", () => {
    const encoder = compileLeafEncoder(["uint256"]);
    const expected = hex(encoder.encode([1000n], new Uint8Array(32)));
    for (const v of [1000, "1000", "0x3e8"]) assert.equal(hex(encoder.encode([v], new Uint8Array(32))), expected);
  });

  test("rejects bad values naming their position", () => {
    const encoder = compileLeafEncoder(["address", "address", "uint256"]);
    const buf = new Uint8Array(96);
    const ok = `0x${"11".repeat(20)}`;
    assert.throws(
      () => encoder.encode([ok, "0x1234", 1n], buf),
      (e: unknown) => e instanceof InvalidArgumentError && /address at leaf position 1/.test(e.message),
    );
    assert.throws(() => encoder.encode([ok, `0x${"zz".repeat(20)}`, 1n], buf), InvalidArgumentError);
    // Characters past ASCII whose low 7 bits are a hex digit ("\u00b0" is 0x30 + 0x80, "\u0161" is "a" + 0x100).
    for (const odd of ["\u00b0", "\u0161", "g", "G", "/", ":", "@", "`"]) {
      assert.throws(() => encoder.encode([ok, `0x${"1".repeat(39)}${odd}`, 1n], buf), /address at leaf position 1/);
    }
    assert.throws(() => encoder.encode([ok, ok, -1n], buf), /out of range for uint256 at leaf position 2/);
    assert.throws(() => encoder.encode([ok, ok, 1n << 256n], buf), /out of range/);
    assert.throws(() => encoder.encode([ok, ok, 1.5], buf), /Invalid uint256/);
    assert.throws(() => encoder.encode([ok, ok], buf), /has 2 values/);
    assert.throws(() => compileLeafEncoder(["bool"]).encode([1], new Uint8Array(32)), /Invalid bool/);
  });

  test("encodes at an offset exactly what it encodes at 0, touching nothing else", () => {
    const encoder = compileLeafEncoder(["address", "address", "uint256"]);
    const leaf = [`0x${"aB".repeat(20)}`, `0x${"0f".repeat(20)}`, (1n << 200n) + 7n] as const;
    const expected = encoder.encode(leaf, new Uint8Array(96));
    const big = new Uint8Array(96 * 3).fill(0xee);
    encoder.encode(leaf, big, 96);
    assert.deepEqual(big.subarray(96, 192), expected);
    assert.deepEqual(big.subarray(0, 96), new Uint8Array(96).fill(0xee));
    assert.deepEqual(big.subarray(192), new Uint8Array(96).fill(0xee));
    assert.throws(() => encoder.encode(leaf, big, 193), /has 288 bytes but .* needs 96 from byte 193/);
  });

  test("rejects a buffer shorter than the leaf, naming both sizes, and writes nothing", () => {
    const encoder = compileLeafEncoder(["address", "address", "uint256"]);
    const backing = new Uint8Array(128).fill(0xee);
    // A view onto a larger buffer: writing 96 bytes into its 95 would overwrite the byte after it.
    const short = backing.subarray(0, 95);
    assert.throws(
      () => encoder.encode([`0x${"11".repeat(20)}`, `0x${"22".repeat(20)}`, 1n], short),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.shortMessage === "Leaf buffer has 95 bytes but the encoding [address, address, uint256] needs 96.",
    );
    assert.deepEqual(backing, new Uint8Array(128).fill(0xee));
    assert.throws(() => encoder.encode([1n, 1n, 1n], new Uint8Array(0)), /has 0 bytes but .* needs 96/);
  });

  test("rejects dynamic and malformed types", () => {
    for (const type of ["string", "bytes", "uint256[]", "uint7", "uint264", "bytes33", "uint08", "tuple"]) {
      assert.throws(() => compileLeafEncoder([type]), InvalidArgumentError, type);
    }
    assert.throws(() => compileLeafEncoder([]), InvalidArgumentError);
  });
});
