import { describe, InvalidArgumentError } from "@coherence/protocol";
/**
 * ABI encoding of fixed-size Merkle leaves, done by hand into a reused buffer.
 *
 * Every static ABI type takes one 32-byte word, so a leaf of k values is
 * exactly 32k bytes (the payout leaf `(address, address, uint256)` is 96) and
 * encoding is a handful of word writes. Dynamic types (`string`, `bytes`,
 * arrays) are rejected: no leaf of this protocol needs them.
 */

/** One value of a leaf; which kinds a type accepts is listed on {@link compileLeafEncoder}. */
export type LeafValue = string | bigint | number | boolean;

/** Writes one value as a 32-byte word at `offset` of `out`. */
type WordWriter = (value: LeafValue, out: Buffer, view: DataView, offset: number, position: number) => void;

/**
 * A writer and whether it writes all 32 bytes of its word (zeros included): when every writer of a leaf does,
 * the encoder skips clearing the leaf first, a native call per leaf.
 */
type Writer = { write: WordWriter; whole: boolean };

/** A compiled encoder for one leaf type list. */
export type LeafEncoder = {
  /** The ABI types, as given. */
  readonly types: readonly string[];
  /** Encoded size in bytes (32 per type). */
  readonly size: number;
  /**
   * Encodes `values` into `out` from byte `offset` (0 by default; `size` bytes from there) and returns `out`.
   * Throws {@link InvalidArgumentError} naming the position of a bad value, or both sizes if `out` is too
   * short (then nothing is written).
   */
  encode(values: readonly LeafValue[], out: Uint8Array, offset?: number): Uint8Array;
};

const TWO_64 = 1n << 64n;

/** Parses an integer leaf value; accepts bigint, a safe-integer number, or a decimal/0x string. */
function toBigInt(value: LeafValue, type: string, position: number): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^(-?[0-9]+|0x[0-9a-fA-F]+)$/.test(value)) return BigInt(value);
  throw new InvalidArgumentError(`Invalid ${type} at leaf position ${position}: ${describe(value)}.`);
}

/** Writes a non-negative bigint below 2^256 big-endian as the whole word at `offset`, zeros included. */
function writeUint256(v: bigint, view: DataView, offset: number): void {
  // Word-wise native writes, far cheaper than formatting the number as hex. setBigUint64 keeps the low 64 bits
  // itself, so an amount below 2^64 (most) costs no BigInt arithmetic at all.
  let word = 3;
  for (; word >= 0 && v !== 0n; word--) {
    view.setBigUint64(offset + 8 * word, v);
    v = v < TWO_64 ? 0n : v >> 64n;
  }
  for (; word >= 0; word--) view.setBigUint64(offset + 8 * word, 0n);
}

function uintWriter(bits: number, type: string): WordWriter {
  const limit = 1n << BigInt(bits);
  return (value, _out, view, offset, position) => {
    const v = toBigInt(value, type, position);
    if (v < 0n || v >= limit) {
      throw new InvalidArgumentError(`Value out of range for ${type} at leaf position ${position}: ${v}.`);
    }
    writeUint256(v, view, offset);
  };
}

function intWriter(bits: number, type: string): WordWriter {
  const half = 1n << BigInt(bits - 1);
  return (value, _out, view, offset, position) => {
    const v = toBigInt(value, type, position);
    if (v < -half || v >= half) {
      throw new InvalidArgumentError(`Value out of range for ${type} at leaf position ${position}: ${v}.`);
    }
    // Two's complement over the full word, as the ABI sign-extends.
    writeUint256(BigInt.asUintN(256, v), view, offset);
  };
}

/** Each ASCII character's hex digit value, 16 for a character that is not a hex digit. */
const HEX_DIGIT = Uint8Array.from({ length: 128 }, (_, c) =>
  c >= 48 && c <= 57 ? c - 48 : (c | 32) >= 97 && (c | 32) <= 102 ? (c | 32) - 87 : 16,
);

/**
 * Writes `size` bytes of a 0x hex string at `offset` of `out`, decoded by table: for an address, cheaper than
 * slicing off the prefix and calling Node's native decoder. Any non-hex character (or one past ASCII) rejects
 * the value; what was written by then is the caller's to discard, as for any other bad value.
 */
function writeHex(value: LeafValue, size: number, type: string, out: Buffer, offset: number, position: number): void {
  let bad =
    typeof value !== "string" ||
    value.length !== 2 + 2 * size ||
    value.charCodeAt(0) !== 48 ||
    (value.charCodeAt(1) | 32) !== 120;
  if (!bad) {
    const text = value as string;
    let chars = 0;
    let digits = 0;
    for (let k = 0; k < size; k++) {
      const hi = text.charCodeAt(2 + 2 * k);
      const lo = text.charCodeAt(3 + 2 * k);
      chars |= hi | lo;
      const h = HEX_DIGIT[hi & 127]!;
      const l = HEX_DIGIT[lo & 127]!;
      digits |= h | l;
      out[offset + k] = (h << 4) | l;
    }
    bad = chars > 127 || digits > 15;
  }
  if (bad) {
    throw new InvalidArgumentError(`Invalid ${type} at leaf position ${position}: ${describe(value)}.`, {
      details: `Expected 0x followed by ${2 * size} hex digits.`,
    });
  }
}

