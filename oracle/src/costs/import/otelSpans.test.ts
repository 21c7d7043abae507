import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { MalformedFieldError } from "@coherence/protocol";
import fc from "fast-check";
import { importOtelSpans, instantOf } from "./otelSpans.ts";

type Attribute = { key: string; value: { stringValue?: string; intValue?: number | string; doubleValue?: number } };
type Span = { name: string; startTimeUnixNano: string; endTimeUnixNano: string; attributes: Attribute[] };
type Export = { resourceSpans: { scopeSpans: { spans: Span[] }[] }[] };

const fixture = (): Export =>
  JSON.parse(readFileSync(new URL("fixtures/otlp-genai-spans.json", import.meta.url), "utf8")) as Export;

function throwsField(run: () => unknown, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof MalformedFieldError);
    assert.equal(error.message, message);
    return true;
  });
}

describe("importOtelSpans", () => {
  test("reads the GenAI spans of an OTLP/JSON export and skips the others", () => {
    assert.deepEqual(importOtelSpans(fixture(), "spans.json"), [
      {
        end: "2026-11-30T09:15:07.845000321Z",
        "gen_ai.provider.name": "anthropic",
        "gen_ai.request.model": "claude-sonnet-4-5",
        "gen_ai.usage.cache_creation.input_tokens": 1024,
        "gen_ai.usage.cache_read.input_tokens": 11200,
        "gen_ai.usage.input_tokens": 12480,
        "gen_ai.usage.output_tokens": 612,
        requests: 1,
        start: "2026-11-30T09:15:00.120000987Z",
      },
      {
        // gen_ai.system, from instrumentations older than gen_ai.provider.name.
        end: "2026-11-30T09:15:09.410000077Z",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4.1-mini",
        "gen_ai.usage.input_tokens": 2210,
        "gen_ai.usage.output_tokens": 180,
        requests: 1,
        start: "2026-11-30T09:15:08.002000005Z",
      },
      {
        // Only gen_ai.response.model.
        end: "2026-11-30T09:15:09.731Z",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "text-embedding-3-small",
        "gen_ai.usage.input_tokens": 384,
        "gen_ai.usage.output_tokens": 0,
        requests: 1,
        start: "2026-11-30T09:15:09.5Z",
      },
    ]);
  });

  test("reads intValue as the decimal string of the proto3 JSON mapping as well as a number", () => {
    const json = fixture();
    for (const resource of json.resourceSpans) {
      for (const scope of resource.scopeSpans) {
        for (const span of scope.spans) {
          for (const { value } of span.attributes)
            if (value.intValue !== undefined) value.intValue = `${value.intValue}`;
        }
      }
    }
    assert.deepEqual(importOtelSpans(json, "collector.json"), importOtelSpans(fixture(), "sdk.json"));
  });

  test("names the malformed field", () => {
    const json = fixture();
    json.resourceSpans[0]!.scopeSpans[0]!.spans[1]!.startTimeUnixNano = "-1";
    throwsField(
      () => importOtelSpans(json, "t.json"),
      't.json: resourceSpans[0].scopeSpans[0].spans[1].startTimeUnixNano: expected a non-negative 64-bit integer (decimal string or number), got "-1"',
    );
    throwsField(() => importOtelSpans({ resourceLogs: [] }, "l.json"), "l.json: resourceSpans: missing");
  });

  test("refuses a GenAI span without a provider or with a token count that is not an intValue", () => {
    const json = fixture();
    const attributes = json.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes;
    attributes.splice(1, 1);
    throwsField(
      () => importOtelSpans(json, "p.json"),
      "p.json: resourceSpans[0].scopeSpans[0].spans[0].attributes: has token counts but no gen_ai.provider.name or gen_ai.system",
    );
    const doubled = fixture();
    doubled.resourceSpans[0]!.scopeSpans[0]!.spans[1]!.attributes[3]!.value = { doubleValue: 2210 };
    throwsField(
      () => importOtelSpans(doubled, "d.json"),
      "d.json: resourceSpans[0].scopeSpans[0].spans[1].attributes[3].value: gen_ai.usage.input_tokens must be an intValue of at most 2^53 - 1",
    );
  });

  test("checks each entry as a tool usage entry", () => {
    const json = fixture();
    json.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes[4]!.value = { intValue: 100 };
    throwsField(
      () => importOtelSpans(json, "c.json"),
      "c.json: resourceSpans[0].scopeSpans[0].spans[0].gen_ai.usage.input_tokens: is less than the 12224 cached input tokens it includes",
    );
  });

  test("is deterministic, ignores span order and conserves tokens, for any export", () => {
    const genAiSpan = fc
      .record({
        provider: fc.constantFrom("anthropic", "openai", "gcp.gemini"),
        legacy: fc.boolean(),
        model: fc.constantFrom("claude-opus-4-5", "gpt-4.1", "gemini-2.5-pro"),
        input: fc.nat(1_000_000),
        output: fc.nat(1_000_000),
        cached: fc.option(fc.nat(1_000_000), { nil: undefined }),
        start: fc.bigInt({ min: 1_700_000_000_000_000_000n, max: 1_900_000_000_000_000_000n }),
        duration: fc.bigInt({ min: 0n, max: 600_000_000_000n }),
        asString: fc.boolean(),
      })
      .map(({ provider, legacy, model, input, output, cached, start, duration, asString }): Span => {
        const int = (n: number) => ({ intValue: asString ? `${n}` : n });
        return {
          name: `chat ${model}`,
          startTimeUnixNano: `${start}`,
          endTimeUnixNano: `${start + duration}`,
          attributes: [
            { key: legacy ? "gen_ai.system" : "gen_ai.provider.name", value: { stringValue: provider } },
            { key: "gen_ai.request.model", value: { stringValue: model } },
            { key: "gen_ai.usage.input_tokens", value: int(input + (cached ?? 0)) },
            { key: "gen_ai.usage.output_tokens", value: int(output) },
            ...(cached !== undefined ? [{ key: "gen_ai.usage.cache_read.input_tokens", value: int(cached) }] : []),
          ],
        };
      });
    const otherSpan = fc.constant<Span>({
      name: "GET /",
      startTimeUnixNano: "1796030110000000000",
      endTimeUnixNano: "1796030110250000000",
      attributes: [{ key: "http.response.status_code", value: { intValue: 200 } }],
    });
    const tokensOf = (spans: readonly Span[], key: string) =>
      spans.reduce((total, span) => total + Number(span.attributes.find((a) => a.key === key)?.value.intValue ?? 0), 0);
    fc.assert(
      fc.property(fc.array(fc.oneof(genAiSpan, otherSpan), { maxLength: 30 }), fc.nat(), (spans, cut) => {
        // The same spans in another order and split across resources.
        const at = spans.length === 0 ? 0 : cut % spans.length;
        const rotated = [...spans.slice(at), ...spans.slice(0, at)].reverse();
        const one: Export = { resourceSpans: [{ scopeSpans: [{ spans }] }] };
        const two: Export = {
          resourceSpans: [
            { scopeSpans: [{ spans: rotated.slice(0, at) }] },
            { scopeSpans: [{ spans: rotated.slice(at) }] },
          ],
        };
        const entries = importOtelSpans(one, "one.json");
        assert.deepEqual(importOtelSpans(two, "two.json"), entries);
        assert.deepEqual(importOtelSpans(structuredClone(one), "one.json"), entries);
        const sum = (f: (e: (typeof entries)[number]) => number) => entries.reduce((t, e) => t + f(e), 0);
        assert.equal(
          sum((e) => e["gen_ai.usage.input_tokens"]),
          tokensOf(spans, "gen_ai.usage.input_tokens"),
        );
        assert.equal(
          sum((e) => e["gen_ai.usage.output_tokens"]),
          tokensOf(spans, "gen_ai.usage.output_tokens"),
        );
        assert.equal(
          sum((e) => e["gen_ai.usage.cache_read.input_tokens"] ?? 0),
          tokensOf(spans, "gen_ai.usage.cache_read.input_tokens"),
        );
        assert.equal(entries.length, spans.filter((s) => s.name !== "GET /").length);
      }),
      { numRuns: 200 },
    );
  });
});

describe("instantOf", () => {
  test("writes nanoseconds since the epoch as an ISO UTC instant, to the nanosecond", () => {
    assert.equal(instantOf(0n), "1970-01-01T00:00:00Z");
    assert.equal(instantOf(1796030100120000987n), "2026-11-30T09:15:00.120000987Z");
    assert.equal(instantOf(1796030109500000000n), "2026-11-30T09:15:09.5Z");
  });
});
