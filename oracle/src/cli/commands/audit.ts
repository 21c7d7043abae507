/**
 * `ccn audit <epoch>`: recomputes an epoch from the chain and its published manifest and lists every difference;
 * exits 1 when there is one.
 */
import { decimal, MAX_UINT64 } from "@coherence/protocol";

import { type AuditEpochReturnType, auditEpoch } from "../../audit/auditEpoch.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { openNetwork } from "../network.ts";
import { configOption, NETWORK_ENVIRONMENT } from "../sharedParameters.ts";

export const parameters = {
  words: ["audit"],
  summary: "recompute an epoch from the chain and its manifest",
  positionals: [{ name: "epoch", value: "epoch", help: "the epoch's number", schema: decimal({ max: MAX_UINT64 }) }],
  options: {
    rescore: {
      type: "boolean",
      help: "also measure every contribution's score again with the config's scoring and reviews",
    },
    ...configOption,
  },
  environment: NETWORK_ENVIRONMENT,
} as const satisfies CommandParameters;

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<AuditEpochReturnType> {
  const { client, deployment, published, config } = await openNetwork(args.config, context.env);
  return auditEpoch({
    client,
    deployment,
    epoch: args.epoch,
    manifests: published,
    ...(args.rescore ? { rescore: { scoring: config.scoring, reviews: config.reviews } } : {}),
  });
}

export function output(report: AuditEpochReturnType): CommandOutput {
  const verdict = report.ok ? "audit passed" : `${report.findings.length} finding(s)`;
  return {
    json: report,
    text: [
      `epoch ${report.epoch} (${report.status}): ${verdict} — checked ${report.checks.join(", ")}`,
      ...report.findings.map((finding) => `  ${finding.check}: ${finding.message}`),
    ],
    exitCode: report.ok ? 0 : 1,
  };
}
