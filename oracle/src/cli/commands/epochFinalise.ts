/** `ccn epoch finalise <proposal.json>`: finalises a pending epoch once its challenge window is over (idempotent). */
import type { EpochProposal } from "@coherence/protocol";

import { readProposalFile } from "../../operator/epochFiles.ts";
import { type FinaliseOutcome, finaliseEpoch } from "../../operator/submitEpoch.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { openNetwork, operatorClients } from "../network.ts";
import { configOption, OPERATOR_ENVIRONMENT, proposalArgument } from "../sharedParameters.ts";

export const parameters = {
  words: ["epoch", "finalise"],
  summary: "finalise the epoch after its challenge window (idempotent)",
  positionals: [proposalArgument],
  options: configOption,
  environment: OPERATOR_ENVIRONMENT,
} as const satisfies CommandParameters;

export type EpochFinaliseResult = { proposal: EpochProposal; outcome: FinaliseOutcome };

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<EpochFinaliseResult> {
  const proposal = await readProposalFile(args.proposal);
  const network = await openNetwork(args.config, context.env);
  const outcome = await finaliseEpoch({ ...(await operatorClients(network, context.env)), proposal });
  return { proposal, outcome };
}

export function output({ proposal, outcome }: EpochFinaliseResult): CommandOutput {
  return { json: outcome, text: [`epoch ${proposal.epoch}: ${outcome.status}`] };
}
