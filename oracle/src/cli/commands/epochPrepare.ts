/**
 * `ccn epoch prepare`: computes the next epoch from the chain and this operator's stores, writes its manifest and
 * the proposal file the other operators recompute and sign.
 */
import path from "node:path";

import { decimal, type EpochProposal, MAX_UINT64 } from "@coherence/protocol";

import { writeProposalFile } from "../../operator/epochFiles.ts";
import type { PreparedEpoch } from "../../operator/prepareEpoch.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { openNetwork, prepareOwnEpoch } from "../network.ts";
import { configOption, NETWORK_ENVIRONMENT } from "../sharedParameters.ts";

export const parameters = {
  words: ["epoch", "prepare"],
  summary: "compute the next epoch and write its manifest and proposal",
  positionals: [],
  options: {
    "to-block": {
      type: "string",
      value: "N",
      help: "the last block the epoch covers, at most the chain's finalised block (default: the finalised block)",
      schema: decimal({ max: MAX_UINT64 }),
    },
    full: {
      type: "boolean",
      help: "read every log since deployment instead of resuming from the chain state the last finalised epoch's manifest commits (the same manifest; for a missing or refused state)",
    },
    out: {
      type: "string",
      value: "FILE",
      help: "where to write the proposal (default: proposal-<epoch>.json in the config's dataDir)",
    },
    ...configOption,
  },
  environment: NETWORK_ENVIRONMENT,
} as const satisfies CommandParameters;

export type EpochPrepareResult = { epoch: PreparedEpoch; proposalFile: string };

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<EpochPrepareResult> {
  const network = await openNetwork(args.config, context.env);
  const epoch = await prepareOwnEpoch(network, args["to-block"], context.progress, args.full);
  const proposalFile = args.out ?? path.join(network.config.dataDir, `proposal-${epoch.proposal.epoch}.json`);
  await writeProposalFile(proposalFile, epoch.proposal);
  return { epoch, proposalFile };
}

export function output({ epoch, proposalFile }: EpochPrepareResult): CommandOutput {
  const proposal: EpochProposal = epoch.proposal;
  return {
    json: proposal,
    text: [
      `epoch ${proposal.epoch}: blocks ${proposal.fromBlock}..${proposal.toBlock}, payout root ${proposal.payoutRoot}`,
      `manifest ${epoch.manifestFile} (${proposal.manifestHash})`,
      `chain read ${epoch.chainRead.mode === "full" ? "from deployment" : "on from the last epoch's state"}: blocks ${epoch.chainRead.firstBlock}..${proposal.toBlock}, ${epoch.chainRead.logsRead} logs`,
      `proposal ${proposalFile}`,
      // Each is held for a reviewer: the operator approves it in the cost config's approvals, or not.
      ...epoch.unscorable.map(
        (u) => `unscorable, held for review: contribution ${u.contributionId}: ${u.error}: ${u.reason}`,
      ),
    ],
  };
}
