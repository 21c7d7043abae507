/**
 * `ccn cost build`: prices a contribution's labor, tool usage, subscriptions and compute into a cost report
 * (`coherence-cost-report-v1`), whose totals are what the contributor attests on the ContributionLedger.
 */
import {
  type ComputeInput,
  type CostReport,
  costReportHash,
  integerText,
  priceCostReport,
  type ToolUsage,
  withCostReport,
} from "@coherence/protocol";
import { DEFAULT_PRICE_TABLE_FILE } from "@coherence/protocol/node";

import {
  readCcusage,
  readMachineProfile,
  readOtelSpans,
  readPriceTable,
  readRateCard,
  readSubscriptions,
  readTimeEntries,
  writeCostReport,
} from "../../costs/costFiles.ts";
import { type Arguments, type CommandOutput, type CommandParameters, UsageError } from "../command.ts";

export const parameters = {
  words: ["cost", "build"],
  summary: "price labor, tool usage, subscriptions and compute into a cost report",
  positionals: [],
  options: {
    labor: { type: "string", value: "FILE", help: "the time entries (coherence-time-entries-v1); required" },
    "rate-card": { type: "string", value: "FILE", help: "the asset's rate card (coherence-rate-card-v1); required" },
    ccusage: {
      type: "string",
      value: "FILE",
      help: "AI usage: `ccusage daily --json` output, or an array of tool usage entries",
    },
    otel: {
      type: "string",
      value: "FILE",
      help: "AI usage: an OTLP/JSON trace export with GenAI spans, or an array of tool usage entries",
    },
    "price-table": {
      type: "string",
      value: "FILE",
      help: "the token price table (default: protocol/prices/price-table-2026-12-01.json)",
    },
    subscription: { type: "string", value: "FILE", help: "monthly plans to pro-rate (coherence-subscriptions-v1)" },
    machine: { type: "string", value: "FILE", help: "the machine worked on (coherence-machine-profile-v1)" },
    "machine-hours": {
      type: "string",
      value: "N",
      help: "whole hours the machine was used; required with --machine",
      schema: integerText({ min: 1 }),
    },
    out: { type: "string", value: "FILE", help: "where to write the report; required" },
    work: {
      type: "string",
      value: "COMMIT|FROM..TO",
      help: "the attested work: prints the evidence fragment that binds the report to it",
    },
  },
  environment: [],
} as const satisfies CommandParameters;

export type CostBuildResult = {
  report: CostReport;
  reportHash: `0x${string}`;
  file: string;
  /** `<work>;cost=<report hash>`: what the attestation's evidence URI ends with after `#`. */
  evidence: string | undefined;
};

export async function run(args: Arguments<typeof parameters>): Promise<CostBuildResult> {
  const labor = required(args.labor, "--labor");
  const rateCardFile = required(args["rate-card"], "--rate-card");
  const out = required(args.out, "--out");
  if ((args.machine === undefined) !== (args["machine-hours"] === undefined)) {
    throw new UsageError("--machine and --machine-hours go together");
  }
  const usage: ToolUsage[] = [
    ...(args.ccusage !== undefined ? await readCcusage(args.ccusage) : []),
    ...(args.otel !== undefined ? await readOtelSpans(args.otel) : []),
  ];
  const compute: ComputeInput[] =
    args.machine !== undefined
      ? [{ kind: "machine", profile: await readMachineProfile(args.machine), seconds: args["machine-hours"]! * 3600 }]
      : [];
  const report = priceCostReport({
    rateCard: await readRateCard(rateCardFile),
    priceTable: await readPriceTable(args["price-table"] ?? DEFAULT_PRICE_TABLE_FILE),
    labor: (await readTimeEntries(labor)).entries,
    usage,
    subscriptions: args.subscription !== undefined ? (await readSubscriptions(args.subscription)).subscriptions : [],
    compute,
  });
  await writeCostReport(out, report);
  const reportHash = costReportHash(report);
  const evidence = args.work === undefined ? undefined : withCostReport(args.work, reportHash);
  return { report, reportHash, file: out, evidence };
}

function required(value: string | undefined, option: string): string {
  if (value === undefined) throw new UsageError(`missing ${option} FILE`);
  return value;
}

export function output({ report, reportHash, file, evidence }: CostBuildResult): CommandOutput {
  const { laborMicroUsd, toolsMicroUsd, computeMicroUsd } = report.totals;
  return {
    json: { file, reportHash, totals: report.totals, ...(evidence !== undefined ? { evidence } : {}) },
    text: [
      `wrote ${file} (report hash ${reportHash})`,
      `  labor ${laborMicroUsd}, tools ${toolsMicroUsd}, compute ${computeMicroUsd} micro-USD`,
      ...(evidence !== undefined ? [`  attest it with the evidence <repository url>#${evidence}`] : []),
    ],
  };
}
