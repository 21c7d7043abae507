/**
 * The published JSON Schemas of the protocol's file formats (the cost formats and the bundle manifest), generated
 * from their declarations so the two cannot drift: `protocol/scripts/generateJsonSchemas.ts` writes them to
 * `protocol/schemas/`, and a test checks the committed files are what this returns. Rules across fields
 * (min <= max, end after start, sums, uniqueness) are the decoders' alone.
 */
import { bundleManifestSchema } from "./bundle/bundleManifest.ts";
import { subscriptionsSchema, timeEntriesSchema } from "./costs/costInputs.ts";
import { costReportSchema } from "./costs/costReport.ts";
import { machineProfileSchema } from "./costs/machineProfile.ts";
import { priceTableSchema } from "./costs/priceTable.ts";
import { rateCardSchema } from "./costs/rateCard.ts";
import type { Schema } from "./schema.ts";

/** Each format, with the module under `protocol/src/` that declares it. */
const FORMATS: readonly { id: string; title: string; schema: Schema<unknown>; declaredIn: string }[] = [
  {
    id: "coherence-cost-report-v1",
    title: "Coherence Network cost report",
    schema: costReportSchema,
    declaredIn: "costs/costReport.ts",
  },
  {
    id: "coherence-rate-card-v1",
    title: "Coherence Network rate card",
    schema: rateCardSchema,
    declaredIn: "costs/rateCard.ts",
  },
  {
    id: "coherence-price-table-v1",
    title: "Coherence Network token price table",
    schema: priceTableSchema,
    declaredIn: "costs/priceTable.ts",
  },
  {
    id: "coherence-machine-profile-v1",
    title: "Coherence Network machine profile",
    schema: machineProfileSchema,
    declaredIn: "costs/machineProfile.ts",
  },
  {
    id: "coherence-time-entries-v1",
    title: "Coherence Network time entries",
    schema: timeEntriesSchema,
    declaredIn: "costs/costInputs.ts",
  },
  {
    id: "coherence-subscriptions-v1",
    title: "Coherence Network subscriptions",
    schema: subscriptionsSchema,
    declaredIn: "costs/costInputs.ts",
  },
  {
    id: "coherence-bundle-v1",
    title: "Coherence Network bundle manifest (coherence.bundle.json)",
    schema: bundleManifestSchema,
    declaredIn: "bundle/bundleManifest.ts",
  },
];

/**
 * Each schema file's name (`coherence-cost-report-v1.schema.json`) and text.
 *
 * @example
 * for (const [file, text] of Object.entries(jsonSchemaTexts())) await writeFile(`protocol/schemas/${file}`, text);
 */
export function jsonSchemaTexts(): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const { id, title, schema, declaredIn } of FORMATS) {
    const document = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: `https://coherence.network/schemas/${id}.json`,
      $comment: `Generated from protocol/src/${declaredIn} by protocol/scripts/generateJsonSchemas.ts: do not edit.`,
      title,
      ...schema.jsonSchema,
    };
    texts[`${id}.schema.json`] = `${JSON.stringify(document, null, 2)}\n`;
  }
  return texts;
}
