/**
 * Hex <-> bytes without intermediate strings per byte; the tree and the manifest
 * convert millions of 32-byte values, so these avoid per-call allocations where possible.
 * Browser-safe: Node's native encoder is used only when the runtime has one.
 */
import { InvalidArgumentError } from "./errors.ts";

/** A `0x`-prefixed hex string. */
export type Hex = `0x${string}`;

/**
 * Lower-case `0x` hex of `length` bytes of `bytes` from `offset`.
 *
 * @example
 * bytesToHex(new Uint8Array([1, 255])) // "0x01ff"
 */
export function bytesToHex(bytes: Uint8Array, offset = 0, length = bytes.length - offset): Hex {
  // Node's native hex encoder is several times faster than a JS loop for 32-byte slices.
  if (NodeBuffer !== undefined)
    return `0x${NodeBuffer.from(bytes.buffer, bytes.byteOffset + offset, length).toString("hex")}`;
  let out = "0x";
  for (let i = offset; i < offset + length; i++) out += HEX_BYTES[bytes[i]!];
  return out as Hex;
}

/** Node's Buffer where the runtime has one, looked up so that importing this module needs no Node built-in. */
const NodeBuffer = (
  globalThis as {
    Buffer?: { from(buffer: ArrayBufferLike, offset: number, length: number): { toString(encoding: "hex"): string } };
  }
).Buffer;
const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Value of one hex digit character code, or -1. */
function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/**
 * Writes the bytes of a `0x` hex string of exactly `length` bytes into `out` at `outOffset`.
 * Throws {@link InvalidArgumentError} naming `what` when the string is not such hex.
 */
export function hexInto(hex: string, length: number, out: Uint8Array, outOffset: number, what = "value"): void {
  if (
    typeof hex !== "string" ||
    hex.length !== 2 + 2 * length ||
    hex.charCodeAt(0) !== 48 ||
    (hex.charCodeAt(1) | 32) !== 120
  ) {
    throw new InvalidArgumentError(
      `Invalid ${what}: expected 0x followed by ${2 * length} hex digits, got ${describe(hex)}.`,
    );
  }
  for (let i = 0; i < length; i++) {
    const hi = nibble(hex.charCodeAt(2 + 2 * i));
    const lo = nibble(hex.charCodeAt(3 + 2 * i));
    if (hi < 0 || lo < 0) {
      throw new InvalidArgumentError(`Invalid ${what}: non-hex character in ${describe(hex)}.`);
    }
    out[outOffset + i] = (hi << 4) | lo;
  }
}

/**
 * Bytes of a `0x` hex string of any even length.
 *
 * @example
 * hexToBytes("0x01ff") // Uint8Array [1, 255]
 */
export function hexToBytes(hex: string, what = "value"): Uint8Array {
  if (typeof hex !== "string" || hex.length % 2 !== 0 || hex.length < 2) {
    throw new InvalidArgumentError(`Invalid ${what}: expected 0x-prefixed hex of whole bytes, got ${describe(hex)}.`);
  }
  const out = new Uint8Array((hex.length - 2) / 2);
  hexInto(hex, out.length, out, 0, what);
  return out;
}

/** Short printable form of an unexpected value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
