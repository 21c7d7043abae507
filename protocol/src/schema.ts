/**
 * The one way this repository reads structured input: schemas built from small combinators, each declared once,
 * from which come the TypeScript type (`Infer<typeof s>`), a decoder that names the failing field
 * (`leaves[3].sources[0].amount: expected a decimal string …`, with the file and line when known), an encoder
 * that writes keys in declaration order (so a manifest element's canonical key order is fixed where it is
 * declared), and a JSON Schema for editors and published formats.
 *
 * Decoding walks one shared path stack and builds the field name only when it fails, so checking millions of
 * manifest elements costs no string work.
 *
 * @example
 * const token = object({ address: address(), decimals: integer({ min: 0, max: 255 }) });
 * type Token = Infer<typeof token>; // { address: Hex; decimals: number }
 * parse(token, JSON.parse(text), { source: "tokens.json" });
 */
import { MalformedFieldError } from "./errors.ts";
import { describe, type Hex } from "./hex.ts";

/** A JSON value with no floats; bigint is written as a decimal string. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | bigint
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * `JSON.stringify` that writes bigints as decimal strings, as every format here does, for output meant to be read
 * (CLI results, messages); canonical bytes are `canonicalJson`'s.
 *
 * @example
 * jsonText({ amount: 5n }) // '{"amount":"5"}'
 */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v), indent);
}

/** A JSON Schema (draft 2020-12) fragment. */
export type JsonSchema = { readonly [key: string]: unknown };

/** Where the decoder is: the path from the root, the file and line when known, and the class of its errors. */
export type DecodeContext = {
  readonly path: (string | number)[];
  readonly source?: string | undefined;
  readonly line?: number | undefined;
  /** Set by {@link reportedAs}; {@link MalformedFieldError} otherwise. */
  readonly error?: FieldErrorClass | undefined;
};

/** A {@link MalformedFieldError} class (its constructor unchanged) that names what kind of input is malformed. */
export type FieldErrorClass = new (
  field: string,
  problem: string,
  options?: { line?: number | undefined; source?: string | undefined },
) => MalformedFieldError;

/** A declared shape of input: decodes, encodes and describes values of type `T`. */
export interface Schema<T> {
  /** Checks `value` and returns it typed (and converted, e.g. decimal strings to bigint), or throws. */
  decode(value: unknown, context: DecodeContext): T;
  /** The plain JSON of `value`, objects' keys in declaration order. */
  encode(value: T): JsonValue;
  /** The JSON Schema of what `decode` accepts. */
  readonly jsonSchema: JsonSchema;
  /** Present on schemas made by {@link optional}: the object field may be absent. */
  readonly optional?: true;
}

/** The type a schema decodes to. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

/** Throws the {@link MalformedFieldError} of the decoder's current field. */
export function fail(context: DecodeContext, problem: string): never {
  const ErrorClass = context.error ?? MalformedFieldError;
  throw new ErrorClass(fieldName(context.path), problem, { line: context.line, source: context.source });
}

/** `a.b[2].c` for the path `["a", "b", 2, "c"]`; `(root)` for the empty path. */
export function fieldName(path: readonly (string | number)[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? key : `.${key}`;
  return out === "" ? "(root)" : out;
}

/**
 * Decodes a whole value. `source` (a file name) and `line` go into the error; `path` starts the field names
 * (`["leaves", 3]`).
 */
export function parse<T>(
  schema: Schema<T>,
  value: unknown,
  where: { source?: string; line?: number; path?: readonly (string | number)[] } = {},
): T {
  return schema.decode(value, { path: [...(where.path ?? [])], source: where.source, line: where.line });
}

/** Decodes `text` as JSON and then by `schema`; a syntax error names the source. */
export function parseJson<T>(schema: Schema<T>, text: string, where: { source?: string } = {}): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new MalformedFieldError("(root)", `is not JSON (${(cause as Error).message})`, {
      source: where.source,
      cause,
    });
  }
  return parse(schema, value, where);
}

function leaf<T>(
  jsonSchema: JsonSchema,
  decode: (value: unknown, context: DecodeContext) => T,
  encode: (value: T) => JsonValue = (value) => value as JsonValue,
): Schema<T> {
  return { decode, encode, jsonSchema };
}

