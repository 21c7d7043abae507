/**
 * Fast readers of a manifest's element lines: each reads one section's line straight from its text, field by
 * field in the declaration order of ./elements.ts, and gives up at the first character that is not what the
 * canonical serialisation of a valid element would have there. A reader that gives up returns undefined and the
 * line is decoded the thorough way (`JSON.parse`, the canonical check, the section's schema), which names what is
 * wrong; so a reader refuses nothing itself, and what it accepts is exactly what the thorough way accepts, decoded
 * to the same value (./lineReaders.test.ts holds every section to that). At a million accounts this is most of
 * the read: no parsed object tree, no re-serialisation, no regular expression per field.
 *
 * The object readers take their field names, order and optionality from the element declarations themselves
 * (`ObjectSchema.fields`) and check at load that they name every field; what they add is each field's reader.
 */
import { InvariantError } from "../errors.ts";
import {
  type Infer,
  type JsonValue,
  MAX_UINT64,
  MAX_UINT256,
  type ObjectOf,
  type ObjectSchema,
  type Schema,
} from "../schema.ts";
import {
  approvalSchema,
  assetFlowSchema,
  assetSchema,
  COST_EFFECTS,
  COST_OUTCOMES,
  contributionSchema,
  costCheckSchema,
  costFindingSchema,
  costPartsSchema,
  cumulativeTotalSchema,
  fromChildSchema,
  impliedLeafFields,
  leafSourceSchemas,
  parentEdgeSchema,
  poolRevenueSchema,
  scoreSchema,
  storedLeafSchema,
  storedWeightSchema,
  toParentSchema,
} from "./elements.ts";

/** Where a reader is in the line it reads. */
type Cursor = { text: string; at: number };
/** Reads one value at the cursor and moves past it, or throws {@link MISMATCH}. */
type Reader<T> = (c: Cursor) => T;

/** Thrown inside a reader when the text is not the canonical form it expects; never escapes this module. */
const MISMATCH: unique symbol = Symbol("not the canonical line this reader reads");
function mismatch(): never {
  throw MISMATCH;
}

const QUOTE = 34;
const BACKSLASH = 92;

function expectText(c: Cursor, text: string): void {
  if (!c.text.startsWith(text, c.at)) mismatch();
  c.at += text.length;
}

/** Copies `text[start, end)` into a string of its own: a slice would keep the whole read buffer it came from. */
function copied(text: string, start: number, end: number): string {
  if (end === start) return "";
  return [text.slice(start, start + 1), text.slice(start + 1, end)].join("");
}

/** Small values (ids, counts, zero costs) as one shared bigint each rather than one allocated per field. */
const SMALL = Array.from({ length: 1024 }, (_, i) => BigInt(i));

/** A decimal string without leading zeros, at most `max`: what `decimal({ max })` decodes. */
function decimalReader(max: bigint): Reader<bigint> {
  return (c) => {
    const { text } = c;
    if (text.charCodeAt(c.at) !== QUOTE) mismatch();
    const start = c.at + 1;
    let end = start;
    // Up to 15 digits a double holds the value exactly: summed as the digits pass, no substring to parse.
    let small = 0;
    for (let code = text.charCodeAt(end); code >= 48 && code <= 57; code = text.charCodeAt(++end))
      small = 10 * small + (code - 48);
    if (end === start || text.charCodeAt(end) !== QUOTE || (text.charCodeAt(start) === 48 && end > start + 1))
      mismatch();
    c.at = end + 1;
    const value =
      end - start > 15 ? BigInt(text.slice(start, end)) : small < SMALL.length ? SMALL[small]! : BigInt(small);
    if (value > max) mismatch();
    return value;
  };
}

