/**
 * The scenario format's published JSON Schema, `scenario.schema.json`, which scenario files name in `$schema` so
 * editors check and complete them. It is generated from the format's declaration so the two cannot drift:
 * `oracle/scripts/generateScenarioSchema.ts` writes it, and a test checks the committed file is what this returns.
 * Rules across parts (references, epochs) are the decoder's alone: a JSON Schema cannot express them.
 */
import { fileURLToPath } from "node:url";

import { scenarioShapeSchema } from "./scenarioTypes.ts";

// From import.meta.url: vite-node (Ponder) gives modules no import.meta.dirname.
export const SCENARIO_SCHEMA_FILE = fileURLToPath(new URL("scenario.schema.json", import.meta.url));

/** The text of `scenario.schema.json`. */
export function scenarioJsonSchemaText(): string {
  const document = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://coherence.network/schemas/scenario-v1.json",
    $comment:
      "Generated from oracle/src/scenario/scenarioTypes.ts by oracle/scripts/generateScenarioSchema.ts: do not edit.",
    title: "Coherence Network scenario",
    ...scenarioShapeSchema.jsonSchema,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