/** Any string; `pattern` and `minLength` restrict it, `expected` words the error. */
export function string(options: { pattern?: RegExp; minLength?: number; expected?: string } = {}): Schema<string> {
  const { pattern, minLength = 0 } = options;
  const expected = options.expected ?? (pattern !== undefined ? `a string matching ${pattern}` : "a string");
  return leaf(
    {
      type: "string",
      ...(pattern !== undefined ? { pattern: pattern.source } : {}),
      ...(minLength > 0 ? { minLength } : {}),
    },
    (value, context) => {
      if (typeof value !== "string" || value.length < minLength || (pattern !== undefined && !pattern.test(value))) {
        fail(context, `expected ${expected}, got ${describe(value)}`);
      }
      return value;
    },
  );
}

/** Exactly `constant` (a format tag such as `"coherence-deployment-v2"`). */
export function literal<const T extends string | number | boolean>(constant: T): Schema<T> {
  return leaf({ const: constant }, (value, context) => {
    if (value !== constant) fail(context, `expected ${JSON.stringify(constant)}, got ${describe(value)}`);
    return constant;
  });
}

/** One of the given strings. */
export function oneOf<const T extends string>(options: readonly T[]): Schema<T> {
  const words = options.map((o) => JSON.stringify(o)).join(", ");
  return leaf({ enum: options }, (value, context) => {
    if (typeof value !== "string" || !(options as readonly string[]).includes(value)) {
      fail(context, `expected one of ${words}, got ${describe(value)}`);
    }
    return value as T;
  });
}

/** true or false. */
export function boolean(): Schema<boolean> {
  return leaf({ type: "boolean" }, (value, context) => {
    if (typeof value !== "boolean") fail(context, `expected true or false, got ${describe(value)}`);
    return value;
  });
}

/** A JSON integer in `[min, max]` (default: any non-negative safe integer). */
export function integer(options: { min?: number; max?: number } = {}): Schema<number> {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = options;
  return leaf({ type: "integer", minimum: min, maximum: max }, (value, context) => {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
      fail(context, `expected an integer ${min}..${max}, got ${describe(value)}`);
    }
    return value;
  });
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/**
 * A non-negative integer of up to `max` (default 2^256 - 1) written as a decimal string without leading zeros,
 * as amounts are in JSON (they exceed 2^53); decodes to bigint and encodes back to the string.
 */
export function decimal(options: { max?: bigint } = {}): Schema<bigint> {
  const max = options.max ?? MAX_UINT256;
  return leaf(
    { type: "string", pattern: DECIMAL.source },
    (value, context) => {
      if (typeof value !== "string" || !DECIMAL.test(value)) {
        fail(context, `expected a decimal string without leading zeros, got ${describe(value)}`);
      }
      const n = BigInt(value);
      if (n > max) fail(context, `${value} exceeds ${max}`);
      return n;
    },
    (value) => String(value),
  );
}

/**
 * A whole number written as text in `[min, max]`, as environment variables and command-line options give them;
 * decodes to number.
 */
export function integerText(options: { min?: number; max?: number } = {}): Schema<number> {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = options;
  return leaf(
    { type: "string", pattern: "^[0-9]+$" },
    (value, context) => {
      const n = typeof value === "string" && /^[0-9]+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
      if (!Number.isSafeInteger(n) || n < min || n > max)
        fail(context, `expected an integer ${min}..${max}, got ${describe(value)}`);
      return n;
    },
    (value) => String(value),
  );
}

/** An absolute URL (`http://127.0.0.1:42069`); decodes to its normal form without a trailing slash. */
export function url(): Schema<string> {
  return leaf({ type: "string", format: "uri" }, (value, context) => {
    let parsed: URL | undefined;
    try {
      if (typeof value === "string") parsed = new URL(value.trim());
    } catch {
      // Reported below with the value.
    }
    if (parsed === undefined) fail(context, `expected an absolute URL, got ${describe(value)}`);
    return parsed.href.replace(/\/$/, "");
  });
}

