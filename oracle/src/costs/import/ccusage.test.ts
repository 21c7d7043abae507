import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { MalformedFieldError, type ToolUsage } from "@coherence/protocol";
import fc from "fast-check";
import { importCcusage } from "./ccusage.ts";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8"));

type Totals = { inputTokens: number; outputTokens: number; cacheCreationTokens: number; cacheReadTokens: number };

/** The entries' tokens in ccusage's terms: OpenTelemetry's input includes the cached tokens, ccusage's does not. */
function totalsOf(entries: readonly ToolUsage[]): Totals {
  const sum = (f: (e: ToolUsage) => number) => entries.reduce((total, e) => total + f(e), 0);
  const cacheCreationTokens = sum((e) => e["gen_ai.usage.cache_creation.input_tokens"] ?? 0);
  const cacheReadTokens = sum((e) => e["gen_ai.usage.cache_read.input_tokens"] ?? 0);
  return {
    inputTokens: sum((e) => e["gen_ai.usage.input_tokens"]) - cacheCreationTokens - cacheReadTokens,
    outputTokens: sum((e) => e["gen_ai.usage.output_tokens"]),
    cacheCreationTokens,
    cacheReadTokens,
  };
}

function fileTotals(json: unknown): Totals {
  const { inputTokens, outputTokens, cacheCreationTokens, cacheReadTokens } = (json as { totals: Totals }).totals;
  return { inputTokens, outputTokens, cacheCreationTokens, cacheReadTokens };
}

function throwsField(run: () => unknown, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof MalformedFieldError);
    assert.equal(error.message, message);
    return true;
  });
}

