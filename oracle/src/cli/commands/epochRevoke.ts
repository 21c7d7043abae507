/**
 * `ccn epoch revoke --to N --reason TEXT`: prints the timelock call that revokes every finalised epoch after N,
 * with N's root and last block read from the chain, for governors to schedule and anyone to check.
 */
import { InvalidArgumentError, timelockOperationId } from "@coherence/protocol";

import { type RevocationCall, revocationCall } from "../../operator/revocationCall.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { openNetwork } from "../network.ts";
import { configOption, NETWORK_ENVIRONMENT } from "../sharedParameters.ts";

export const parameters = {
  words: ["epoch", "revoke"],
  summary: "print the governance call that revokes finalised epochs back to an earlier one",
  positionals: [],
  options: {
    to: { type: "string", value: "EPOCH", help: "the finalised epoch claims go back to (0: none)" },
    reason: { type: "string", value: "TEXT", help: "what the revoked roots got wrong (required)" },
    ...configOption,
  },
  environment: NETWORK_ENVIRONMENT,
} as const satisfies CommandParameters;

export type EpochRevokeResult = RevocationCall & { timelock: string; operationId: string };

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<EpochRevokeResult> {
  if (args.to === undefined || !/^\d+$/.test(args.to)) {
    throw new InvalidArgumentError("--to is required: the epoch number claims go back to.");
  }
  const network = await openNetwork(args.config, context.env);
  const call = await revocationCall({
    publicClient: network.client,
    deployment: network.deployment,
    toEpoch: BigInt(args.to),
    reason: args.reason ?? "",
  });
  return {
    ...call,
    timelock: network.deployment.contracts.CoherenceTimelock.address,
    operationId: timelockOperationId(call),
  };
}

export function output(result: EpochRevokeResult): CommandOutput {
  return {
    json: result,
    text: [
      `revoking epochs ${result.restoredEpoch + 1n}..${result.revokedEpoch} back to epoch ${result.restoredEpoch} ` +
        `(root ${result.restoredRoot}, last block ${result.restoredToBlock}) is a governance change.`,
      `Schedule on the timelock ${result.timelock}:`,
      `  schedule(target ${result.target}, value 0, data ${result.data}, predecessor 0x00…00, salt ${result.salt}, delay ≥ the governance delay)`,
      `  operation ${result.operationId}; anyone executes it once the delay has passed, guardians can cancel it until then.`,
    ],
  };
}
