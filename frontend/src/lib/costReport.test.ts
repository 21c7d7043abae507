import { canonicalHash, canonicalJson, type JsonValue } from "@coherence/protocol";
import { afterEach, describe, expect, test, vi } from "vitest";

import { report, reportHash, reportJson } from "../test/costReports.ts";

// The settings are read when the module loads: the manifest source must be set before it is imported.
vi.stubEnv("VITE_MANIFEST_URL", "https://manifests.example/epochs/");
const { CostReportError, fetchCostReport } = await import("./costReport.ts");

const URL = `https://manifests.example/epochs/costs/${reportHash}.json`;
afterEach(() => vi.unstubAllGlobals());

/** Serves `body` with `init` for every fetch (or fails the fetch itself with `body` an Error). */
function serve(body: string | Error, init: ResponseInit = {}) {
  const fetch = vi.fn(async () => {
    if (body instanceof Error) throw body;
    return new Response(body, { headers: { "content-type": "application/json" }, ...init });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

async function failure(hash = reportHash) {
  const error = await fetchCostReport(hash).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(CostReportError);
  return error as InstanceType<typeof CostReportError>;
}

describe("fetchCostReport", () => {
  test("fetches the report beside the manifests by its hash and decodes it", async () => {
    const fetch = serve(`${canonicalJson(reportJson)}\n`);
    expect(await fetchCostReport(reportHash)).toEqual({ report, url: URL });
    expect(fetch).toHaveBeenCalledWith(URL, expect.objectContaining({ headers: { accept: "application/json" } }));
  });

  test("a missing report is not published, whether the host says 404 or answers with its web page", async () => {
    serve("", { status: 404 });
    expect(await failure()).toMatchObject({
      code: "NOT_PUBLISHED",
      shortMessage: `The cost report ${reportHash} is not published at ${URL}.`,
    });
    serve("<!doctype html><title>app</title>", { headers: { "content-type": "text/html; charset=utf-8" } });
    expect((await failure()).code).toBe("NOT_PUBLISHED");
  });

  test("a host that fails, or cannot be reached, is unavailable: something to try again", async () => {
    serve("", { status: 503 });
    expect(await failure()).toMatchObject({
      code: "UNAVAILABLE",
      shortMessage: `The cost report ${reportHash} cannot be fetched from ${URL} (HTTP 503).`,
    });
    serve(new TypeError("Failed to fetch"));
    expect((await failure()).shortMessage).toBe(
      `The cost report ${reportHash} cannot be fetched from ${URL} (Failed to fetch).`,
    );
  });

  test("a file that does not hash to its name is not that report, even a well-formed report", async () => {
    const other = {
      ...(reportJson as Record<string, JsonValue>),
      totals: { computeMicroUsd: "1", laborMicroUsd: "1", toolsMicroUsd: "1" },
    };
    serve(canonicalJson(other));
    expect(await failure()).toMatchObject({
      code: "HASH_MISMATCH",
      shortMessage: `The file at ${URL} hashes to ${canonicalHash(other)}, not to ${reportHash}: it is not that cost report.`,
    });
  });

  test("a file that is not canonical JSON, or hashes to its name but is not a report, is malformed", async () => {
    serve("not json");
    expect(await failure()).toMatchObject({
      code: "MALFORMED",
      shortMessage: expect.stringContaining("not canonical JSON"),
    });
    serve('{"labor":1.5}');
    expect((await failure()).code).toBe("MALFORMED");

    const notAReport = { format: "coherence-cost-report-v1", labor: {} };
    const hash = canonicalHash(notAReport);
    serve(canonicalJson(notAReport));
    expect(await failure(hash)).toMatchObject({
      code: "MALFORMED",
      shortMessage: expect.stringMatching(/^The cost report at .* is malformed: \w+(\.\w+)*: /),
    });
  });

  test("without a manifest source there is nowhere to fetch from", async () => {
    vi.unstubAllEnvs();
    vi.resetModules();
    const fresh = await import("./costReport.ts");
    expect(fresh.costReportUrl(reportHash)).toBeUndefined();
    const error = await fresh.fetchCostReport(reportHash).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "NOT_CONFIGURED" });
  });
});