/** A JSON integer as canonical JSON writes a safe integer (no sign on zero, no exponent). */
function readSafeInteger(c: Cursor): number {
  const { text } = c;
  const start = c.at;
  let digits = start;
  if (text.charCodeAt(digits) === 45) digits++; // "-"
  let end = digits;
  for (let code = text.charCodeAt(end); code >= 48 && code <= 57; code = text.charCodeAt(++end));
  // No digits, a leading zero, or "-0": canonical JSON writes none of them.
  if (end === digits || (text.charCodeAt(digits) === 48 && (end > digits + 1 || digits > start))) mismatch();
  // 16 digits may pass 2^53; more always do. Either way the thorough reader says which.
  if (end - digits > 16) mismatch();
  const value = Number(text.slice(start, end));
  if (!Number.isSafeInteger(value)) mismatch();
  c.at = end;
  return value;
}

/** An integer in `[min, max]`: what `integer({ min, max })` decodes. */
function integerReader(min: number, max: number): Reader<number> {
  return (c) => {
    const value = readSafeInteger(c);
    if (value < min || value > max) mismatch();
    return value;
  };
}

/** `"0x"` and `digits` lower-case hex digits: a bytes32 or a lower-case address. */
function lowerHexReader(digits: number): Reader<`0x${string}`> {
  return (c) => {
    const { text, at } = c;
    if (text.charCodeAt(at) !== QUOTE || text.charCodeAt(at + 1) !== 48 || text.charCodeAt(at + 2) !== 120) mismatch();
    const end = at + 3 + digits;
    for (let i = at + 3; i < end; i++) {
      const code = text.charCodeAt(i);
      if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) mismatch();
    }
    if (text.charCodeAt(end) !== QUOTE) mismatch();
    c.at = end + 1;
    return copied(text, at + 1, end) as `0x${string}`;
  };
}

/**
 * Where the string at the cursor ends (its closing quote), if it needs no escape in canonical JSON: printable
 * ASCII but `"` and `\`. Anything else (an escape, a control or non-ASCII character) is the thorough reader's.
 */
function plainStringEnd(c: Cursor): number {
  const { text } = c;
  if (text.charCodeAt(c.at) !== QUOTE) mismatch();
  let end = c.at + 1;
  for (let code = text.charCodeAt(end); code !== QUOTE; code = text.charCodeAt(++end)) {
    if (!(code >= 32 && code <= 126) || code === BACKSLASH) mismatch();
  }
  return end;
}

/** A string of at least `minLength` characters: what `string({ minLength })` decodes. */
function stringReader(minLength: number): Reader<string> {
  return (c) => {
    const end = plainStringEnd(c);
    const start = c.at + 1;
    if (end - start < minLength) mismatch();
    c.at = end + 1;
    return copied(c.text, start, end);
  };
}

/** One of `options`: what `oneOf(options)` and, with one option, `literal` decode; the option itself is returned. */
function oneOfReader<const T extends string>(options: readonly T[]): Reader<T> {
  const quoted = options.map((o) => JSON.stringify(o));
  if (quoted.some((q, i) => q !== `"${options[i]}"`)) throw new InvariantError("oneOfReader: options need escapes");
  return (c) => {
    for (let i = 0; i < options.length; i++) {
      if (c.text.startsWith(quoted[i]!, c.at)) {
        c.at += quoted[i]!.length;
        return options[i]!;
      }
    }
    return mismatch();
  };
}

function nullableReader<T>(read: Reader<T>): Reader<T | null> {
  return (c) => {
    if (c.text.startsWith("null", c.at)) {
      c.at += 4;
      return null;
    }
    return read(c);
  };
}

function arrayReader<T>(read: Reader<T>): Reader<T[]> {
  return (c) => {
    const { text } = c;
    if (text.charCodeAt(c.at) !== 91) mismatch(); // "["
    c.at++;
    const out: T[] = [];
    if (text.charCodeAt(c.at) === 93) {
      c.at++;
      return out;
    }
    for (;;) {
      out.push(read(c));
      const code = text.charCodeAt(c.at++);
      if (code === 93) return out; // "]"
      if (code !== 44) mismatch(); // ","
    }
  };
}

/**
 * An object with `schema`'s fields, each read by its entry in `readers`: keys in declaration order, absent
 * optional fields left out, no other key. Throws at load unless `readers` names exactly the schema's fields.
 */
