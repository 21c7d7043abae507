/**
 * Writes `oracle/src/scenario/scenario.schema.json` from the scenario format's declaration. Run it after changing
 * the format: `node oracle/scripts/generateScenarioSchema.ts`.
 */
import { writeFile } from "node:fs/promises";

import { SCENARIO_SCHEMA_FILE, scenarioJsonSchemaText } from "../src/scenario/scenarioJsonSchema.ts";

await writeFile(SCENARIO_SCHEMA_FILE, scenarioJsonSchemaText());
console.log(`wrote ${SCENARIO_SCHEMA_FILE}`);
