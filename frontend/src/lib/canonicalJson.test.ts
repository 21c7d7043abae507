import { describe, expect, test } from "vitest";

import { canonicalJson as oracleCanonicalJson, type JsonValue } from "../../../oracle/src/manifest/canonicalJson.ts";
import { canonicalJson, CanonicalJsonError } from "./canonicalJson.ts";

describe("canonicalJson (the browser's copy of the oracle's)", () => {
  test("gives the oracle's bytes for parsed JSON", () => {
    const values: JsonValue[] = [
      { b: 1, a: [true, null, "x"], "é": { z: "reviewed — ✓", y: -3 } },
      [],
      {},
      "quote \" and \\ and \n",
      { metrics: { tests: { bps: 7000, raw: { files: 3 }, weightBps: 2500 }, lint: { bps: null, raw: {}, weightBps: 2000 } } },
    ];
    for (const v of values) expect(canonicalJson(JSON.parse(JSON.stringify(v)))).toBe(oracleCanonicalJson(v));
  });

  test("refuses floats", () => {
    expect(() => canonicalJson({ a: 1.5 })).toThrow(CanonicalJsonError);
  });
});
