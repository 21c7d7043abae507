/**
 * Reads the JSON that ccusage (npm `ccusage` 20, a CLI that totals Claude Code usage from
 * `~/.claude/projects/**.jsonl`) writes with `--json`, as {@link ToolUsage} entries: one per model of each day
 * or session. Supported: `ccusage claude daily --json` (`daily[].date`), `ccusage daily --json` (`daily[].period`,
 * when every agent in it is Claude Code) and `ccusage claude session --json` (`sessions[]`). The shapes were taken
 * from ccusage 20.0.24's own output (see fixtures/README.md).
 *
 * ccusage's `cost` and `totalCost` are not read: the project prices tokens from its own pinned table, so that a
 * report's cost does not depend on which ccusage version, or which price data it fetched, made the file.
 */
import {
  array,
  type DecodeContext,
  describe,
  fail,
  type Infer,
  integer,
  object,
  optional,
  parse,
  refine,
  type Schema,
  string,
  type ToolUsage,
} from "@coherence/protocol";
import { checkedUsage, sortUsage } from "./entries.ts";

const tokens = integer();

/** ccusage's tokens of one model; its `inputTokens` excludes the cached ones, unlike OpenTelemetry's. */
const modelBreakdownSchema = object(
  {
    modelName: string({ minLength: 1 }),
    inputTokens: tokens,
    outputTokens: tokens,
    cacheCreationTokens: tokens,
    cacheReadTokens: tokens,
  },
  { allowExtra: true },
);
type ModelBreakdown = Infer<typeof modelBreakdownSchema>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const daySchema = refine(string({ pattern: DAY, expected: "a day such as 2026-11-30" }), (day, problem) => {
  if (new Date(Date.parse(`${day}T00:00:00Z`)).toISOString().slice(0, 10) !== day) problem([], "is not a date");
});

/** A timestamp as Claude Code writes them (`2026-11-30T09:15:00.000Z`); decodes to the UTC instant. */
const activitySchema: Schema<string> = {
  jsonSchema: { type: "string", format: "date-time" },
  decode(value: unknown, context: DecodeContext): string {
    // A zone is required: without one, Date.parse would read the machine's local time.
    const ms = typeof value === "string" && /(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(ms)) fail(context, `expected an ISO 8601 time with a zone, got ${describe(value)}`);
    return new Date(ms).toISOString();
  },
  encode: (value) => value,
};

/** A row of `ccusage claude daily` (`date`) or of `ccusage daily` (`period`, `agent`, `metadata.agents`). */
const dailyRowSchema = refine(
  object(
    {
      date: optional(daySchema),
      period: optional(daySchema),
      agent: optional(string()),
      metadata: optional(object({ agents: optional(array(string())) }, { allowExtra: true })),
      modelBreakdowns: array(modelBreakdownSchema),
    },
    { allowExtra: true },
  ),
  (row, problem) => {
    if ((row.date === undefined) === (row.period === undefined)) {
      problem([], "expected a date (ccusage claude daily) or a period (ccusage daily)");
    }
    // `ccusage daily` mixes every agent it finds (Codex, Gemini, …) into one row, and nothing in a breakdown says
    // which provider served it, so only rows made of Claude Code alone are read as Anthropic's.
    const agents = row.agent === "all" ? row.metadata?.agents : row.agent === undefined ? ["claude"] : [row.agent];
    if (agents === undefined || agents.length === 0 || agents.some((agent) => agent !== "claude")) {
      problem(
        row.agent === "all" ? ["metadata", "agents"] : ["agent"],
        `lists usage of agents other than Claude Code (${JSON.stringify(agents ?? [])}): export \`ccusage claude daily --json\``,
      );
    }
  },
);

const sessionRowSchema = object(
  {
    sessionId: string({ minLength: 1 }),
    firstActivity: activitySchema,
    lastActivity: activitySchema,
    modelBreakdowns: array(modelBreakdownSchema),
  },
  { allowExtra: true },
);

const ccusageSchema = refine(
  object(
    {
      daily: optional(array(dailyRowSchema)),
      sessions: optional(array(sessionRowSchema)),
      session: optional(array(object({}, { allowExtra: true }))),
    },
    { allowExtra: true },
  ),
  (file, problem) => {
    if (file.session !== undefined) {
      problem(
        ["session"],
        "is `ccusage session --json`, which gives no session start: export `ccusage claude session --json`",
      );
    }
    if ((file.daily === undefined) === (file.sessions === undefined)) {
      problem(
        [],
        "expected the output of `ccusage claude daily --json` (daily) or `ccusage claude session --json` (sessions)",
      );
    }
  },
);

/**
 * The usage in a ccusage `--json` report, one entry per model per day or session, sorted. `source` names the
 * file in errors: a malformed one fails as `source: daily[0].modelBreakdowns[1].inputTokens: problem`.
 *
 * Days are read as UTC days (`00:00:00Z` to `23:59:59.999Z`): ccusage groups by its `--timezone` (the machine's
 * by default) without recording which, so export with `--timezone UTC` for exact bounds.
 *
 * @example
 * // ccusage claude daily --json --timezone UTC > usage.json
 * importCcusage(JSON.parse(readFileSync("usage.json", "utf8")), "usage.json");
 * // [{ "gen_ai.provider.name": "anthropic", "gen_ai.request.model": "claude-sonnet-4-5-20250929",
 * //    "gen_ai.usage.input_tokens": 16773, start: "2026-11-29T00:00:00Z", … }]
 */
export function importCcusage(json: unknown, source: string): ToolUsage[] {
  const file = parse(ccusageSchema, json, { source });
  const entries: ToolUsage[] = [];
  file.daily?.forEach((row, i) => {
    const day = (row.date ?? row.period)!;
    const interval = { start: `${day}T00:00:00Z`, end: `${day}T23:59:59.999Z` };
    row.modelBreakdowns.forEach((model, j) => {
      entries.push(checkedUsage(usageOf(model, interval), source, ["daily", i, "modelBreakdowns", j]));
    });
  });
  file.sessions?.forEach((row, i) => {
    // ccusage gives a session's bounds, not each model's, so every model of the session gets the session's.
    const interval = { start: row.firstActivity, end: row.lastActivity };
    row.modelBreakdowns.forEach((model, j) => {
      entries.push(checkedUsage(usageOf(model, interval), source, ["sessions", i, "modelBreakdowns", j]));
    });
  });
  return sortUsage(entries);
}

function usageOf(model: ModelBreakdown, interval: { start: string; end: string }): ToolUsage {
  return {
    end: interval.end,
    "gen_ai.provider.name": "anthropic",
    "gen_ai.request.model": model.modelName,
    "gen_ai.usage.cache_creation.input_tokens": model.cacheCreationTokens,
    "gen_ai.usage.cache_read.input_tokens": model.cacheReadTokens,
    // OpenTelemetry's input tokens include the cached ones; ccusage counts the three kinds apart.
    "gen_ai.usage.input_tokens": model.inputTokens + model.cacheCreationTokens + model.cacheReadTokens,
    "gen_ai.usage.output_tokens": model.outputTokens,
    // ccusage's reports do not count requests; an entry stands for at least one.
    requests: 1,
    start: interval.start,
  };
}
