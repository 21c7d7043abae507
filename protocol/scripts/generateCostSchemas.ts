/**
 * Writes the cost formats' JSON Schemas to `protocol/schemas/` from their declarations. Run it after changing a
 * format: `node protocol/scripts/generateCostSchemas.ts`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import { costJsonSchemaTexts } from "../src/costs/costJsonSchemas.ts";

const DIR = path.resolve(import.meta.dirname, "../schemas");

await mkdir(DIR, { recursive: true });
for (const [file, text] of Object.entries(costJsonSchemaTexts())) {
  await writeFile(path.join(DIR, file), text);
  console.log(`wrote ${path.join(DIR, file)}`);
}
