/**
 * Typed readers for decoded JSON: each checks one field and throws a
 * {@link MalformedFieldError} naming it (`leaves[3].sources[0].amount`) on failure.
 */
import { MalformedFieldError } from "../errors.ts";
import { type Hex, describe } from "../hex.ts";

/** Where a value sits: its path, and the manifest line when known. */
export type FieldContext = { field: string; line?: number | undefined };

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const ADDRESS = /^0x[0-9a-f]{40}$/;
const BYTES32 = /^0x[0-9a-f]{64}$/;
/** The largest uint256. */
export const MAX_UINT256 = (1n << 256n) - 1n;
/** The largest uint64. */
export const MAX_UINT64 = (1n << 64n) - 1n;

/** Throws a {@link MalformedFieldError} for `at`. */
export function fail(at: FieldContext, problem: string): never {
  throw new MalformedFieldError(at.field, problem, { line: at.line });
}

/** The context of a child field. */
export function child(at: FieldContext, key: string | number): FieldContext {
  if (typeof key === "number") return { field: `${at.field}[${key}]`, line: at.line };
  return { field: at.field === "" ? key : `${at.field}.${key}`, line: at.line };
}

/** An object with exactly `keys` (no more, no fewer). */
export function readObject(value: unknown, at: FieldContext, keys: readonly string[]): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail(at, `expected an object, got ${describe(value)}`);
  const record = value as Record<string, unknown>;
  for (const key of keys) if (!(key in record)) fail(child(at, key), "missing");
  for (const key of Object.keys(record)) if (!keys.includes(key)) fail(child(at, key), "unexpected field");
  return record;
}

/** An array. */
export function readArray(value: unknown, at: FieldContext): readonly unknown[] {
  if (!Array.isArray(value)) fail(at, `expected an array, got ${describe(value)}`);
  return value;
}

/** A string. */
export function readString(value: unknown, at: FieldContext): string {
  if (typeof value !== "string") fail(at, `expected a string, got ${describe(value)}`);
  return value;
}

/** One of the given string constants. */
export function readEnum<T extends string>(value: unknown, at: FieldContext, options: readonly T[]): T {
  if (typeof value !== "string" || !(options as readonly string[]).includes(value)) {
    fail(at, `expected one of ${options.map((o) => `"${o}"`).join(", ")}, got ${describe(value)}`);
  }
  return value as T;
}

/** A non-negative integer written as a decimal string, at most `max`. */
export function readDecimal(value: unknown, at: FieldContext, max = MAX_UINT256): bigint {
  if (typeof value !== "string" || !DECIMAL.test(value)) fail(at, `expected a decimal string without leading zeros, got ${describe(value)}`);
  const n = BigInt(value);
  if (n > max) fail(at, `${value} exceeds ${max}`);
  return n;
}

/** A JSON integer in `[min, max]`. */
export function readInteger(value: unknown, at: FieldContext, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(at, `expected an integer ${min}..${max}, got ${describe(value)}`);
  }
  return value;
}

/** A lower-case 0x address (the manifest stores addresses in lower case only). */
export function readAddress(value: unknown, at: FieldContext): Hex {
  if (typeof value !== "string" || !ADDRESS.test(value)) fail(at, `expected a lower-case 0x address, got ${describe(value)}`);
  return value as Hex;
}

/** A lower-case 0x bytes32. */
export function readBytes32(value: unknown, at: FieldContext): Hex {
  if (typeof value !== "string" || !BYTES32.test(value)) fail(at, `expected lower-case 0x and 64 hex digits, got ${describe(value)}`);
  return value as Hex;
}
