/**
 * The cost report, `coherence-cost-report-v1`: what a contribution cost, in three parts whose totals are the
 * ContributionLedger's attested `laborMicroUsd`, `toolsMicroUsd` and `computeMicroUsd`. Every line carries its
 * inputs and its result, so anyone can redo its arithmetic (`checkCostReport`). The report is canonical JSON
 * (keys sorted at declaration) and its hash, like the manifest's, is `canonicalHash` of it.
 */
import { canonicalHash } from "../manifest/canonicalJson.ts";
import {
  array,
  bytes32,
  decimal,
  type Infer,
  integer,
  literal,
  MAX_UINT64,
  object,
  refine,
  string,
  variant,
} from "../schema.ts";
import { microUsdSchema } from "./microUsd.ts";
import { instantSchema, toolUsageSchema } from "./toolUsage.ts";

export const COST_REPORT_FORMAT = "coherence-cost-report-v1";

const name = string({ minLength: 1 });
const attested = decimal({ max: MAX_UINT64 });

/** `microUsd = floor(seconds * hourlyMicroUsd / 3600)`. */
export const laborLineSchema = refine(
  object(
    {
      description: name,
      end: instantSchema,
      hourlyMicroUsd: microUsdSchema,
      microUsd: microUsdSchema,
      role: name,
      /** Whole seconds from start to end (floored). */
      seconds: integer(),
      start: instantSchema,
    },
    { sorted: true },
  ),
  (line, problem) => {
    // A line that ends before it starts has no arithmetic to check.
    if (Date.parse(line.end) <= Date.parse(line.start)) problem(["end"], `is not after start (${line.start})`);
  },
);
export type LaborLine = Infer<typeof laborLineSchema>;

/**
 * `microUsd = floor((uncachedInput * input + cacheRead * cacheRead + cacheWrite * cacheWrite + output * output)
 * / 1,000,000)`, where uncached input is the usage's input tokens less the cached ones.
 */
export const usageLineSchema = object(
  {
    cacheReadMicroUsdPerMillion: microUsdSchema,
    cacheWriteMicroUsdPerMillion: microUsdSchema,
    inputMicroUsdPerMillion: microUsdSchema,
    microUsd: microUsdSchema,
    outputMicroUsdPerMillion: microUsdSchema,
    usage: toolUsageSchema,
  },
  { sorted: true },
);
export type UsageLine = Infer<typeof usageLineSchema>;

/** `microUsd = floor(monthlyMicroUsd * laborSeconds / secondsInMonth)`. */
export const subscriptionLineSchema = object(
  {
    laborSeconds: integer(),
    microUsd: microUsdSchema,
    monthlyMicroUsd: microUsdSchema,
    name,
    secondsInMonth: integer({ min: 1 }),
  },
  { sorted: true },
);
export type SubscriptionLine = Infer<typeof subscriptionLineSchema>;

/**
 * `energyMicroUsd = floor(watts * seconds * electricityMicroUsdPerKwh / 3,600,000)`,
 * `depreciationMicroUsd = floor(purchaseMicroUsd * seconds / (lifetimeHours * 3600))`, `microUsd` their sum.
 */
export const machineLineSchema = object(
  {
    depreciationMicroUsd: microUsdSchema,
    electricityMicroUsdPerKwh: microUsdSchema,
    energyMicroUsd: microUsdSchema,
    kind: literal("machine"),
    lifetimeHours: integer({ min: 1 }),
    microUsd: microUsdSchema,
    name,
    purchaseMicroUsd: microUsdSchema,
    seconds: integer(),
    watts: integer(),
  },
  { sorted: true },
);
export type MachineLine = Infer<typeof machineLineSchema>;

/** `microUsd = minutes * microUsdPerMinute` (a CI provider's published per-minute rate). */
export const ciLineSchema = object(
  { kind: literal("ci"), microUsd: microUsdSchema, microUsdPerMinute: microUsdSchema, minutes: integer(), name },
  { sorted: true },
);
export type CiLine = Infer<typeof ciLineSchema>;

export const computeLineSchema = variant("kind", { ci: ciLineSchema, machine: machineLineSchema });
export type ComputeLine = Infer<typeof computeLineSchema>;

/**
 * @example
 * const report = parse(costReportSchema, JSON.parse(text), { source: "report.json" });
 * canonicalJson(costReportSchema.encode(report)) === text.trimEnd() // for a file ccn cost build wrote
 */
export const costReportSchema = object(
  {
    compute: object({ lines: array(computeLineSchema), totalMicroUsd: microUsdSchema }, { sorted: true }),
    format: literal(COST_REPORT_FORMAT),
    labor: object(
      {
        lines: array(laborLineSchema),
        /** `canonicalHash` of the rate card the lines were priced against. */
        rateCardHash: bytes32(),
        /** The lines' seconds added up: what subscriptions are pro-rated by. */
        seconds: integer(),
        totalMicroUsd: microUsdSchema,
      },
      { sorted: true },
    ),
    tools: object(
      {
        /** `canonicalHash` of the price table the usage lines were priced from. */
        priceTableHash: bytes32(),
        subscriptions: array(subscriptionLineSchema),
        totalMicroUsd: microUsdSchema,
        usage: array(usageLineSchema),
      },
      { sorted: true },
    ),
    /** The ContributionLedger's attested fields (uint64 there): each part's total. */
    totals: object({ computeMicroUsd: attested, laborMicroUsd: attested, toolsMicroUsd: attested }, { sorted: true }),
  },
  { sorted: true },
);
export type CostReport = Infer<typeof costReportSchema>;

/**
 * The report's hash: `canonicalHash` of its JSON, as the manifest's.
 *
 * @example
 * costReportHash(report) // "0x…"
 */
export function costReportHash(report: CostReport): `0x${string}` {
  return canonicalHash(costReportSchema.encode(report));
}
