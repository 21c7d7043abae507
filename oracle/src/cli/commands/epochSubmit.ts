/**
 * `ccn epoch submit <proposal.json> <signature.json>...`: proposes the epoch with a quorum of operators'
 * signatures in one transaction (nothing is sent when it is already pending or finalised), then publishes this
 * operator's manifest of it where auditors read manifests. The manifest is packed as a CAR beside them first
 * (`car/<cid>.car`, to pin on IPFS) and the transaction records its CID.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";

import type { EpochProposal } from "@coherence/protocol";

import { readProposalFile, readSignatureFile } from "../../operator/epochFiles.ts";
import { type SubmitOutcome, submitEpoch } from "../../operator/submitEpoch.ts";
import { packCar } from "../../publish/packCar.ts";
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

export type EpochSubmitResult = { proposal: EpochProposal; outcome: SubmitOutcome; manifestCid: string | null };

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<EpochSubmitResult> {
  // Every file is read before the network is opened: a malformed one stops the command before anything is sent.
  const proposal = await readProposalFile(args.proposal);
  const signatures = await Promise.all(args.signatures.map(readSignatureFile));
  const network = await openNetwork(args.config, context.env);
  const clients = await operatorClients(network, context.env);
  const own = (await network.own.has(proposal.epoch))
    ? (await network.own.read(proposal.epoch, proposal.manifestHash)).manifest
    : undefined;
  // Packed from the file just checked against the proposal's hash; the published copy is the same bytes.
  const manifestCid = own
    ? (await packCar(network.own.pathOf(proposal.epoch), path.join(network.config.manifestsDir, "car"))).cid
    : undefined;
  const outcome = await submitEpoch({ ...clients, proposal, signatures, manifestCid });
  await mkdir(network.config.manifestsDir, { recursive: true });
  if (own) await network.published.write(own);
  // The next epoch's operators and auditors read on from the chain state the manifest commits.
  if (own?.chainState) await network.published.copyStateFrom(network.own, proposal.epoch);
  return { proposal, outcome, manifestCid: manifestCid ?? null };
}

export function output({ proposal, outcome, manifestCid }: EpochSubmitResult): CommandOutput {
  const window =
    "challengeDeadline" in outcome
      ? `, challenge window until ${new Date(Number(outcome.challengeDeadline) * 1000).toISOString()}`
      : "";
  const cid = manifestCid === null ? "" : `, manifest ipfs://${manifestCid}`;
  return { json: { ...outcome, manifestCid }, text: [`epoch ${proposal.epoch}: ${outcome.status}${window}${cid}`] };
}