/** Slots of {@link addressWriter}'s memo, one per value of an address's last two hex digits. */
const ADDRESS_MEMO_SLOTS = 256;

/** A hex digit's value (any case; other characters give some value below 16 too). */
const nibble = (c: number): number => ((c & 15) + 9 * ((c >> 6) & 1)) & 15;

function addressWriter(): WordWriter {
  // A tree's leaves repeat a few tokens (and an account across its tokens): a small memo of decoded
  // addresses turns most of those into a 20-byte copy instead of a slice and a native hex decode.
  const memoValues: (LeafValue | undefined)[] = new Array(ADDRESS_MEMO_SLOTS).fill(undefined);
  const memoBytes = new Uint8Array(20 * ADDRESS_MEMO_SLOTS);
  // Checksums are not enforced: the encoding is case-blind, and the oracle reads addresses from logs.
  return (value, out, _view, offset, position) => {
    const slot =
      typeof value === "string" && value.length >= 2
        ? (nibble(value.charCodeAt(value.length - 2)) << 4) | nibble(value.charCodeAt(value.length - 1))
        : 0;
    const at = 20 * slot;
    for (let i = 0; i < 12; i++) out[offset + i] = 0;
    if (memoValues[slot] === value) {
      for (let i = 0; i < 20; i++) out[offset + 12 + i] = memoBytes[at + i]!;
      return;
    }
    writeHex(value, 20, "address", out, offset + 12, position);
    for (let i = 0; i < 20; i++) memoBytes[at + i] = out[offset + 12 + i]!;
    memoValues[slot] = value;
  };
}

function bytesWriter(size: number, type: string): WordWriter {
  return (value, out, _view, offset, position) => writeHex(value, size, type, out, offset, position);
}

function boolWriter(): WordWriter {
  return (value, out, _view, offset, position) => {
    if (typeof value !== "boolean") {
      throw new InvalidArgumentError(`Invalid bool at leaf position ${position}: ${describe(value)}.`);
    }
    out[offset + 31] = value ? 1 : 0;
  };
}

function writerFor(type: string): Writer {
  if (type === "address") return { write: addressWriter(), whole: true };
  if (type === "bool") return { write: boolWriter(), whole: false };
  const int = /^(u?)int([0-9]+)$/.exec(type);
  if (int !== null) {
    const bits = Number(int[2]);
    if (bits >= 8 && bits <= 256 && bits % 8 === 0 && int[2] === String(bits)) {
      return { write: int[1] === "u" ? uintWriter(bits, type) : intWriter(bits, type), whole: true };
    }
  }
  const fixed = /^bytes([0-9]+)$/.exec(type);
  if (fixed !== null) {
    const size = Number(fixed[1]);
    if (size >= 1 && size <= 32 && fixed[1] === String(size)) return { write: bytesWriter(size, type), whole: false };
  }
  throw new InvalidArgumentError(`Unsupported leaf type ${JSON.stringify(type)}.`, {
    details: "Leaves support the static ABI types address, bool, uint8..uint256, int8..int256 and bytes1..bytes32.",
  });
}

/**
 * Compiles an encoder for a list of static ABI types.
 *
 * Accepted values: `address` and `bytesN` as 0x hex strings (any case); `uintN`/`intN`
 * as bigint, safe-integer number, or decimal / 0x string; `bool` as boolean.
 *
 * @example
 * const enc = compileLeafEncoder(["address", "address", "uint256"]);
 * const buf = new Uint8Array(enc.size);
 * enc.encode(["0x…account", "0x…token", 10n ** 18n], buf);
 */
export function compileLeafEncoder(types: readonly string[]): LeafEncoder {
  if (!Array.isArray(types) || types.length === 0) {
    throw new InvalidArgumentError("Expected a non-empty list of leaf types.");
  }
  const compiled = types.map(writerFor);
  const writers = compiled.map((w) => w.write);
  const whole = compiled.every((w) => w.whole);
  const size = 32 * types.length;
  const frozen = Object.freeze([...types]);
  // The tree encodes every leaf into one buffer (at moving offsets): keep its views rather than allocate per leaf.
  let lastOut: Uint8Array | undefined;
  let lastView: DataView | undefined;
  let lastBuffer: Buffer | undefined;
  return {
    types: frozen,
    size,
    encode(values, out, offset = 0) {
      if (values.length !== writers.length) {
        throw new InvalidArgumentError(
          `Leaf has ${values.length} values but the encoding [${frozen.join(", ")}] has ${writers.length}.`,
        );
      }
      // A short `out` would be written past its end, into whatever shares its ArrayBuffer.
      if (!(offset >= 0 && offset + size <= out.length)) {
        throw new InvalidArgumentError(
          `Leaf buffer has ${out.length} bytes but the encoding [${frozen.join(", ")}] needs ${size}${offset === 0 ? "" : ` from byte ${offset}`}.`,
        );
      }
      if (!whole) out.fill(0, offset, offset + size);
      if (out !== lastOut || lastView === undefined || lastBuffer === undefined) {
        lastOut = out;
        lastView = new DataView(out.buffer, out.byteOffset, out.length);
        lastBuffer = Buffer.from(out.buffer, out.byteOffset, out.length);
      }
      const view = lastView;
      const buffer = lastBuffer;
      for (let i = 0; i < writers.length; i++) writers[i]!(values[i]!, buffer, view, offset + 32 * i, i);
      return out;
    },
  };
}
