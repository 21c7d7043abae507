/**
 * The cost files `ccn cost build` and `ccn cost verify` read, each decoded by its format's schema with the
 * file's name in every error, and the report written as canonical JSON.
 */
import { writeFile } from "node:fs/promises";
import {
  array,
  type CostReport,
  canonicalJson,
  costReportSchema,
  type MachineProfile,
  machineProfileSchema,
  type PriceTable,
  parse,
  priceTableSchema,
  type RateCard,
  rateCardSchema,
  type Schema,
  type Subscriptions,
  subscriptionsSchema,
  type TimeEntries,
  type ToolUsage,
  timeEntriesSchema,
  toolUsageSchema,
} from "@coherence/protocol";

import { importCcusage } from "./import/ccusage.ts";
import { importOtelSpans } from "./import/otelSpans.ts";
import { readCostJson } from "./readCostFile.ts";

async function readAs<T>(schema: Schema<T>, file: string): Promise<T> {
  return parse(schema, await readCostJson(file), { source: file });
}

export const readTimeEntries = (file: string): Promise<TimeEntries> => readAs(timeEntriesSchema, file);
export const readRateCard = (file: string): Promise<RateCard> => readAs(rateCardSchema, file);
export const readPriceTable = (file: string): Promise<PriceTable> => readAs(priceTableSchema, file);
export const readMachineProfile = (file: string): Promise<MachineProfile> => readAs(machineProfileSchema, file);
export const readSubscriptions = (file: string): Promise<Subscriptions> => readAs(subscriptionsSchema, file);
export const readCostReport = (file: string): Promise<CostReport> => readAs(costReportSchema, file);

/** Usage from a ccusage `--json` file, or an array of tool usage entries already in the report's shape. */
export async function readCcusage(file: string): Promise<ToolUsage[]> {
  return usageOrImported(await readCostJson(file), file, importCcusage);
}

/** Usage from an OTLP/JSON trace export, or an array of tool usage entries already in the report's shape. */
export async function readOtelSpans(file: string): Promise<ToolUsage[]> {
  return usageOrImported(await readCostJson(file), file, importOtelSpans);
}

function usageOrImported(
  json: unknown,
  file: string,
  importer: (json: unknown, source: string) => ToolUsage[],
): ToolUsage[] {
  // Neither export is a bare array, so an array can only be entries someone already converted.
  return Array.isArray(json) ? [...parse(array(toolUsageSchema), json, { source: file })] : importer(json, file);
}

/**
 * Writes `report` as canonical JSON (its hash is the hash of these bytes, newline excluded).
 *
 * @example
 * await writeCostReport("report.json", priceCostReport(inputs));
 */
export async function writeCostReport(file: string, report: CostReport): Promise<void> {
  await writeFile(file, `${canonicalJson(costReportSchema.encode(report))}\n`);
}
