import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";

import { SCENARIO_SCHEMA_FILE, scenarioJsonSchemaText } from "./scenarioJsonSchema.ts";

test("the committed scenario.schema.json is the one generated from the format's declaration", async () => {
  assert.equal(
    await readFile(SCENARIO_SCHEMA_FILE, "utf8"),
    scenarioJsonSchemaText(),
    "scenario.schema.json is stale: run `node oracle/scripts/generateScenarioSchema.ts`",
  );
});
