/**
 * `ccn audit <epoch>`: recomputes an epoch from the chain and its published manifest, checks every cost report
 * again from the published cost documents, and lists every difference;
 * exits 1 when there is one. With `--dispute`, a pending epoch with findings is disputed on-chain, the findings as
 * the reason.
 */
import { decimal, MAX_UINT64 } from "@coherence/protocol";
import { publishedPriceTables } from "@coherence/protocol/node";

import { type AuditEpochReturnType, auditEpoch } from "../../audit/auditEpoch.ts";
import { CostStore } from "../../costs/costStore.ts";
import { DisputeError, type DisputeOutcome, disputeEpoch, MAX_REASON_LENGTH } from "../../operator/disputeEpoch.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { openNetwork, operatorClients } from "../network.ts";
import { configOption, OPERATOR_ENVIRONMENT } from "../sharedParameters.ts";

export const parameters = {
  words: ["audit"],
  summary: "recompute an epoch from the chain and its manifest",
  positionals: [{ name: "epoch", value: "epoch", help: "the epoch's number", schema: decimal({ max: MAX_UINT64 }) }],
  options: {
    rescore: {
      type: "boolean",
      help: "also measure every contribution's score again with the config's scoring and reviews",
    },
    full: {
      type: "boolean",
      help: "also read every log since deployment and check the epoch's committed chain state against it",
    },
    dispute: {
      type: "boolean",
      help: "if a pending epoch has findings, dispute it with them as the reason (posts the bond; needs a key)",
    },
    ...configOption,
  },
  environment: OPERATOR_ENVIRONMENT,
} as const satisfies CommandParameters;

export type AuditResult = AuditEpochReturnType & { dispute?: DisputeOutcome };

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<AuditResult> {
  const network = await openNetwork(args.config, context.env);
  const { client, deployment, published, config } = network;
  const report = await auditEpoch({
    client,
    deployment,
    epoch: args.epoch,
    manifests: published,
    full: args.full,
    onProgress: context.progress,
    recheckCosts: {
      store: CostStore.beside(config.manifestsDir),
      priceTables: await publishedPriceTables(),
      scoring: config.scoring,
    },
    ...(args.rescore ? { rescore: { scoring: config.scoring, reviews: config.reviews } } : {}),
  });
  if (!args.dispute || report.ok) return report;
  if (report.status !== "pending") {
    throw new DisputeError(`Epoch ${report.epoch} is ${report.status}: only a pending epoch can be disputed.`);
  }
  const dispute = await disputeEpoch({
    ...(await operatorClients(network, context.env)),
    reason: disputeReason(report),
  });
  return { ...report, dispute };
}

/** The findings as a dispute's reason, cut to what is sent on-chain. */
export function disputeReason(report: AuditEpochReturnType): string {
  const lines = [`ccn audit of epoch ${report.epoch}: ${report.findings.length} finding(s)`];
  for (const finding of report.findings) lines.push(`${finding.check}: ${finding.message}`);
  const text = lines.join("\n");
  return text.length <= MAX_REASON_LENGTH ? text : `${text.slice(0, MAX_REASON_LENGTH - 1)}…`;
}

export function output(report: AuditResult): CommandOutput {
  const verdict = report.ok ? "audit passed" : `${report.findings.length} finding(s)`;
  return {
    json: report,
    text: [
      `epoch ${report.epoch} (${report.status}): ${verdict} — checked ${report.checks.join(", ")}`,
      ...report.findings.map((finding) => `  ${finding.check}: ${finding.message}`),
      ...(report.dispute
        ? [`disputed on-chain with a bond of ${report.dispute.bond} (tx ${report.dispute.transactionHash})`]
        : []),
    ],
    exitCode: report.ok ? 0 : 1,
  };
}
