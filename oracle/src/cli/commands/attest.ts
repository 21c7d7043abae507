/**
 * `ccn attest <asset> <contributor> <evidence>`: an attester attests a contribution with its costs in micro-USD,
 * or with `--report` the costs of a published cost report, bound in the evidence (`;cost=<hash>`).
 */
import { decimal, MAX_UINT64 } from "@coherence/protocol";

import { type Attestation, attestContribution } from "../../actions/attestContribution.ts";
import { readCostReport } from "../../costs/costFiles.ts";
import { CostStore } from "../../costs/costStore.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { accountClients, openNetwork } from "../network.ts";
import { ACCOUNT_ENVIRONMENT, checkedAddress, configOption } from "../sharedParameters.ts";

const microUsd = (what: string) =>
  ({
    type: "string",
    value: "MICRO_USD",
    help: `${what} in micro-USD (default: the report's, else 0)`,
    schema: decimal({ max: MAX_UINT64 }),
  }) as const;

export const parameters = {
  words: ["attest"],
  summary: "attest a contribution and its costs (as an attester)",
  positionals: [
    { name: "asset", value: "asset", help: "the asset's id", schema: decimal({ max: MAX_UINT64 }) },
    { name: "contributor", value: "contributor", help: "who is paid for it", schema: checkedAddress },
    {
      name: "evidence",
      value: "evidence",
      help: "<repository url>#<commit> or #<from>..<to> (code), or the work's URI with #<label>",
    },
  ],
  options: {
    report: { type: "string", value: "FILE", help: "a published cost report to bind (ccn cost publish)" },
    labor: microUsd("labor"),
    tools: microUsd("tools"),
    compute: microUsd("compute"),
    ...configOption,
  },
  environment: ACCOUNT_ENVIRONMENT,
} as const satisfies CommandParameters;

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<Attestation> {
  const report = args.report === undefined ? undefined : await readCostReport(args.report);
  const network = await openNetwork(args.config, context.env);
  const clients = await accountClients(network, context.env);
  return attestContribution({
    ...clients,
    deployment: network.deployment,
    assetId: args.asset,
    contributor: args.contributor,
    evidenceUri: args.evidence,
    costs: { laborMicroUsd: args.labor, toolsMicroUsd: args.tools, computeMicroUsd: args.compute },
    report: report === undefined ? undefined : { report, store: CostStore.beside(network.config.manifestsDir) },
  });
}

export function output(a: Attestation): CommandOutput {
  return {
    json: a,
    text: [
      `attested contribution ${a.id} to asset ${a.assetId} by ${a.contributor} (tx ${a.transactionHash})`,
      `  labor ${a.laborMicroUsd}, tools ${a.toolsMicroUsd}, compute ${a.computeMicroUsd} micro-USD`,
      `  evidence ${a.evidenceUri}${a.reportHash === undefined ? "" : ` (binds cost report ${a.reportHash})`}`,
    ],
  };
}
