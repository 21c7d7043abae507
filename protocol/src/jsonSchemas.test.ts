import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { test } from "node:test";

import { jsonSchemaTexts } from "./jsonSchemas.ts";

const DIR = new URL("../schemas/", import.meta.url);

test("the committed JSON Schemas in protocol/schemas/ are the ones generated from the declarations", async () => {
  const texts = jsonSchemaTexts();
  assert.deepEqual((await readdir(DIR)).sort(), Object.keys(texts).sort());
  for (const [file, text] of Object.entries(texts)) {
    assert.equal(
      await readFile(new URL(file, DIR), "utf8"),
      text,
      `${file} is stale: run \`node protocol/scripts/generateJsonSchemas.ts\``,
    );
  }
});
