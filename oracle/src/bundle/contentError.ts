/** The error of a bundle's content: the manifest file and the field, as a malformed field of it. */
import { fieldName, MalformedFieldError } from "@coherence/protocol";

/**
 * @example
 * throw contentError("coherence.bundle.json", ["content", "files", 2], "src/x.ts does not exist");
 * // coherence.bundle.json: content.files[2]: src/x.ts does not exist
 */
export function contentError(manifestFile: string, field: readonly (string | number)[], problem: string) {
  return new MalformedFieldError(fieldName(field), problem, { source: manifestFile });
}
