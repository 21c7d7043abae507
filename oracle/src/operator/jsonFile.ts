/**
 * Writing a JSON file through its schema, the counterpart of `readJsonFile` from `@coherence/protocol/node`: the
 * file is the schema's `encode` of the value, so whatever is written reads back through the same schema.
 */
import { writeFile } from "node:fs/promises";

import type { Schema } from "@coherence/protocol";

/** Writes `value` to `file` as the schema encodes it: two-space indented, with a final newline. */
export async function writeJsonFile<T>(schema: Schema<T>, file: string, value: T): Promise<void> {
  await writeFile(file, `${JSON.stringify(schema.encode(value), null, 2)}\n`);
}
