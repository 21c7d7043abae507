/**
 * `ccn epoch submit <proposal.json> <signature.json>...`: proposes the epoch with a quorum of operators'
 * signatures in one transaction (nothing is sent when it is already pending or finalised), then publishes this
 * operator's manifest of it where auditors read manifests.
 */
import { mkdir } from "node:fs/promises";

import type { EpochProposal } from "@coherence/protocol";

import { readProposalFile, readSignatureFile } from "../../operator/epochFiles.ts";
import { type SubmitOutcome, submitEpoch } from "../../operator/submitEpoch.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { openNetwork, operatorClients } from "../network.ts";
import { configOption, OPERATOR_ENVIRONMENT, proposalArgument } from "../sharedParameters.ts";

export const parameters = {
  words: ["epoch", "submit"],
  summary: "propose the epoch with a quorum of signatures (idempotent)",
  positionals: [
    proposalArgument,
    {
      name: "signatures",
      value: "signature.json",
      variadic: true,
      help: "the signature files written by `ccn epoch sign`, one per operator",
    },
  ],
  options: configOption,
  environment: OPERATOR_ENVIRONMENT,
} as const satisfies CommandParameters;

export type EpochSubmitResult = { proposal: EpochProposal; outcome: SubmitOutcome };

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<EpochSubmitResult> {
  // Every file is read before the network is opened: a malformed one stops the command before anything is sent.
  const proposal = await readProposalFile(args.proposal);
  const signatures = await Promise.all(args.signatures.map(readSignatureFile));
  const network = await openNetwork(args.config, context.env);
  const clients = await operatorClients(network, context.env);
  const outcome = await submitEpoch({ ...clients, proposal, signatures });
  await mkdir(network.config.manifestsDir, { recursive: true });
  if (await network.own.has(proposal.epoch)) {
    const { manifest } = await network.own.read(proposal.epoch, proposal.manifestHash);
    await network.published.write(manifest);
  }
  return { proposal, outcome };
}

export function output({ proposal, outcome }: EpochSubmitResult): CommandOutput {
  const window =
    "challengeDeadline" in outcome
      ? `, challenge window until ${new Date(Number(outcome.challengeDeadline) * 1000).toISOString()}`
      : "";
  return { json: outcome, text: [`epoch ${proposal.epoch}: ${outcome.status}${window}`] };
}
