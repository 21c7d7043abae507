/**
 * `ccn epoch sign <proposal.json>`: recomputes the proposed epoch independently and signs it only if this
 * operator's own computation is the same, field for field.
 */
import path from "node:path";

import type { EpochProposal } from "@coherence/protocol";

import { type QuorumSignature, readProposalFile, writeSignatureFile } from "../../operator/epochFiles.ts";
import { loadOperatorAccount } from "../../operator/keys.ts";
import { signEpoch } from "../../operator/signing.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { openNetwork, prepareOwnEpoch } from "../network.ts";
import { configOption, OPERATOR_ENVIRONMENT, proposalArgument } from "../sharedParameters.ts";

export const parameters = {
  words: ["epoch", "sign"],
  summary: "recompute the epoch; sign it only if it matches",
  positionals: [proposalArgument],
  options: {
    out: {
      type: "string",
      value: "FILE",
      help: "where to write the signature (default: signature-<epoch>-<signer>.json in the config's dataDir)",
    },
    ...configOption,
  },
  environment: OPERATOR_ENVIRONMENT,
} as const satisfies CommandParameters;

export type EpochSignResult = { requested: EpochProposal; signature: QuorumSignature; signatureFile: string };

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<EpochSignResult> {
  const requested = await readProposalFile(args.proposal);
  const network = await openNetwork(args.config, context.env);
  const account = await loadOperatorAccount(context.env); // Before the recomputation: a missing key should not cost a full epoch.
  // Refuses a toBlock the chain has not finalised (ToBlockNotFinalisedError) before reading any log or signing.
  const ours = await prepareOwnEpoch(network, requested.toBlock, context.progress);
  const signature = await signEpoch({
    account,
    chainId: network.deployment.chainId,
    distributor: network.distributor,
    ours: ours.proposal,
    requested,
  });
  const signatureFile =
    args.out ?? path.join(network.config.dataDir, `signature-${requested.epoch}-${signature.signer}.json`);
  await writeSignatureFile(signatureFile, signature);
  return { requested, signature, signatureFile };
}

export function output({ requested, signature, signatureFile }: EpochSignResult): CommandOutput {
  return {
    json: signature,
    text: [`${signature.signer} reproduced epoch ${requested.epoch} and signed it: ${signatureFile}`],
  };
}
