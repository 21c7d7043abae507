import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";

import { MalformedFieldError } from "./errors.ts";
import {
  address,
  array,
  byType,
  bytes32,
  decimal,
  documented,
  fieldName,
  firstRepeat,
  type Infer,
  integer,
  integerText,
  json,
  literal,
  MAX_UINT64,
  nullable,
  object,
  oneOf,
  optional,
  parse,
  parseJson,
  record,
  refine,
  reportedAs,
  string,
  transform,
  url,
  variant,
} from "./schema.ts";

/** Runs `decode` and returns the MalformedFieldError it throws. */
function failure(run: () => unknown): MalformedFieldError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof MalformedFieldError, `expected a MalformedFieldError, got ${error}`);
    return error;
  }
  assert.fail("expected the value to be rejected");
}

const token = object({
  address: address(),
  decimals: integer({ max: 255 }),
  note: optional(string()),
});

describe("schema", () => {
  test("an object decodes to its declared type and names the failing field with source and line", () => {
    const value: Infer<typeof token> = parse(token, { address: `0x${"ab".repeat(20)}`, decimals: 18 });
    assert.deepEqual(value, { address: `0x${"ab".repeat(20)}`, decimals: 18 });
    const e = failure(() =>
      parse(array(token), [value, { ...value, decimals: 300 }], { source: "tokens.json", line: 4 }),
    );
    assert.equal(e.field, "[1].decimals");
    assert.equal(e.message, "tokens.json: [1].decimals: expected an integer 0..255, got 300 (line 4)");
  });

  test("a missing field, an unknown field and a wrong type are each named", () => {
    assert.equal(failure(() => parse(token, { decimals: 1 })).field, "address");
    assert.match(
      failure(() => parse(token, { address: `0x${"00".repeat(20)}`, decimals: 1, x: 1 })).message,
      /^x: unexpected field/,
    );
    assert.match(failure(() => parse(token, [])).message, /^\(root\): expected an object, got \[\]/);
  });

  test("allowExtra ignores undeclared fields; optional fields may be absent but not of the wrong type", () => {
    const loose = object({ a: integer() }, { allowExtra: true });
    assert.deepEqual(parse(loose, { a: 1, PATH: "/bin" }), { a: 1 });
    assert.equal(failure(() => parse(token, { address: `0x${"00".repeat(20)}`, decimals: 1, note: 5 })).field, "note");
  });

  test("decimal strings decode to bigint within their bound and encode back", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_UINT64 }), (n) => {
        assert.equal(parse(decimal({ max: MAX_UINT64 }), String(n)), n);
        assert.equal(decimal().encode(n), String(n));
      }),
    );
    assert.match(failure(() => parse(decimal({ max: MAX_UINT64 }), (MAX_UINT64 + 1n).toString())).message, /exceeds/);
    for (const bad of ["01", "-1", "1.5", " 1", 1]) failure(() => parse(decimal(), bad));
  });

  test("addresses and bytes32 check their spelling; lower-case and non-zero are options", () => {
    const mixed = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";
    assert.equal(parse(address(), mixed), mixed);
    failure(() => parse(address({ lowerCase: true }), mixed));
    assert.match(failure(() => parse(address({ nonZero: true }), `0x${"0".repeat(40)}`)).message, /zero address/);
    failure(() => parse(bytes32(), `0x${"AB".repeat(32)}`));
    assert.equal(parse(bytes32(), `0x${"ab".repeat(32)}`), `0x${"ab".repeat(32)}`);
  });

  test("a sorted object must be declared in ascending key order, and encodes in that order", () => {
    assert.throws(() => object({ b: integer(), a: integer() }, { sorted: true }), TypeError);
    const element = object({ a: decimal(), b: optional(integer()), c: string() }, { sorted: true });
    assert.equal(JSON.stringify(element.encode({ c: "x", a: 5n })), '{"a":"5","c":"x"}');
  });

  test("variants are told apart by their tag, checked first", () => {
    const shape = variant("kind", {
      circle: object({ kind: literal("circle"), r: integer() }),
      square: object({ kind: literal("square"), side: integer() }),
    });
    assert.deepEqual(parse(shape, { kind: "square", side: 2 }), { kind: "square", side: 2 });
    assert.match(failure(() => parse(shape, { kind: "oval" })).message, /^kind: expected one of "circle", "square"/);
    assert.equal(failure(() => parse(shape, { kind: "circle", side: 2 })).field, "r");
  });

  test("refine fails at a field below the value; transform converts both ways", () => {
    const pair = refine(object({ min: integer(), max: integer() }), (v, problem) => {
      if (v.min > v.max) problem(["min"], `is more than max (${v.max})`);
    });
    assert.equal(
      failure(() => parse(pair, { min: 3, max: 2 }, { path: ["range"] })).message,
      "range.min: is more than max (2)",
    );
    const cents = transform(integer(), { decode: (n) => n / 100, encode: (d) => Math.round(d * 100) });
    assert.equal(parse(cents, 250), 2.5);
    assert.equal(cents.encode(2.5), 250);
  });

  test("record, nullable, oneOf and json", () => {
    assert.deepEqual(parse(record(integer(), { key: /^[0-9]+$/ }), { "1": 2 }), { "1": 2 });
    assert.equal(
      failure(() => parse(record(integer(), { key: /^[0-9]+$/, expectedKey: "an asset id" }), { x: 1 })).message,
      "x: is not an asset id",
    );
    assert.equal(failure(() => parse(record(integer()), JSON.parse('{"__proto__": 1}'))).field, "__proto__");
    assert.equal(parse(nullable(integer()), null), null);
    assert.equal(parse(oneOf(["a", "b"]), "b"), "b");
    assert.equal(failure(() => parse(json(), { metrics: [1, 2.5] })).field, "metrics[1]");
  });

  test("settings given as text: integerText and url", () => {
    assert.equal(parse(integerText({ min: 1 }), " 42 "), 42);
    assert.match(
      failure(() => parse(integerText({ min: 1 }), "0x10", { source: "environment", path: ["CCN_CHAIN_ID"] })).message,
      /^environment: CCN_CHAIN_ID: expected an integer 1\.\./,
    );
    assert.equal(parse(url(), "http://127.0.0.1:42069/"), "http://127.0.0.1:42069");
    failure(() => parse(url(), "127.0.0.1:42069/x y"));
  });

  test("parseJson names the source of a syntax error", () => {
    assert.match(failure(() => parseJson(token, "{", { source: "a.json" })).message, /^a\.json: \(root\): is not JSON/);
  });

  test("jsonSchema describes what decode accepts", () => {
    assert.deepEqual(token.jsonSchema.required, ["address", "decimals"]);
    assert.equal(token.jsonSchema.additionalProperties, false);
    assert.deepEqual((token.jsonSchema.properties as Record<string, unknown>).decimals, {
      type: "integer",
      minimum: 0,
      maximum: 255,
    });
  });

  test("fieldName and firstRepeat", () => {
    assert.equal(fieldName(["leaves", 3, "sources", 0, "amount"]), "leaves[3].sources[0].amount");
    assert.equal(fieldName([]), "(root)");
    assert.equal(
      firstRepeat(["a", "B", "b"], (s) => s.toLowerCase()),
      2,
    );
    assert.equal(
      firstRepeat(["a", "b"], (s) => s),
      undefined,
    );
  });
});

