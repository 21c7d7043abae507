/**
 * Reading the files of a cost report (time entries, rate cards, price tables, usage exports, reports) with a
 * size cap: they are small, hand-written or exported, and a cap stops a wrong path (a 2 GB log) from being read
 * whole into memory before it fails to parse.
 */
import { open } from "node:fs/promises";

import { InputFileError } from "@coherence/protocol/node";

/** The largest cost file read: 1 MiB. */
export const MAX_COST_FILE_BYTES = 1024 * 1024;

/**
 * The JSON in `file`, refused with {@link InputFileError} when it cannot be read, is larger than `maxBytes` or is
 * not JSON.
 *
 * @example
 * parse(rateCardSchema, await readCostJson("rate-card.json"), { source: "rate-card.json" });
 */
export async function readCostJson(file: string, maxBytes: number = MAX_COST_FILE_BYTES): Promise<unknown> {
  let text: string;
  try {
    const handle = await open(file, "r");
    try {
      // Read one byte past the cap, so a file that is exactly the cap is accepted and a larger one is not.
      const buffer = Buffer.alloc(maxBytes + 1);
      const { bytesRead } = await handle.read(buffer, 0, maxBytes + 1, 0);
      if (bytesRead > maxBytes) {
        throw new InputFileError(file, `is larger than ${maxBytes} bytes, the limit for a cost file`);
      }
      text = buffer.toString("utf8", 0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (cause) {
    if (cause instanceof InputFileError) throw cause;
    throw new InputFileError(file, `cannot be read (${(cause as Error).message})`, cause);
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new InputFileError(file, `is not JSON (${(cause as Error).message})`, cause);
  }
}
