/**
 * The published JSON Schemas of the cost formats (report, rate card, price table, machine profile, and the
 * time-entry and subscription files), generated from their declarations so the two cannot drift:
 * `protocol/scripts/generateCostSchemas.ts` writes them to `protocol/schemas/`, and a test checks the committed
 * files are what this returns. Rules across fields (min <= max, end after start, sums) are the decoders' alone.
 */
import type { Schema } from "../schema.ts";
import { subscriptionsSchema, timeEntriesSchema } from "./costInputs.ts";
import { costReportSchema } from "./costReport.ts";
import { machineProfileSchema } from "./machineProfile.ts";
import { priceTableSchema } from "./priceTable.ts";
import { rateCardSchema } from "./rateCard.ts";

const FORMATS: readonly { id: string; title: string; schema: Schema<unknown>; declaredIn: string }[] = [
  {
    id: "coherence-cost-report-v1",
    title: "Coherence Network cost report",
    schema: costReportSchema,
    declaredIn: "costReport.ts",
  },
  {
    id: "coherence-rate-card-v1",
    title: "Coherence Network rate card",
    schema: rateCardSchema,
    declaredIn: "rateCard.ts",
  },
  {
    id: "coherence-price-table-v1",
    title: "Coherence Network token price table",
    schema: priceTableSchema,
    declaredIn: "priceTable.ts",
  },
  {
    id: "coherence-machine-profile-v1",
    title: "Coherence Network machine profile",
    schema: machineProfileSchema,
    declaredIn: "machineProfile.ts",
  },
  {
    id: "coherence-time-entries-v1",
    title: "Coherence Network time entries",
    schema: timeEntriesSchema,
    declaredIn: "costInputs.ts",
  },
  {
    id: "coherence-subscriptions-v1",
    title: "Coherence Network subscriptions",
    schema: subscriptionsSchema,
    declaredIn: "costInputs.ts",
  },
];

/**
 * Each schema file's name (`coherence-cost-report-v1.schema.json`) and text.
 *
 * @example
 * for (const [file, text] of Object.entries(costJsonSchemaTexts())) await writeFile(`protocol/schemas/${file}`, text);
 */
export function costJsonSchemaTexts(): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const { id, title, schema, declaredIn } of FORMATS) {
    const document = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: `https://coherence.network/schemas/${id}.json`,
      $comment: `Generated from protocol/src/costs/${declaredIn} by protocol/scripts/generateCostSchemas.ts: do not edit.`,
      title,
      ...schema.jsonSchema,
    };
    texts[`${id}.schema.json`] = `${JSON.stringify(document, null, 2)}\n`;
  }
  return texts;
}