describe("importCcusage", () => {
  test("reads `ccusage claude daily --json`: one entry per model and day, cached tokens inside input", () => {
    const entries = importCcusage(fixture("ccusage-claude-daily.json"), "daily.json");
    assert.deepEqual(entries[0], {
      end: "2026-11-29T23:59:59.999Z",
      "gen_ai.provider.name": "anthropic",
      "gen_ai.request.model": "claude-sonnet-4-5-20250929",
      "gen_ai.usage.cache_creation.input_tokens": 8635,
      "gen_ai.usage.cache_read.input_tokens": 8123,
      "gen_ai.usage.input_tokens": 15 + 8635 + 8123,
      "gen_ai.usage.output_tokens": 1698,
      requests: 1,
      start: "2026-11-29T00:00:00Z",
    });
    assert.deepEqual(
      entries.map((e) => [e.start.slice(0, 10), e["gen_ai.request.model"]]),
      [
        ["2026-11-29", "claude-sonnet-4-5-20250929"],
        ["2026-11-30", "claude-haiku-4-5-20251001"],
        ["2026-11-30", "claude-opus-4-5-20251101"],
        ["2026-11-30", "claude-sonnet-4-5-20250929"],
      ],
    );
  });

  test("reads `ccusage daily --json` of Claude Code alone as the same entries", () => {
    assert.deepEqual(
      importCcusage(fixture("ccusage-daily.json"), "all.json"),
      importCcusage(fixture("ccusage-claude-daily.json"), "claude.json"),
    );
  });

  test("reads `ccusage claude session --json` with the session's bounds", () => {
    const entries = importCcusage(fixture("ccusage-claude-session.json"), "sessions.json");
    assert.deepEqual(
      entries.map((e) => [e.start, e.end, e["gen_ai.request.model"], e["gen_ai.usage.input_tokens"]]),
      [
        ["2026-11-29T22:58:10.120Z", "2026-11-30T00:06:01.300Z", "claude-haiku-4-5-20251001", 1874],
        ["2026-11-29T22:58:10.120Z", "2026-11-30T00:06:01.300Z", "claude-sonnet-4-5-20250929", 20 + 8875 + 16758],
        ["2026-11-30T09:15:00.000Z", "2026-11-30T09:16:12.500Z", "claude-opus-4-5-20251101", 10 + 16524 + 15320],
      ],
    );
  });

  test("conserves the fixtures' totals", () => {
    for (const name of ["ccusage-claude-daily.json", "ccusage-daily.json", "ccusage-claude-session.json"]) {
      const json = fixture(name);
      assert.deepEqual(totalsOf(importCcusage(json, name)), fileTotals(json), name);
    }
  });

  test("refuses `ccusage session --json`, which has no session start", () => {
    throwsField(
      () => importCcusage(fixture("ccusage-session.json"), "s.json"),
      "s.json: session: is `ccusage session --json`, which gives no session start: export `ccusage claude session --json`",
    );
  });

  test("refuses a day that mixes in other agents, whose provider ccusage does not give", () => {
    const json = fixture("ccusage-daily.json") as { daily: { metadata: { agents: string[] } }[] };
    json.daily[1]!.metadata.agents = ["claude", "codex"];
    throwsField(
      () => importCcusage(json, "all.json"),
      'all.json: daily[1].metadata.agents: lists usage of agents other than Claude Code (["claude","codex"]): export `ccusage claude daily --json`',
    );
  });

  test("names the malformed field", () => {
    const json = fixture("ccusage-claude-daily.json") as { daily: { modelBreakdowns: { inputTokens: unknown }[] }[] };
    json.daily[1]!.modelBreakdowns[2]!.inputTokens = "12";
    throwsField(
      () => importCcusage(json, "d.json"),
      'd.json: daily[1].modelBreakdowns[2].inputTokens: expected an integer 0..9007199254740991, got "12"',
    );
    throwsField(
      () => importCcusage({ totals: {} }, "t.json"),
      "t.json: (root): expected the output of `ccusage claude daily --json` (daily) or `ccusage claude session --json` (sessions)",
    );
  });

  test("checks each entry as a tool usage entry", () => {
    const json = fixture("ccusage-claude-session.json") as { sessions: { lastActivity: string }[] };
    json.sessions[0]!.lastActivity = "2026-11-30T09:14:00.000Z";
    throwsField(
      () => importCcusage(json, "s.json"),
      "s.json: sessions[0].modelBreakdowns[0].end: is before start (2026-11-30T09:15:00.000Z)",
    );
  });

  test("is deterministic, ignores row order and conserves totals, for any daily or session report", () => {
    const breakdown = fc.record({
      modelName: fc.constantFrom("claude-opus-4-5-20251101", "claude-sonnet-4-5-20250929", "<synthetic>"),
      inputTokens: fc.nat(1_000_000),
      outputTokens: fc.nat(1_000_000),
      cacheCreationTokens: fc.nat(1_000_000),
      cacheReadTokens: fc.nat(10_000_000),
      cost: fc.double({ min: 0, max: 100, noNaN: true }),
    });
    const day = fc.date({ min: new Date("2025-01-01"), max: new Date("2027-12-31"), noInvalidDate: true });
    const daily = fc
      .array(fc.record({ date: day.map((d) => d.toISOString().slice(0, 10)), modelBreakdowns: fc.array(breakdown) }))
      .map((rows) => ({ daily: rows }));
    const sessions = fc
      .array(
        fc.record({
          sessionId: fc.uuid(),
          firstActivity: day,
          seconds: fc.nat(86_400),
          modelBreakdowns: fc.array(breakdown),
        }),
      )
      .map((rows) => ({
        sessions: rows.map(({ firstActivity, seconds, ...row }) => ({
          ...row,
          firstActivity: firstActivity.toISOString(),
          lastActivity: new Date(firstActivity.getTime() + seconds * 1000).toISOString(),
        })),
      }));
    fc.assert(
      fc.property(fc.oneof(daily, sessions), (file) => {
        const rows: { modelBreakdowns: Totals[] }[] = "daily" in file ? file.daily : file.sessions;
        const breakdowns = rows.flatMap((row) => row.modelBreakdowns);
        const add = (field: keyof Totals) => breakdowns.reduce((total, b) => total + b[field], 0);
        const expected: Totals = {
          inputTokens: add("inputTokens"),
          outputTokens: add("outputTokens"),
          cacheCreationTokens: add("cacheCreationTokens"),
          cacheReadTokens: add("cacheReadTokens"),
        };
        const entries = importCcusage(file, "gen.json");
        assert.deepEqual(importCcusage(structuredClone(file), "gen.json"), entries);
        const reverse = <R extends { modelBreakdowns: unknown[] }>(list: R[]) =>
          list.map((row) => ({ ...row, modelBreakdowns: [...row.modelBreakdowns].reverse() })).reverse();
        const reversed = "daily" in file ? { daily: reverse(file.daily) } : { sessions: reverse(file.sessions) };
        assert.deepEqual(importCcusage(reversed, "gen.json"), entries);
        assert.deepEqual(totalsOf(entries), expected);
      }),
      { numRuns: 200 },
    );
  });
});
