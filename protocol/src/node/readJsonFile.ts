/**
 * Reading a JSON input file through its schema, for the Node side of every package: the file's name goes into
 * every error, and a file that cannot be read says what to do about it.
 */
import { readFile } from "node:fs/promises";

import { InvalidArgumentError } from "../errors.ts";
import { parseJson, type Schema } from "../schema.ts";

/** An input file that is missing or unreadable (a malformed one is a `MalformedFieldError`). */
export class InputFileError extends InvalidArgumentError {
  override name = "InputFileError";
  readonly file: string;

  constructor(file: string, problem: string, cause?: unknown) {
    super(`${file}: ${problem}`, { cause });
    this.file = file;
  }
}

/**
 * Reads `file` as JSON and decodes it by `schema`. `hint` says what to do when the file cannot be read
 * ("deploy to chain 31337 first").
 *
 * @example
 * const config = await readJsonFile(oracleConfigSchema, "ccn.config.json");
 */
export async function readJsonFile<T>(schema: Schema<T>, file: string, hint?: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    const reason = (cause as Error).message;
    throw new InputFileError(file, `cannot be read (${reason})${hint !== undefined ? `; ${hint}` : ""}`, cause);
  }
  return parseJson(schema, text, { source: file });
}
