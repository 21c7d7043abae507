/**
 * The files a contributor writes to build a cost report: time entries (`coherence-time-entries-v1`) and
 * subscriptions (`coherence-subscriptions-v1`).
 */
import { array, type Infer, literal, object, refine, string } from "../schema.ts";
import { microUsdSchema } from "./microUsd.ts";
import { ROLE_PATTERN } from "./rateCard.ts";
import { instantSchema } from "./toolUsage.ts";

export const TIME_ENTRIES_FORMAT = "coherence-time-entries-v1";
export const SUBSCRIPTIONS_FORMAT = "coherence-subscriptions-v1";

/** One interval of work in one role, at the hourly rate the contributor claims. */
export const timeEntrySchema = refine(
  object(
    {
      description: string({ minLength: 1 }),
      end: instantSchema,
      /** Must lie within the role's bounds on the asset's rate card. */
      hourlyMicroUsd: microUsdSchema,
      role: string({ pattern: ROLE_PATTERN, expected: "a role name such as engineer" }),
      start: instantSchema,
    },
    { sorted: true },
  ),
  (entry, problem) => {
    if (Date.parse(entry.end) <= Date.parse(entry.start)) problem(["end"], `is not after start (${entry.start})`);
  },
);
export type TimeEntry = Infer<typeof timeEntrySchema>;

/**
 * @example
 * parse(timeEntriesSchema, { format: "coherence-time-entries-v1", entries: [{ description: "parser",
 *   start: "2026-11-30T09:00:00Z", end: "2026-11-30T13:00:00Z", role: "engineer", hourlyMicroUsd: "160000000" }] });
 */
export const timeEntriesSchema = object(
  { entries: array(timeEntrySchema, { min: 1 }), format: literal(TIME_ENTRIES_FORMAT) },
  { sorted: true },
);
export type TimeEntries = Infer<typeof timeEntriesSchema>;

/** A monthly plan (an AI editor's), charged in proportion to the report's labor time. */
export const subscriptionSchema = object(
  { monthlyMicroUsd: microUsdSchema, name: string({ minLength: 1 }) },
  { sorted: true },
);
export type Subscription = Infer<typeof subscriptionSchema>;

/**
 * @example
 * parse(subscriptionsSchema, { format: "coherence-subscriptions-v1",
 *   subscriptions: [{ monthlyMicroUsd: "9000000", name: "editor plan" }] });
 */
export const subscriptionsSchema = object(
  { format: literal(SUBSCRIPTIONS_FORMAT), subscriptions: array(subscriptionSchema) },
  { sorted: true },
);
export type Subscriptions = Infer<typeof subscriptionsSchema>;
