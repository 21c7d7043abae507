import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { keccak_256 } from "@noble/hashes/sha3.js";
import fc from "fast-check";
import { MalformedFieldError } from "../errors.ts";
import type { JsonValue } from "../schema.ts";
import { canonicalHash, canonicalJson, isCanonicalText } from "./canonicalJson.ts";

/** JSON values without floats: what a manifest may hold. */
const { json } = fc.letrec<{ json: JsonValue }>((tie) => ({
  json: fc.oneof(
    { depthSize: "small" },
    fc.string({ unit: "binary" }),
    fc.maxSafeInteger(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("json"), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: "binary" }), tie("json"), { maxKeys: 4 }),
  ),
}));

describe("canonicalJson", () => {
  test("sorts keys, writes bigints as decimal strings, adds no whitespace", () => {
    assert.equal(canonicalJson({ b: 1n, a: [true, null, -3], é: "x\ny" }), '{"a":[true,null,-3],"b":"1","é":"x\\ny"}');
    assert.equal(canonicalJson({ B: 1, a: 2, _: 3 }), '{"B":1,"_":3,"a":2}');
  });

  test("is stable: parsing and re-serialising any value gives the same text", () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        assert.equal(canonicalJson(JSON.parse(text) as JsonValue), text);
      }),
      { numRuns: 200 },
    );
  });

  test("recognises canonical text, and only canonical text", () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        assert.ok(isCanonicalText(text, JSON.parse(text)));
        const spaced = JSON.stringify(JSON.parse(text), null, 1);
        if (spaced !== text) assert.ok(!isCanonicalText(spaced, JSON.parse(spaced)));
      }),
      { numRuns: 200 },
    );
    assert.ok(!isCanonicalText('{"b":1,"a":2}', { b: 1, a: 2 }));
    assert.ok(!isCanonicalText('"\\u0041"', "A"));
    assert.throws(
      () => isCanonicalText('{"a":[1.5]}', { a: [1.5] }),
      (e: unknown) => e instanceof MalformedFieldError && e.field === "$.a[0]",
    );
  });

  test("rejects floats, -0, NaN and undefined, naming the path", () => {
    assert.throws(
      () => canonicalJson({ metrics: { lint: 0.5 } }),
      (e: unknown) => e instanceof MalformedFieldError && e.field === "$.metrics.lint",
    );
    assert.throws(() => canonicalJson([-0]), /\$\[0\]/);
    assert.throws(() => canonicalJson(Number.NaN), MalformedFieldError);
    assert.throws(() => canonicalJson(2 ** 53), MalformedFieldError);
    assert.throws(() => canonicalJson({ a: undefined } as unknown as JsonValue), /\$\.a: undefined has no JSON form/);
  });

  test("hashes the UTF-8 bytes of the canonical text with keccak256", () => {
    const value = { z: "ü", a: 1n };
    assert.equal(
      canonicalHash(value),
      `0x${Buffer.from(keccak_256(new TextEncoder().encode('{"a":"1","z":"ü"}'))).toString("hex")}`,
    );
  });
});
