/** `ccn epoch dispute --reason TEXT`: disputes the pending epoch root, posting the bond governance set. */
import { type DisputeOutcome, disputeEpoch } from "../../operator/disputeEpoch.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { openNetwork, operatorClients } from "../network.ts";
import { configOption, OPERATOR_ENVIRONMENT } from "../sharedParameters.ts";

export const parameters = {
  words: ["epoch", "dispute"],
  summary: "dispute the pending epoch root with a bond (it then waits for a resolution)",
  positionals: [],
  options: {
    reason: { type: "string", value: "TEXT", help: "what is wrong with the root (required)" },
    ...configOption,
  },
  environment: OPERATOR_ENVIRONMENT,
} as const satisfies CommandParameters;

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<DisputeOutcome> {
  const network = await openNetwork(args.config, context.env);
  return disputeEpoch({ ...(await operatorClients(network, context.env)), reason: args.reason ?? "" });
}

export function output(outcome: DisputeOutcome): CommandOutput {
  return {
    json: outcome,
    text: [
      `epoch ${outcome.epoch}: disputed with a bond of ${outcome.bond} (token ${outcome.token}), tx ${outcome.transactionHash}`,
      "It cannot be finalised until a guardian upholds the dispute or governance rejects it.",
    ],
  };
}