describe("schema: byType, reportedAs, documented", () => {
  const account = byType({ number: integer(), object: object({ privateKeyEnv: string() }) });

  test("byType picks the branch by the value's JSON type and names the types it accepts", () => {
    assert.equal(parse(account, 3), 3);
    assert.deepEqual(parse(account, { privateKeyEnv: "KEY" }), { privateKeyEnv: "KEY" });
    assert.equal(
      failure(() => parse(account, "3", { path: ["ada"] })).message,
      'ada: expected a number or an object, got "3"',
    );
    assert.equal(failure(() => parse(account, { key: "KEY" })).field, "privateKeyEnv");
    assert.deepEqual(account.encode({ privateKeyEnv: "KEY" }), { privateKeyEnv: "KEY" });
    assert.equal((account.jsonSchema.anyOf as unknown[]).length, 2);
  });

  test("reportedAs throws its own MalformedFieldError class, from refine checks too, in the one message style", () => {
    class MalformedThingError extends MalformedFieldError {
      override name = "MalformedThingError";
    }
    const thing = reportedAs(
      refine(object({ parts: array(account) }), (v, problem) => {
        if (v.parts.length > 2) problem(["parts"], "more than two");
      }),
      MalformedThingError,
    );
    const shape = failure(() => parse(thing, { parts: [true] }, { source: "thing.json" }));
    assert.ok(shape instanceof MalformedThingError);
    assert.equal(shape.message, "thing.json: parts[0]: expected a number or an object, got true");
    assert.ok(failure(() => parse(thing, { parts: [1, 2, 3] })) instanceof MalformedThingError);
    assert.ok(!(failure(() => parse(account, true)) instanceof MalformedThingError));
  });

  test("documented adds a description to the JSON Schema and keeps the rest", () => {
    const note = documented(optional(string()), "Shown to people.");
    assert.deepEqual(note.jsonSchema, { type: "string", description: "Shown to people." });
    assert.equal(note.optional, true);
    assert.deepEqual(parse(object({ note }), {}), {});
  });
});
