/**
 * What every importer does with the entries it builds: check each against the protocol's {@link toolUsageSchema}
 * (so an importer cannot emit an entry that pricing would reject later) and put them in one canonical order, so
 * the same usage gives the same cost report whatever order the file listed it in.
 */
import { parse, type ToolUsage, toolUsageSchema } from "@coherence/protocol";

/**
 * `entry` checked as a {@link ToolUsage}; a failure names `source` and the input element it came from (`path`).
 *
 * @example
 * checkedUsage(entry, "ccusage.json", ["daily", 0, "modelBreakdowns", 1]);
 */
export function checkedUsage(entry: ToolUsage, source: string, path: readonly (string | number)[]): ToolUsage {
  return parse(toolUsageSchema, entry, { source, path });
}

/**
 * `entries` sorted by start, then provider, then model, then every other field, so that the order depends on the
 * entries alone.
 *
 * @example
 * sortUsage(importOtelSpans(json, "spans.json"));
 */
export function sortUsage(entries: readonly ToolUsage[]): ToolUsage[] {
  return [...entries].sort(compareUsage);
}

function compareUsage(a: ToolUsage, b: ToolUsage): number {
  return (
    compareInstants(a.start, b.start) ||
    compareText(a["gen_ai.provider.name"], b["gen_ai.provider.name"]) ||
    compareText(a["gen_ai.request.model"], b["gen_ai.request.model"]) ||
    compareInstants(a.end, b.end) ||
    a["gen_ai.usage.input_tokens"] - b["gen_ai.usage.input_tokens"] ||
    a["gen_ai.usage.output_tokens"] - b["gen_ai.usage.output_tokens"] ||
    (a["gen_ai.usage.cache_read.input_tokens"] ?? -1) - (b["gen_ai.usage.cache_read.input_tokens"] ?? -1) ||
    (a["gen_ai.usage.cache_creation.input_tokens"] ?? -1) - (b["gen_ai.usage.cache_creation.input_tokens"] ?? -1) ||
    a.requests - b.requests
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Compares two instants of `instantSchema` exactly. Their text does not sort (`…:00.5Z` is after `…:00Z` but
 * `.` sorts before `Z`) and `Date.parse` drops nanoseconds, so this compares the fixed-width seconds and then the
 * fraction padded to nine digits.
 */
export function compareInstants(a: string, b: string): number {
  return compareText(a.slice(0, 19), b.slice(0, 19)) || compareText(fraction(a), fraction(b));
}

function fraction(instant: string): string {
  return instant.slice(20, -1).padEnd(9, "0");
}