/** The largest uint256. */
export const MAX_UINT256 = (1n << 256n) - 1n;
/** The largest uint64. */
export const MAX_UINT64 = (1n << 64n) - 1n;

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const LOWER_ADDRESS = /^0x[0-9a-f]{40}$/;
const ZERO_ADDRESS = /^0x0{40}$/;
const BYTES32 = /^0x[0-9a-f]{64}$/;

/**
 * A 20-byte 0x address. `lowerCase` accepts only lower-case hex (published formats store one spelling);
 * `nonZero` rejects the zero address (a parameter someone forgot to set).
 */
export function address(options: { lowerCase?: boolean; nonZero?: boolean } = {}): Schema<Hex> {
  const pattern = options.lowerCase ? LOWER_ADDRESS : ADDRESS;
  const expected = options.lowerCase ? "a lower-case 0x address" : "a 0x-prefixed 20-byte address";
  return leaf({ type: "string", pattern: pattern.source }, (value, context) => {
    if (typeof value !== "string" || !pattern.test(value))
      fail(context, `expected ${expected}, got ${describe(value)}`);
    if (options.nonZero && ZERO_ADDRESS.test(value)) fail(context, "is the zero address: set it");
    return value as Hex;
  });
}

/** A lower-case 0x bytes32. */
export function bytes32(): Schema<Hex> {
  return leaf({ type: "string", pattern: BYTES32.source }, (value, context) => {
    if (typeof value !== "string" || !BYTES32.test(value)) {
      fail(context, `expected lower-case 0x and 64 hex digits, got ${describe(value)}`);
    }
    return value as Hex;
  });
}

/** Any JSON without floats (a scorer's metric record, a published configuration); kept as it is. */
export function json(): Schema<JsonValue> {
  return leaf({}, (value, context) => {
    checkJson(value, context);
    return value as JsonValue;
  });
}

function checkJson(value: unknown, context: DecodeContext): void {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || Object.is(value, -0)) fail(context, `${value} is not a safe integer`);
    return;
  }
  if (typeof value !== "object") fail(context, `${typeof value} has no JSON form`);
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value as object);
  for (const [key, item] of entries) {
    context.path.push(key);
    checkJson(item, context);
    context.path.pop();
  }
}

/** An array of `item`, with at least `min` and at most `max` elements. */
export function array<T>(item: Schema<T>, options: { min?: number; max?: number } = {}): Schema<readonly T[]> {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = options;
  return {
    jsonSchema: {
      type: "array",
      items: item.jsonSchema,
      ...(min > 0 ? { minItems: min } : {}),
      ...(max < Number.MAX_SAFE_INTEGER ? { maxItems: max } : {}),
    },
    decode(value, context) {
      if (!Array.isArray(value)) fail(context, `expected an array, got ${describe(value)}`);
      if (value.length < min) fail(context, `must list at least ${min} element(s), got ${value.length}`);
      if (value.length > max) fail(context, `must list at most ${max} element(s), got ${value.length}`);
      const out = new Array<T>(value.length);
      for (let i = 0; i < value.length; i++) {
        context.path.push(i);
        out[i] = item.decode(value[i], context);
        context.path.pop();
      }
      return out;
    },
    encode: (value) => value.map((v) => item.encode(v)),
  };
}

/** A map from string keys (matching `key`, when given) to `value`. */
export function record<T>(
  value: Schema<T>,
  options: { key?: RegExp; expectedKey?: string } = {},
): Schema<Readonly<Record<string, T>>> {
  return {
    jsonSchema: {
      type: "object",
      additionalProperties: value.jsonSchema,
      ...(options.key !== undefined ? { propertyNames: { pattern: options.key.source } } : {}),
    },
    decode(raw, context) {
      if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        fail(context, `expected an object, got ${describe(raw)}`);
      }
      const out: Record<string, T> = {};
      for (const [key, item] of Object.entries(raw)) {
        context.path.push(key);
        // Assigning "__proto__" would set the map's prototype instead of adding an entry.
        if (key === "__proto__") fail(context, "is not allowed as a key");
        if (options.key !== undefined && !options.key.test(key)) {
          fail(context, `is not ${options.expectedKey ?? `a key matching ${options.key}`}`);
        }
        out[key] = value.decode(item, context);
        context.path.pop();
      }
      return out;
    },
    encode(map) {
      const out: Record<string, JsonValue> = {};
      for (const key of Object.keys(map)) out[key] = value.encode(map[key]!);
      return out;
    },
  };
}

