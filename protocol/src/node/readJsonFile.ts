/**
 * Reading a JSON input file through its schema, for the Node side of every package: the file's name goes into
 * every error, and a file that cannot be read says what to do about it.
 */
import { readFileSync } from "node:fs";
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
  const text = await readFile(file, "utf8").catch((cause: unknown) => unreadable(file, cause, hint));
  return parseJson(schema, text, { source: file });
}

/** {@link readJsonFile} for configuration loaded synchronously (Ponder's config). */
export function readJsonFileSync<T>(schema: Schema<T>, file: string, hint?: string): T {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    unreadable(file, cause, hint);
  }
  return parseJson(schema, text, { source: file });
}

function unreadable(file: string, cause: unknown, hint: string | undefined): never {
  const reason = (cause as Error).message;
  throw new InputFileError(file, `cannot be read (${reason})${hint !== undefined ? `; ${hint}` : ""}`, cause);
}
