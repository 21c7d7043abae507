import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  BaseError,
  InvalidArgumentError,
  InvariantError,
  invariant,
  MalformedFieldError,
  UnsupportedFormatError,
  validateArgument,
} from "./errors.ts";

describe("errors", () => {
  test("compose the message from short message, context lines and details", () => {
    const e = new InvalidArgumentError("Bad leaf.", { details: "Expected 3 values.", metaMessages: ["index: 4"] });
    assert.equal(e.message, "Bad leaf.\n\nindex: 4\n\nDetails: Expected 3 values.");
    assert.equal(e.shortMessage, "Bad leaf.");
    assert.equal(e.name, "InvalidArgumentError");
  });

  test("keep the cause, take its message as details, and walk the chain", () => {
    const root = new TypeError("boom");
    const wrapped = new InvariantError("Tree is broken.", { cause: new BaseError("inner", { cause: root }) });
    assert.equal(wrapped.details, "boom");
    assert.equal(wrapped.walk(), root);
    assert.equal(
      wrapped.walk((e) => e instanceof TypeError),
      root,
    );
    assert.equal(
      wrapped.walk((e) => e instanceof RangeError),
      null,
    );
  });

  test("field and format errors are argument errors carrying their context", () => {
    const field = new MalformedFieldError("leaves[3].amount", "expected a decimal string", { line: 12 });
    assert.ok(field instanceof InvalidArgumentError);
    assert.equal(field.message, "leaves[3].amount: expected a decimal string (line 12)");
    assert.deepEqual([field.field, field.problem, field.line], ["leaves[3].amount", "expected a decimal string", 12]);
    const format = new UnsupportedFormatError("tree dump", "standard-v2", "standard-v1");
    assert.ok(format instanceof InvalidArgumentError);
    assert.equal(format.message, 'Unsupported tree dump format "standard-v2"; expected "standard-v1".');
  });

  test("assertion helpers throw the right kind", () => {
    assert.throws(() => validateArgument(false, "caller"), InvalidArgumentError);
    assert.throws(() => invariant(false, "bug"), InvariantError);
  });
});