/** Marks an object field that may be absent. */
export function optional<T>(schema: Schema<T>): Schema<T | undefined> & { readonly optional: true } {
  return {
    jsonSchema: schema.jsonSchema,
    decode: (value, context) => (value === undefined ? undefined : schema.decode(value, context)),
    encode: (value) => schema.encode(value as T),
    optional: true,
  };
}

/** `schema`, or null. */
export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return {
    jsonSchema: { anyOf: [schema.jsonSchema, { type: "null" }] },
    decode: (value, context) => (value === null ? null : schema.decode(value, context)),
    encode: (value) => (value === null ? null : schema.encode(value)),
  };
}

type Fields = { readonly [key: string]: Schema<unknown> };
type OptionalKeys<F extends Fields> = { [K in keyof F]: F[K] extends { readonly optional: true } ? K : never }[keyof F];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** The type of an object schema's fields: optional fields become optional properties. */
export type ObjectOf<F extends Fields> = Simplify<
  { -readonly [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]> } & {
    -readonly [K in OptionalKeys<F>]?: Exclude<Infer<F[K]>, undefined>;
  }
>;

/** An object schema: its fields, in declaration order. */
export type ObjectSchema<F extends Fields> = Schema<ObjectOf<F>> & { readonly fields: F };

/**
 * An object with exactly the declared fields (an unknown field is an error: a typo must not pass silently).
 * `sorted` requires the declaration itself to be in canonical (ascending) key order, for elements of
 * canonical JSON formats such as the manifest; `allowExtra` ignores undeclared fields (for `$schema` and
 * files that others extend).
 */
export function object<const F extends Fields>(
  fields: F,
  options: { sorted?: boolean; allowExtra?: boolean; description?: string } = {},
): ObjectSchema<F> {
  const keys = Object.keys(fields);
  if (options.sorted) {
    for (let i = 1; i < keys.length; i++) {
      if (keys[i - 1]! >= keys[i]!) throw new TypeError(`object fields must be declared in ascending order: ${keys}`);
    }
  }
  const required = keys.filter((key) => fields[key]!.optional !== true);
  const schemas = keys.map((key) => fields[key]!);
  return {
    fields,
    jsonSchema: {
      type: "object",
      ...(options.description !== undefined ? { description: options.description } : {}),
      properties: Object.fromEntries(keys.map((key) => [key, fields[key]!.jsonSchema])),
      required,
      additionalProperties: options.allowExtra === true,
    },
    decode(value, context) {
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        fail(context, `expected an object, got ${describe(value)}`);
      }
      const raw = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const item = raw[key];
        context.path.push(key);
        if (item === undefined && schemas[i]!.optional !== true) fail(context, "missing");
        const decoded = schemas[i]!.decode(item, context);
        if (decoded !== undefined) out[key] = decoded;
        context.path.pop();
      }
      if (options.allowExtra !== true) {
        for (const key in raw) {
          if (!(key in fields)) {
            context.path.push(key);
            fail(context, `unexpected field (expected ${keys.join(", ")})`);
          }
        }
      }
      return out as ObjectOf<F>;
    },
    encode(value) {
      const out: Record<string, JsonValue> = {};
      const values = value as Record<string, unknown>;
      for (let i = 0; i < keys.length; i++) {
        const item = values[keys[i]!];
        if (item !== undefined) out[keys[i]!] = schemas[i]!.encode(item);
      }
      return out;
    },
  };
}

/**
 * One of several object shapes told apart by the string field `tag` (`{ kind: "treasury", … }`). The tag is
 * checked first, so an error speaks of the shape the value says it has.
 */
export function variant<const Tag extends string, const V extends { readonly [name: string]: ObjectSchema<Fields> }>(
  tag: Tag,
  variants: V,
): Schema<{ [K in keyof V]: Infer<V[K]> }[keyof V]> {
  const names = Object.keys(variants);
  const tagSchema = oneOf(names);
  return {
    jsonSchema: { oneOf: names.map((name) => variants[name]!.jsonSchema) },
    decode(value, context) {
      context.path.push(tag);
      const name = tagSchema.decode((value as Record<string, unknown> | null)?.[tag], context);
      context.path.pop();
      return variants[name]!.decode(value, context) as Infer<V[keyof V]>;
    },
    encode: (value) => variants[(value as Record<string, string>)[tag]!]!.encode(value as never),
  };
}

