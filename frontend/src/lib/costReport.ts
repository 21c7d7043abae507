/**
 * Cost reports in the browser: published content-addressed beside the manifests (`costs/<report hash>.json`,
 * canonical JSON of a `coherence-cost-report-v1`), fetched, and accepted only if the canonical hash of the file's
 * JSON is the hash it was asked for: a file that does not hash to its name is not that report, whoever wrote it.
 * Layout: oracle/docs/costs.md.
 */
import {
  BaseError,
  type CostReport,
  canonicalHash,
  costReportSchema,
  type Hex,
  type JsonValue,
  MalformedFieldError,
  parse,
} from "@coherence/protocol";

import { publishedUrl } from "./manifest.ts";

/** A cost report that cannot be had or is not the one asked for. */
export class CostReportError extends BaseError {
  override name = "CostReportError";
  readonly code: "NOT_CONFIGURED" | "NOT_PUBLISHED" | "UNAVAILABLE" | "HASH_MISMATCH" | "MALFORMED";
  readonly url: string | undefined;

  constructor(code: CostReportError["code"], message: string, options: { url?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.url = options.url;
  }
}

/** Where the report of `hash` is published, or undefined when no manifest source is configured. */
export function costReportUrl(hash: Hex): string | undefined {
  return publishedUrl(`costs/${hash.toLowerCase()}.json`);
}

/**
 * Fetches the report of `hash`, checks that its JSON hashes to `hash` and decodes it. Throws {@link CostReportError}.
 *
 * @example
 * const { report } = await fetchCostReport(check.report);
 */
export async function fetchCostReport(hash: Hex, signal?: AbortSignal): Promise<{ report: CostReport; url: string }> {
  const url = costReportUrl(hash);
  if (url === undefined)
    throw new CostReportError(
      "NOT_CONFIGURED",
      "No manifest source is configured for this app (VITE_MANIFEST_URL), so cost reports cannot be fetched.",
    );
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { headers: { accept: "application/json" }, ...(signal ? { signal } : {}) });
    text = response.ok ? await response.text() : "";
  } catch (cause) {
    if ((cause as Error).name === "AbortError") throw cause;
    throw new CostReportError(
      "UNAVAILABLE",
      `The cost report ${hash} cannot be fetched from ${url} (${(cause as Error).message}).`,
      { url, cause },
    );
  }
  // A single-page host answers a missing file with its index page.
  if (response.status === 404 || response.status === 410 || response.headers.get("content-type")?.includes("text/html"))
    throw new CostReportError("NOT_PUBLISHED", `The cost report ${hash} is not published at ${url}.`, { url });
  if (!response.ok)
    throw new CostReportError(
      "UNAVAILABLE",
      `The cost report ${hash} cannot be fetched from ${url} (HTTP ${response.status}).`,
      { url },
    );
  let json: unknown;
  let actual: Hex;
  try {
    json = JSON.parse(text);
    actual = canonicalHash(json as JsonValue);
  } catch (cause) {
    throw new CostReportError(
      "MALFORMED",
      `The file at ${url} is not canonical JSON (${(cause as Error).message}), so it is not the cost report ${hash}.`,
      { url, cause },
    );
  }
  if (actual.toLowerCase() !== hash.toLowerCase())
    throw new CostReportError(
      "HASH_MISMATCH",
      `The file at ${url} hashes to ${actual}, not to ${hash}: it is not that cost report.`,
      { url },
    );
  try {
    return { report: parse(costReportSchema, json), url };
  } catch (cause) {
    if (!(cause instanceof MalformedFieldError)) throw cause;
    throw new CostReportError(
      "MALFORMED",
      `The cost report at ${url} is malformed: ${cause.field}: ${cause.problem}.`,
      { url, cause },
    );
  }
}
