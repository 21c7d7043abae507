/**
 * Revoking finalised epochs is a governance change: the distributor takes the restored epoch's root and last block
 * from the timelock's call as given, so the call is built here from the chain's own `EpochProposed` and
 * `EpochFinalised` logs, and anyone can rebuild it to check a scheduled revocation while the delay runs.
 */
import { type Deployment, InvalidArgumentError, payoutDistributorAbi, type TimelockCall } from "@coherence/protocol";
import { encodeFunctionData, keccak256, type PublicClient, toHex, zeroHash } from "viem";

import { epochLookup } from "../chain/epochLookup.ts";
import { MAX_REASON_LENGTH } from "./disputeEpoch.ts";

export type RevocationCallParameters = {
  publicClient: PublicClient;
  deployment: Deployment;
  /** The epoch to restore: finalised, not revoked, earlier than the latest (0 restores none). */
  toEpoch: bigint;
  reason: string;
};

export type RevocationCall = TimelockCall & {
  revokedEpoch: bigint;
  restoredEpoch: bigint;
  restoredRoot: `0x${string}`;
  restoredToBlock: bigint;
};

/**
 * The timelock call that revokes every finalised epoch after `toEpoch`.
 *
 * @example
 * const call = await revocationCall({ publicClient, deployment, toEpoch: 3n, reason: "epoch 4 paid a drained key" });
 * // governors schedule (call.target, 0, call.data, 0x0, call.salt) on the timelock
 */
export async function revocationCall(parameters: RevocationCallParameters): Promise<RevocationCall> {
  const { publicClient, deployment, toEpoch } = parameters;
  const reason = parameters.reason.trim();
  if (reason === "")
    throw new InvalidArgumentError("A revocation needs a reason: say what the revoked roots got wrong.");
  if (reason.length > MAX_REASON_LENGTH) {
    throw new InvalidArgumentError(
      `The reason is ${reason.length} characters; at most ${MAX_REASON_LENGTH} go on-chain.`,
    );
  }
  const distributor = deployment.contracts.PayoutDistributor.address;
  const [[latest], [, , deadline], head] = await Promise.all([
    publicClient.readContract({ address: distributor, abi: payoutDistributorAbi, functionName: "finalisedEpoch" }),
    publicClient.readContract({ address: distributor, abi: payoutDistributorAbi, functionName: "pendingProposal" }),
    publicClient.getBlockNumber(),
  ]);
  if (toEpoch >= latest) {
    throw new InvalidArgumentError(`Epoch ${toEpoch} is not earlier than the latest finalised epoch, ${latest}.`);
  }
  if (deadline !== 0n) {
    throw new InvalidArgumentError("A proposal is pending: a guardian vetoes it first, or it is finalised or cleared.");
  }
  let restoredRoot: `0x${string}` = zeroHash;
  let restoredToBlock = 0n;
  if (toEpoch !== 0n) {
    const restored = await epochLookup({ client: publicClient, deployment, blockNumber: head }).proposal(toEpoch);
    if (restored?.status !== "finalised") {
      throw new InvalidArgumentError(`Epoch ${toEpoch} was never finalised, or was revoked already.`, {
        details: `epoch ${toEpoch}: ${restored?.status ?? "never proposed"}`,
      });
    }
    restoredRoot = restored.payoutRoot;
    restoredToBlock = restored.toBlock;
  }
  const data = encodeFunctionData({
    abi: payoutDistributorAbi,
    functionName: "revokeFinalisedRoot",
    args: [toEpoch, restoredToBlock, restoredRoot, reason],
  });
  return {
    target: distributor,
    data,
    salt: keccak256(toHex(`revoke ${latest} to ${toEpoch}`)),
    revokedEpoch: latest,
    restoredEpoch: toEpoch,
    restoredRoot,
    restoredToBlock,
  };
}
