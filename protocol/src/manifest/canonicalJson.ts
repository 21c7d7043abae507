/**
 * Canonical JSON: one byte sequence per value, so hashes of published data are
 * reproducible on any machine.
 *
 * - object keys in ascending UTF-16 code-unit order (JavaScript's default sort);
 * - no whitespace;
 * - strings escaped exactly as `JSON.stringify` does (well-formed, ES2019);
 * - numbers: safe integers only, never floats, NaN, infinities or -0;
 * - bigint: a decimal string (amounts may exceed 2^53);
 * - `undefined`, functions and other non-JSON values are errors, never dropped.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";

import { MalformedFieldError } from "../errors.ts";
import { bytesToHex, type Hex } from "../hex.ts";
import type { JsonValue } from "../schema.ts";

/**
 * Serialises `value` canonically. Throws {@link MalformedFieldError} at the path
 * (`path` prefixes it) of the first value that has no canonical form, such as a float.
 *
 * @example
 * canonicalJson({ b: 1n, a: [true, null] }) // '{"a":[true,null],"b":"1"}'
 */
export function canonicalJson(value: JsonValue, path = "$"): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "bigint":
      return `"${value.toString()}"`;
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isSafeInteger(value) || Object.is(value, -0)) {
        throw new MalformedFieldError(
          path,
          `${value} is not a safe integer; canonical JSON has no floats (write amounts as bigint)`,
        );
      }
      return String(value);
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        const items = value as readonly JsonValue[];
        let out = "[";
        for (let i = 0; i < items.length; i++) {
          if (i > 0) out += ",";
          out += canonicalJson(items[i]!, `${path}[${i}]`);
        }
        return `${out}]`;
      }
      const record = value as { readonly [key: string]: JsonValue };
      const keys = Object.keys(record);
      // Encoders build their objects with keys in order already; sort only when needed.
      for (let i = 1; i < keys.length; i++) {
        if (keys[i - 1]! > keys[i]!) {
          keys.sort();
          break;
        }
      }
      let out = "{";
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (i > 0) out += ",";
        out += `${JSON.stringify(key)}:${canonicalJson(record[key]!, `${path}.${key}`)}`;
      }
      return `${out}}`;
    }
    default:
      throw new MalformedFieldError(path, `${typeof value} has no JSON form`);
  }
}

/**
 * Whether `text` is exactly the canonical serialisation of the JSON it holds,
 * given `parsed = JSON.parse(text)`. Cheaper than re-serialising with
 * {@link canonicalJson}: one walk checks key order and numbers, then the native
 * `JSON.stringify` (which keeps the parsed key order) must give `text` back.
 * Throws {@link MalformedFieldError} at the path of a float or unsafe integer.
 */
export function isCanonicalText(text: string, parsed: unknown, path = "$"): boolean {
  return hasCanonicalShape(parsed, path) && JSON.stringify(parsed) === text;
}

function hasCanonicalShape(value: unknown, path: string): boolean {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || Object.is(value, -0)) {
      throw new MalformedFieldError(path, `${value} is not a safe integer; canonical JSON has no floats`);
    }
    return true;
  }
  if (value === null || typeof value !== "object") return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!hasCanonicalShape(value[i], `${path}[${i}]`)) return false;
    return true;
  }
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && keys[i - 1]! >= keys[i]!) return false;
    if (!hasCanonicalShape((value as Record<string, unknown>)[keys[i]!], `${path}.${keys[i]}`)) return false;
  }
  return true;
}

const utf8 = new TextEncoder();

/**
 * keccak256 of the UTF-8 bytes of `canonicalJson(value)`: the config hash and
 * every score's metrics hash. `keccak256` is @noble/hashes' unless given: the
 * oracle passes its WebAssembly one, several times faster, where it hashes
 * every score of an epoch.
 *
 * @example
 * canonicalHash({ lint: 9000, tests: 7000 }) // "0x…"
 */
export function canonicalHash(value: JsonValue, keccak256: (data: Uint8Array) => Uint8Array = keccak_256): Hex {
  return bytesToHex(keccak256(utf8.encode(canonicalJson(value))));
}
