/**
 * Writes the JSON Schemas of the protocol's file formats to `protocol/schemas/` from their declarations. Run it
 * after changing a format: `node protocol/scripts/generateJsonSchemas.ts`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import { jsonSchemaTexts } from "../src/jsonSchemas.ts";

const DIR = path.resolve(import.meta.dirname, "../schemas");

await mkdir(DIR, { recursive: true });
for (const [file, text] of Object.entries(jsonSchemaTexts())) {
  await writeFile(path.join(DIR, file), text);
  console.log(`wrote ${path.join(DIR, file)}`);
}
