/**
 * Canonical JSON as the oracle writes it (oracle/src/manifest/canonicalJson.ts): keys in ascending UTF-16
 * code-unit order, no whitespace, strings escaped as `JSON.stringify` does, safe integers only. Used to re-check,
 * in the browser, that a published score's metric record hashes to the committed `metricsHash`.
 */

/** A value of parsed JSON that has no canonical form (a float). */
export class CanonicalJsonError extends Error {
  override name = "CanonicalJsonError";
}

export function canonicalJson(value: unknown, path = "$"): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isSafeInteger(value) || Object.is(value, -0)) throw new CanonicalJsonError(`${path}: ${value} is not a safe integer`);
      return String(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map((v, i) => canonicalJson(v, `${path}[${i}]`)).join(",")}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k], `${path}.${k}`)}`).join(",")}}`;
    }
    default:
      throw new CanonicalJsonError(`${path}: ${typeof value} has no JSON form`);
  }
}
