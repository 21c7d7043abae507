/**
 * `ccn verify <account>`: checks each of an account's leaves in a finalised epoch's manifest, and its proof,
 * against the root on-chain; exits 1 when a proof does not verify.
 */

import { type VerifyAccountReturnType, verifyAccount } from "../../audit/verifyAccount.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { openNetwork } from "../network.ts";
import { accountArgument, configOption, finalisedEpochOption, NETWORK_ENVIRONMENT } from "../sharedParameters.ts";

export const parameters = {
  words: ["verify"],
  summary: "check an account's leaves and proofs against the on-chain root",
  positionals: [accountArgument],
  options: {
    ...finalisedEpochOption,
    ...configOption,
  },
  environment: NETWORK_ENVIRONMENT,
} as const satisfies CommandParameters;

export async function run(
  args: Arguments<typeof parameters>,
  context: CommandContext,
): Promise<VerifyAccountReturnType> {
  const { client, deployment, published } = await openNetwork(args.config, context.env);
  return verifyAccount({
    client,
    deployment,
    account: args.account,
    manifests: published,
    ...(args.epoch !== undefined ? { epoch: args.epoch } : {}),
  });
}

export function output(report: VerifyAccountReturnType): CommandOutput {
  return {
    json: report,
    text: [
      `${report.account} in epoch ${report.epoch} (root ${report.root}):`,
      ...(report.leaves.length === 0 ? ["  no leaves: nothing was ever allocated to this account"] : []),
      ...report.leaves.map(
        (leaf) =>
          `  ${leaf.token}: cumulative ${leaf.cumulative}, claimed ${leaf.claimed}, claimable ${leaf.claimable}; proof of ${leaf.proof.length} node(s) ${leaf.valid ? "verifies" : "DOES NOT verify"} against the root`,
      ),
    ],
    exitCode: report.leaves.every((l) => l.valid) ? 0 : 1,
  };
}
