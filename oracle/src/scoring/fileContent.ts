/**
 * Which changed files the scorer reads as text, and why the others are skipped. Every bound is counted in
 * bytes, lines or characters of the file, never in time, so the same file is skipped on every machine. A
 * skipped file is recorded with its reason: it is neither scored 0 nor counted as a parse error.
 */
import type { ScoringLimits } from "./config.ts";

/** Why a changed file was not measured. */
export const SKIP_REASONS = [
  "too-large",
  "binary",
  "utf-16",
  "not-utf-8",
  "minified",
  "generated",
  "vendored",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** A changed file the scorer did not read, as the record lists it. */
export type SkippedFile = { path: string; reason: SkipReason; detail: string };

/** A file's contents as the scorer takes them: its text, or why it is skipped. */
export type FileContent = { text: string } | { skipped: Omit<SkippedFile, "path"> };

/** How many leading lines may carry a generated-code marker. */
const MARKER_LINES = 5;
/** Markers code generators write at the top of their output (protobuf, Go, OpenAPI, GraphQL codegen, ...). */
const GENERATED_MARKER = /@generated\b|\bDO NOT EDIT\b|\bauto-?generated\b|\bautomatically generated\b/i;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The skip of a file by its size alone, before it is read (so a huge blob is never loaded), or `undefined`.
 *
 * @example
 * skipBySize(1_572_864, limits) // { reason: "too-large", detail: "1572864 bytes, over limits.maxFileBytes (262144)" }
 */
export function skipBySize(bytes: number, limits: ScoringLimits): Omit<SkippedFile, "path"> | undefined {
  if (bytes <= limits.maxFileBytes) return undefined;
  return { reason: "too-large", detail: `${bytes} bytes, over limits.maxFileBytes (${limits.maxFileBytes})` };
}

/**
 * The text of a file's bytes, or why it is skipped: UTF-16 (a byte-order mark), binary (a NUL byte), not
 * UTF-8 (Latin-1 and other legacy encodings), minified (a line over `limits.maxLineLength` characters), or
 * generated (a generator's marker in its first lines).
 *
 * @example
 * fileContent(Buffer.from("caf\xe9", "latin1"), limits) // { skipped: { reason: "not-utf-8", ... } }
 */
export function fileContent(bytes: Uint8Array, limits: ScoringLimits): FileContent {
  const bySize = skipBySize(bytes.length, limits);
  if (bySize !== undefined) return { skipped: bySize };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { skipped: { reason: "utf-16", detail: "UTF-16 text (byte-order mark); the scorer reads UTF-8" } };
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { skipped: { reason: "binary", detail: `a NUL byte at offset ${nul}` } };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { skipped: { reason: "not-utf-8", detail: "not valid UTF-8 (Latin-1 or another legacy encoding)" } };
  }
  const lines = text.split("\n");
  const long = lines.findIndex((line) => line.length > limits.maxLineLength);
  if (long !== -1) {
    return {
      skipped: {
        reason: "minified",
        detail: `line ${long + 1} has ${lines[long]!.length} characters, over limits.maxLineLength (${limits.maxLineLength})`,
      },
    };
  }
  const marker = lines.slice(0, MARKER_LINES).findIndex((line) => GENERATED_MARKER.test(line));
  if (marker !== -1)
    return { skipped: { reason: "generated", detail: `line ${marker + 1} marks the file as generated` } };
  return { text };
}