/** The JSON types {@link byType} tells apart. */
export type JsonType = "string" | "number" | "boolean" | "object" | "array" | "null";

const JSON_TYPE_WORDS: Readonly<Record<JsonType, string>> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  object: "an object",
  array: "an array",
  null: "null",
};

function jsonTypeOf(value: unknown): JsonType | undefined {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const type = typeof value;
  return type === "string" || type === "number" || type === "boolean" || type === "object" ? type : undefined;
}

/**
 * A value that may take one of several JSON types, each with its own schema (an account given by index or as
 * `{ privateKeyEnv }`): the value's type picks the branch, so an error speaks of the shape it has. Branches keep
 * their JSON type when decoded (no `decimal`, no `transform` to another type), which is how `encode` finds them.
 *
 * @example
 * const account = byType({ number: integer(), object: object({ privateKeyEnv: string() }) });
 */
export function byType<const B extends { readonly [K in JsonType]?: Schema<unknown> }>(
  branches: B,
): Schema<Infer<B[keyof B]>> {
  const types = Object.keys(branches) as JsonType[];
  const expected = types.map((type) => JSON_TYPE_WORDS[type]).join(" or ");
  const branchOf = (value: unknown): Schema<unknown> | undefined => {
    const type = jsonTypeOf(value);
    return type === undefined ? undefined : branches[type];
  };
  return {
    jsonSchema: { anyOf: types.map((type) => branches[type]!.jsonSchema) },
    decode(value, context) {
      const branch = branchOf(value);
      if (branch === undefined) fail(context, `expected ${expected}, got ${describe(value)}`);
      return branch.decode(value, context) as Infer<B[keyof B]>;
    },
    encode: (value) => branchOf(value)!.encode(value),
  };
}

/**
 * `schema` with failures thrown as `ErrorClass` instead of {@link MalformedFieldError}, so a caller can tell a
 * malformed scenario from a malformed configuration by class; the message keeps the one style.
 */
export function reportedAs<S extends Schema<unknown>>(schema: S, ErrorClass: FieldErrorClass): S {
  return {
    ...schema,
    decode: (value: unknown, context: DecodeContext) => schema.decode(value, { ...context, error: ErrorClass }),
  };
}

/** `schema` with a description in its JSON Schema, which editors show beside the field. */
export function documented<S extends Schema<unknown>>(schema: S, description: string): S {
  return { ...schema, jsonSchema: { ...schema.jsonSchema, description } };
}

/**
 * `schema` with a check of the decoded value that a schema cannot express (a threshold no larger than the list
 * it counts, sums, uniqueness). `check` calls `problem(field, message)` to fail at a field below this one.
 */
export function refine<T>(
  schema: Schema<T>,
  check: (value: T, problem: (field: readonly (string | number)[], message: string) => never) => void,
): Schema<T> {
  return {
    jsonSchema: schema.jsonSchema,
    encode: schema.encode,
    decode(value, context) {
      const decoded = schema.decode(value, context);
      check(decoded, (field, message) => {
        context.path.push(...field);
        return fail(context, message);
      });
      return decoded;
    },
  };
}

/**
 * A stored shape `schema` read as `T`: `decode` builds the value from what is stored (adding what the context
 * implies), `encode` keeps only what is stored.
 */
export function transform<S, T>(
  schema: Schema<S>,
  convert: { decode: (stored: S) => T; encode: (value: T) => S },
): Schema<T> {
  return {
    jsonSchema: schema.jsonSchema,
    decode: (value, context) => convert.decode(schema.decode(value, context)),
    encode: (value) => schema.encode(convert.encode(value)),
  };
}

/** The index of the first element whose `key` an earlier element already had, for uniqueness checks. */
export function firstRepeat<T>(items: readonly T[], key: (item: T) => string): number | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const k = key(items[i]!);
    if (seen.has(k)) return i;
    seen.add(k);
  }
  return undefined;
}
