/**
 * A contributor's cost report for a pull request: the one JSON file under `.coherence/costs/<login>/` that the
 * pull request adds or changes (as `ccn cost build --out` writes it), read at the merge commit. One report per
 * contributor, because the oracle pays a contribution only if its attested totals are its bound report's, so
 * each co-author declares their own share of the work by their own report. A report that stays in the tree
 * from an earlier pull request is not this one's, and its hours are refused by the oracle as billed twice.
 */
import { type CostReport, checkCostReport, costReportSchema, parseJson } from "@coherence/protocol";

import type { ChangedFile, RepositoryForge } from "../forge/forge.ts";
import type { GateRefusal } from "./gates.ts";

export const COST_REPORTS_DIR = ".coherence/costs";

/** The report, or why there is none the intake can attest. */
export async function costReportOf(
  api: RepositoryForge,
  files: readonly ChangedFile[],
  login: string,
  mergeSha: string,
): Promise<CostReport | GateRefusal> {
  const dir = `${COST_REPORTS_DIR}/${login}/`.toLowerCase();
  const reports = files.filter(
    (f) => f.path.toLowerCase().startsWith(dir) && f.path.endsWith(".json") && f.status !== "removed",
  );
  if (reports.length === 0)
    return { code: "no-cost-report", reason: `${login} added no cost report under ${dir} in this pull request` };
  if (reports.length > 1)
    return {
      code: "several-cost-reports",
      reason: `${login} has ${reports.length} cost reports in this pull request (${reports.map((f) => f.path).join(", ")}); one is attested`,
    };
  const path = reports[0]!.path;
  const text = await api.fileAt(path, mergeSha);
  if (text === undefined) return { code: "no-cost-report", reason: `${path} is not in the merge commit ${mergeSha}` };
  let report: CostReport;
  try {
    report = parseJson(costReportSchema, text, { source: path });
  } catch (error) {
    return { code: "cost-report-malformed", reason: (error as Error).message };
  }
  // Arithmetic only: the oracle checks the rate card, the price table, the window and double billing before pay.
  const findings = checkCostReport(report, { rateCard: undefined, priceTable: undefined });
  if (findings.length > 0)
    return {
      code: "cost-report-wrong",
      reason: `${path}: ${findings.map((f) => `${f.path} ${f.reason}`).join("; ")}`,
    };
  const { laborMicroUsd, toolsMicroUsd, computeMicroUsd } = report.totals;
  if (laborMicroUsd + toolsMicroUsd + computeMicroUsd === 0n)
    return { code: "zero-cost", reason: `${path} claims no cost: there is nothing to attest` };
  return report;
}
