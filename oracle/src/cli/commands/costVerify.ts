/**
 * `ccn cost verify <report.json>`: recomputes every line and total of a cost report against the rate card and
 * price table it names by hash, and prints the totals and every finding; exits 1 when there is one.
 */
import { type CostFinding, type CostReport, checkCostReport, costReportHash } from "@coherence/protocol";

import { readCostReport, readPriceTable, readRateCard } from "../../costs/costFiles.ts";
import { type Arguments, type CommandOutput, type CommandParameters, UsageError } from "../command.ts";

export const parameters = {
  words: ["cost", "verify"],
  summary: "recompute a cost report's lines and totals; list every finding",
  positionals: [{ name: "report", value: "report.json", help: "the cost report (coherence-cost-report-v1)" }],
  options: {
    "rate-card": { type: "string", value: "FILE", help: "the asset's rate card the report names; required" },
    "price-table": { type: "string", value: "FILE", help: "the token price table the report names; required" },
  },
  environment: [],
} as const satisfies CommandParameters;

export type CostVerifyResult = {
  file: string;
  reportHash: `0x${string}`;
  totals: CostReport["totals"];
  findings: CostFinding[];
};

export async function run(args: Arguments<typeof parameters>): Promise<CostVerifyResult> {
  const rateCardFile = args["rate-card"];
  const priceTableFile = args["price-table"];
  if (rateCardFile === undefined) throw new UsageError("missing --rate-card FILE");
  if (priceTableFile === undefined) throw new UsageError("missing --price-table FILE");
  const report = await readCostReport(args.report);
  const findings = checkCostReport(report, {
    rateCard: await readRateCard(rateCardFile),
    priceTable: await readPriceTable(priceTableFile),
  });
  return { file: args.report, reportHash: costReportHash(report), totals: report.totals, findings };
}

export function output(result: CostVerifyResult): CommandOutput {
  const { laborMicroUsd, toolsMicroUsd, computeMicroUsd } = result.totals;
  return {
    json: result,
    text: [
      `${result.file} (report hash ${result.reportHash}):`,
      `  labor ${laborMicroUsd}, tools ${toolsMicroUsd}, compute ${computeMicroUsd} micro-USD`,
      ...(result.findings.length === 0
        ? ["  every line and total recomputes"]
        : result.findings.map((f) => `  ${f.path}: ${f.reason}`)),
    ],
    exitCode: result.findings.length === 0 ? 0 : 1,
  };
}