function objectReader<F extends { readonly [key: string]: Schema<unknown> }>(
  schema: ObjectSchema<F>,
  readers: { readonly [K in keyof F]: Reader<Infer<F[K]>> },
): Reader<ObjectOf<F>> {
  const keys = Object.keys(schema.fields);
  if (keys.join() !== Object.keys(readers).join())
    throw new InvariantError(`objectReader: readers for ${Object.keys(readers)}, fields ${keys}`);
  const fields = keys.map((key) => ({
    key,
    read: readers[key] as Reader<unknown>,
    optional: (schema.fields[key] as Schema<unknown>).optional === true,
    first: `{"${key}":`,
    later: `,"${key}":`,
  }));
  // Objects made by one constructor get their fields in-object, sized after the first few (V8's slack tracking):
  // a quarter smaller and quicker to fill than objects grown from `{}`. Their prototype is Object's, as JSON's are.
  // A declaration, not an arrow function: it is called with `new`.
  function Element(): void {}
  Element.prototype = Object.prototype;
  const Shape = Element as unknown as new () => Record<string, unknown>;
  return (c) => {
    const { text } = c;
    const out = new Shape();
    let opened = false;
    for (const field of fields) {
      const prefix = opened ? field.later : field.first;
      if (!text.startsWith(prefix, c.at)) {
        if (field.optional) continue;
        mismatch();
      }
      c.at += prefix.length;
      opened = true;
      out[field.key] = field.read(c);
    }
    expectText(c, opened ? "}" : "{}");
    return out as ObjectOf<F>;
  };
}

/** The first of `readers` that reads the text: variants are told apart by their tag, which each reads as a literal. */
function variantReader<const R extends readonly Reader<unknown>[]>(
  readers: R,
): Reader<R[number] extends Reader<infer T> ? T : never> {
  return (c) => {
    const start = c.at;
    for (const read of readers) {
      try {
        return read(c) as R[number] extends Reader<infer T> ? T : never;
      } catch (error) {
        if (error !== MISMATCH) throw error;
        c.at = start;
      }
    }
    return mismatch();
  };
}

/** Keys canonical JSON cannot be read back in text order from: array indices, which objects list first. */
const INDEX_KEY = /^(0|[1-9][0-9]*)$/;

/**
 * Any JSON value as canonical JSON writes it (what `json()` decodes once the line is canonical): objects with keys
 * strictly ascending, integers only. Keys that are array indices or `__proto__` are the thorough reader's.
 */
function readJson(c: Cursor): JsonValue {
  const { text } = c;
  const code = text.charCodeAt(c.at);
  if (code === QUOTE) {
    const end = plainStringEnd(c);
    const value = copied(text, c.at + 1, end);
    c.at = end + 1;
    return value;
  }
  if (code === 123) {
    // "{"
    c.at++;
    const out: Record<string, JsonValue> = {};
    if (text.charCodeAt(c.at) === 125) {
      c.at++;
      return out;
    }
    let last: string | undefined;
    for (;;) {
      const end = plainStringEnd(c);
      const key = text.slice(c.at + 1, end);
      if ((last !== undefined && last >= key) || key === "__proto__" || INDEX_KEY.test(key)) mismatch();
      last = key;
      c.at = end + 1;
      expectText(c, ":");
      // A property name is interned, so this slice is not kept.
      out[key] = readJson(c);
      const next = text.charCodeAt(c.at++);
      if (next === 125) return out; // "}"
      if (next !== 44) mismatch();
    }
  }
  if (code === 91) return readJsonArray(c);
  for (const [word, value] of WORDS) {
    if (text.startsWith(word, c.at)) {
      c.at += word.length;
      return value;
    }
  }
  return readSafeInteger(c);
}
const readJsonArray = arrayReader(readJson);
const WORDS: readonly [string, JsonValue][] = [
  ["null", null],
  ["true", true],
  ["false", false],
];

const amount = decimalReader(MAX_UINT256);
const uint64 = decimalReader(MAX_UINT64);
const lowerAddress = lowerHexReader(40);
const bytes32 = lowerHexReader(64);
const bps = integerReader(0, 10_000);
const edgeBps = integerReader(1, 10_000);
const count = integerReader(0, Number.MAX_SAFE_INTEGER);

