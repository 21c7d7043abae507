/**
 * `ccn epoch resolve --upheld|--rejected --reason TEXT`: a guardian upholds the pending dispute (the root is vetoed,
 * the disputer paid); a rejection is a governance change, so it prints the timelock call for governors to schedule.
 */
import { InvalidArgumentError, type TimelockCall, timelockOperationId } from "@coherence/protocol";

import { rejectionCall, type UpholdOutcome, upholdDispute } from "../../operator/disputeEpoch.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { openNetwork, operatorClients } from "../network.ts";
import { configOption, OPERATOR_ENVIRONMENT } from "../sharedParameters.ts";

export const parameters = {
  words: ["epoch", "resolve"],
  summary: "uphold the pending dispute (guardians), or print the governance call that rejects it",
  positionals: [],
  options: {
    upheld: { type: "boolean", help: "the dispute is right: veto the root and pay the disputer (a guardian's key)" },
    rejected: { type: "boolean", help: "the root is right: print the timelock call that rejects the dispute" },
    reason: { type: "string", value: "TEXT", help: "why (required)" },
    ...configOption,
  },
  environment: OPERATOR_ENVIRONMENT,
} as const satisfies CommandParameters;

type Rejection = {
  status: "rejection-to-schedule";
  epoch: bigint;
  timelock: string;
  operationId: string;
} & TimelockCall;
export type EpochResolveResult = UpholdOutcome | Rejection;

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<EpochResolveResult> {
  if (args.upheld === args.rejected) throw new InvalidArgumentError("Give exactly one of --upheld and --rejected.");
  const reason = (args.reason ?? "").trim();
  if (reason === "") throw new InvalidArgumentError("--reason is required: say why.");
  const network = await openNetwork(args.config, context.env);
  if (args.upheld) return upholdDispute({ ...(await operatorClients(network, context.env)), reason });
  const call = await rejectionCall({ publicClient: network.client, distributor: network.distributor, reason });
  return {
    status: "rejection-to-schedule",
    timelock: network.deployment.contracts.CoherenceTimelock.address,
    operationId: timelockOperationId(call),
    ...call,
  };
}

export function output(result: EpochResolveResult): CommandOutput {
  if (result.status === "upheld") {
    return {
      json: result,
      text: [`epoch ${result.epoch}: dispute upheld, root vetoed (tx ${result.transactionHash})`],
    };
  }
  return {
    json: result,
    text: [
      `epoch ${result.epoch}: rejecting the dispute is a governance change. Schedule on the timelock ${result.timelock}:`,
      `  schedule(target ${result.target}, value 0, data ${result.data}, predecessor 0x00…00, salt ${result.salt}, delay ≥ the governance delay)`,
      `  operation ${result.operationId}; anyone executes it once the delay has passed.`,
    ],
  };
}
