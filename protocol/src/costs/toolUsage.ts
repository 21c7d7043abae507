/**
 * One AI or API usage entry of a cost report, in OpenTelemetry's GenAI attribute names so that usage exported
 * from any instrumented tool reads the same: provider, model, token counts (input includes the cached ones, as
 * the conventions say) and the session's interval. Importers (ccusage, OpenTelemetry spans) produce these;
 * pricing turns each into micro-USD from a pinned price table.
 */
import { type Infer, integer, object, optional, refine, string } from "../schema.ts";

/** An ISO 8601 UTC instant, `2026-11-30T09:15:00Z` (seconds precision or finer). */
export const instantSchema = string({
  pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/,
  expected: "an ISO 8601 UTC time such as 2026-11-30T09:15:00Z",
});

const tokens = integer();

export const toolUsageSchema = refine(
  object(
    {
      /** When the session ended. */
      end: instantSchema,
      /** The provider, `gen_ai.provider.name` (`anthropic`, `openai`, …). */
      "gen_ai.provider.name": string({ minLength: 1 }),
      /** The model as requested, `gen_ai.request.model`. */
      "gen_ai.request.model": string({ minLength: 1 }),
      /** Input tokens written to the provider's cache (part of `input_tokens`). */
      "gen_ai.usage.cache_creation.input_tokens": optional(tokens),
      /** Input tokens served from the provider's cache (part of `input_tokens`). */
      "gen_ai.usage.cache_read.input_tokens": optional(tokens),
      /** Every input token, cached ones included. */
      "gen_ai.usage.input_tokens": tokens,
      "gen_ai.usage.output_tokens": tokens,
      /** How many requests the entry adds up. */
      requests: integer({ min: 1 }),
      /** When the session started. */
      start: instantSchema,
    },
    { sorted: true },
  ),
  (entry, problem) => {
    const cached =
      (entry["gen_ai.usage.cache_read.input_tokens"] ?? 0) + (entry["gen_ai.usage.cache_creation.input_tokens"] ?? 0);
    if (cached > entry["gen_ai.usage.input_tokens"]) {
      problem(["gen_ai.usage.input_tokens"], `is less than the ${cached} cached input tokens it includes`);
    }
    if (Date.parse(entry.end) < Date.parse(entry.start)) problem(["end"], `is before start (${entry.start})`);
  },
);
export type ToolUsage = Infer<typeof toolUsageSchema>;