const parentEdge = objectReader(parentEdgeSchema, { assetId: amount, weightBps: edgeBps });
const costParts = objectReader(costPartsSchema, {
  computeMicroUsd: uint64,
  laborMicroUsd: uint64,
  toolsMicroUsd: uint64,
});
const storedWeight = objectReader(storedWeightSchema, {
  coherenceBps: bps,
  costMicroUsd: amount,
  id: bytes32,
  multiplierBps: count,
  weight: amount,
});
const storedLeaf = objectReader(storedLeafSchema, {
  account: lowerAddress,
  amount,
  cumulative: amount,
  previous: amount,
  sources: arrayReader(
    variantReader([
      objectReader(leafSourceSchemas.contributors, {
        amount,
        assetId: amount,
        contributions: arrayReader(storedWeight),
        kind: oneOfReader(["contributors"]),
        pool: amount,
        totalWeight: amount,
        weight: amount,
      }),
      objectReader(leafSourceSchemas.treasury, { amount, assetId: amount, kind: oneOfReader(["treasury"]) }),
    ]),
  ),
  token: lowerAddress,
  treeIndex: count,
});

/** The fast reader of each element section (tree nodes have their own). */
export const LINE_READERS = {
  "inputs.assets": objectReader(assetSchema, { id: amount, parents: arrayReader(parentEdge) }),
  "inputs.contributions": objectReader(contributionSchema, {
    assetId: amount,
    computeMicroUsd: uint64,
    contributor: lowerAddress,
    id: bytes32,
    laborMicroUsd: uint64,
    toolsMicroUsd: uint64,
  }),
  "inputs.costs": objectReader(costCheckSchema, {
    approval: nullableReader(objectReader(approvalSchema, { rationale: stringReader(1), reviewer: lowerAddress })),
    contributionId: bytes32,
    findings: arrayReader(
      objectReader(costFindingSchema, {
        effect: oneOfReader(COST_EFFECTS),
        path: stringReader(1),
        reason: stringReader(1),
      }),
    ),
    outcome: oneOfReader(COST_OUTCOMES),
    paid: costParts,
    report: nullableReader(bytes32),
  }),
  "inputs.previous": objectReader(cumulativeTotalSchema, { account: lowerAddress, amount, token: lowerAddress }),
  "inputs.revenue": objectReader(poolRevenueSchema, { amount, assetId: amount, token: lowerAddress }),
  leaves: (c: Cursor) => impliedLeafFields(storedLeaf(c)),
  lineageFlows: objectReader(assetFlowSchema, {
    assetId: amount,
    fromChildren: arrayReader(objectReader(fromChildSchema, { amount, assetId: amount })),
    inflow: amount,
    ownRevenue: amount,
    route: oneOfReader(["split", "upstream", "treasury"]),
    toContributors: amount,
    toParents: arrayReader(objectReader(toParentSchema, { amount, assetId: amount, weightBps: edgeBps })),
    toTreasury: amount,
    token: lowerAddress,
    totalWeight: amount,
  }),
  scores: objectReader(scoreSchema, {
    coherenceBps: bps,
    contributionId: bytes32,
    metrics: readJson,
    metricsHash: bytes32,
    treeIndex: count,
  }),
} as const satisfies { readonly [section: string]: Reader<unknown> };

/** A section that has a fast reader. */
export type ReadableSection = keyof typeof LINE_READERS;

/**
 * The element `text` (one line, without its comma) holds, if `section`'s fast reader reads all of it; undefined
 * when the line is for the thorough decoder (malformed, or canonical in a way the fast reader does not follow).
 */
export function readLine(section: ReadableSection, text: string): unknown {
  const cursor: Cursor = { text, at: 0 };
  try {
    const value = LINE_READERS[section](cursor);
    return cursor.at === text.length ? value : undefined;
  } catch (error) {
    // Nesting too deep for the stack is the thorough decoder's to judge too.
    if (error === MISMATCH || error instanceof RangeError) return undefined;
    throw error;
  }
}
