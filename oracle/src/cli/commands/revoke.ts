/** `ccn revoke <contribution> --reason TEXT`: an attester withdraws a contribution it attested. */
import { bytes32 } from "@coherence/protocol";

import { revokeContribution } from "../../actions/attestContribution.ts";
import {
  type Arguments,
  type CommandContext,
  type CommandOutput,
  type CommandParameters,
  UsageError,
} from "../command.ts";
import { accountClients, openNetwork } from "../network.ts";
import { ACCOUNT_ENVIRONMENT, configOption } from "../sharedParameters.ts";

export const parameters = {
  words: ["revoke"],
  summary: "revoke a contribution this attester attested, with a reason",
  positionals: [{ name: "contribution", value: "id", help: "the contribution's id", schema: bytes32() }],
  options: {
    reason: { type: "string", value: "TEXT", help: "why, recorded on-chain; required" },
    ...configOption,
  },
  environment: ACCOUNT_ENVIRONMENT,
} as const satisfies CommandParameters;

export type RevokeResult = Awaited<ReturnType<typeof revokeContribution>>;

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<RevokeResult> {
  if (args.reason === undefined) throw new UsageError("missing --reason TEXT");
  const network = await openNetwork(args.config, context.env);
  const clients = await accountClients(network, context.env);
  return revokeContribution({ ...clients, deployment: network.deployment, id: args.contribution, reason: args.reason });
}

export function output(result: RevokeResult): CommandOutput {
  return { json: result, text: [`revoked contribution ${result.id} (tx ${result.transactionHash})`] };
}
