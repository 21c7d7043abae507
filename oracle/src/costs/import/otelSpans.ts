/**
 * Reads an OpenTelemetry trace export in OTLP/JSON (`ExportTraceServiceRequest`: what the Collector's file
 * exporter and the SDKs' JSON serializers write) as {@link ToolUsage} entries: one per span that carries the GenAI
 * token counts `gen_ai.usage.input_tokens` and `gen_ai.usage.output_tokens`. Other spans (HTTP calls, tool runs)
 * are skipped.
 *
 * The shape is the OTLP proto's JSON mapping (opentelemetry-proto `examples/trace.json`): 64-bit integers are
 * decimal strings in JSON but numbers are accepted too, and the JavaScript SDK does write `intValue` as a number.
 */
import {
  array,
  type DecodeContext,
  describe,
  fail,
  fieldName,
  type Infer,
  MalformedFieldError,
  object,
  optional,
  parse,
  type Schema,
  string,
  type ToolUsage,
} from "@coherence/protocol";
import { checkedUsage, sortUsage } from "./entries.ts";

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const MAX_UINT64 = (1n << 64n) - 1n;

/**
 * An OTLP 64-bit integer: a decimal string (the proto3 JSON mapping) or a JSON number. A number above 2^53 has
 * already lost digits in `JSON.parse`; it is taken as parsed, as every OTLP receiver does.
 */
const uint64Schema: Schema<bigint> = {
  jsonSchema: {
    anyOf: [
      { type: "string", pattern: DECIMAL.source },
      { type: "integer", minimum: 0 },
    ],
  },
  decode(value: unknown, context: DecodeContext): bigint {
    const n =
      typeof value === "string" && DECIMAL.test(value)
        ? BigInt(value)
        : typeof value === "number" && Number.isInteger(value) && value >= 0
          ? BigInt(value)
          : undefined;
    if (n === undefined || n > MAX_UINT64) {
      fail(context, `expected a non-negative 64-bit integer (decimal string or number), got ${describe(value)}`);
    }
    return n;
  },
  encode: (value) => value.toString(),
};

/** An `AnyValue`: only the kinds GenAI attributes use are read; arrays, doubles and the rest pass unread. */
const anyValueSchema = object(
  { stringValue: optional(string()), intValue: optional(uint64Schema) },
  { allowExtra: true },
);
const keyValueSchema = object({ key: string(), value: optional(anyValueSchema) }, { allowExtra: true });
const spanSchema = object(
  {
    name: string(),
    startTimeUnixNano: uint64Schema,
    endTimeUnixNano: uint64Schema,
    attributes: optional(array(keyValueSchema)),
  },
  { allowExtra: true },
);
type Span = Infer<typeof spanSchema>;
const exportSchema = object(
  {
    resourceSpans: array(
      object(
        { scopeSpans: optional(array(object({ spans: optional(array(spanSchema)) }, { allowExtra: true }))) },
        {
          allowExtra: true,
        },
      ),
    ),
  },
  { allowExtra: true },
);

const INPUT = "gen_ai.usage.input_tokens";
const OUTPUT = "gen_ai.usage.output_tokens";
const CACHE_READ = "gen_ai.usage.cache_read.input_tokens";
const CACHE_CREATION = "gen_ai.usage.cache_creation.input_tokens";

/**
 * The GenAI usage in an OTLP/JSON trace export, one entry per span with token counts, sorted. The provider is
 * `gen_ai.provider.name` or, from instrumentations on semantic conventions before 1.37, `gen_ai.system`; the model
 * is `gen_ai.request.model`, else `gen_ai.response.model`. `source` names the file in errors:
 * `source: resourceSpans[0].scopeSpans[0].spans[2].attributes: problem`.
 *
 * @example
 * importOtelSpans(JSON.parse(readFileSync("traces.json", "utf8")), "traces.json");
 * // [{ "gen_ai.provider.name": "anthropic", "gen_ai.request.model": "claude-sonnet-4-5", requests: 1,
 * //    start: "2026-11-30T09:15:00.120000987Z", … }]
 */
export function importOtelSpans(json: unknown, source: string): ToolUsage[] {
  const request = parse(exportSchema, json, { source });
  const entries: ToolUsage[] = [];
  request.resourceSpans.forEach((resource, i) => {
    resource.scopeSpans?.forEach((scope, j) => {
      scope.spans?.forEach((span, k) => {
        const path = ["resourceSpans", i, "scopeSpans", j, "spans", k];
        const entry = usageOf(span, (field, problem) => {
          throw new MalformedFieldError(fieldName([...path, ...field]), problem, { source });
        });
        if (entry !== undefined) entries.push(checkedUsage(entry, source, path));
      });
    });
  });
  return sortUsage(entries);
}

type Problem = (field: readonly (string | number)[], message: string) => never;

function usageOf(span: Span, problem: Problem): ToolUsage | undefined {
  const attributes = new Map<string, { value: Infer<typeof anyValueSchema> | undefined; index: number }>();
  span.attributes?.forEach((attribute, index) => {
    attributes.set(attribute.key, { value: attribute.value, index });
  });
  if (!attributes.has(INPUT) && !attributes.has(OUTPUT)) return undefined;
  const text = (key: string): string | undefined => attributes.get(key)?.value?.stringValue;
  const count = (key: string): number | undefined => {
    const found = attributes.get(key);
    if (found === undefined) return undefined;
    const n = found.value?.intValue;
    if (n === undefined || n > BigInt(Number.MAX_SAFE_INTEGER)) {
      problem(["attributes", found.index, "value"], `${key} must be an intValue of at most 2^53 - 1`);
    }
    return Number(n);
  };
  const provider = text("gen_ai.provider.name") ?? text("gen_ai.system");
  const model = text("gen_ai.request.model") ?? text("gen_ai.response.model");
  if (provider === undefined) problem(["attributes"], "has token counts but no gen_ai.provider.name or gen_ai.system");
  if (model === undefined)
    problem(["attributes"], "has token counts but no gen_ai.request.model or gen_ai.response.model");
  const input = count(INPUT);
  const output = count(OUTPUT);
  if (input === undefined || output === undefined) {
    problem(["attributes"], `has only one of ${INPUT} and ${OUTPUT}`);
  }
  const cacheRead = count(CACHE_READ);
  const cacheCreation = count(CACHE_CREATION);
  return {
    end: instantOf(span.endTimeUnixNano),
    "gen_ai.provider.name": provider,
    "gen_ai.request.model": model,
    ...(cacheCreation !== undefined ? { [CACHE_CREATION]: cacheCreation } : {}),
    ...(cacheRead !== undefined ? { [CACHE_READ]: cacheRead } : {}),
    [INPUT]: input,
    [OUTPUT]: output,
    // A span is one call to the model.
    requests: 1,
    start: instantOf(span.startTimeUnixNano),
  };
}

const NS_PER_SECOND = 1_000_000_000n;

/**
 * Nanoseconds since the epoch as an ISO UTC instant, to the nanosecond (trailing zeros of the fraction dropped):
 * bigint arithmetic, since nanosecond timestamps exceed 2^53.
 *
 * @example
 * instantOf(1796030100120000987n) // "2026-11-30T09:15:00.120000987Z"
 */
export function instantOf(unixNano: bigint): string {
  const seconds = unixNano / NS_PER_SECOND;
  const fraction = (unixNano % NS_PER_SECOND).toString().padStart(9, "0").replace(/0+$/, "");
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${whole}${fraction === "" ? "" : `.${fraction}`}Z`;
}
