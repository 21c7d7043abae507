/**
 * Puts an epoch on-chain: one transaction with the quorum's signatures, then `finalise` once the challenge window
 * is over. Both steps read the chain first, so re-running after a crash (or by a second operator) never
 * double-submits: a proposal already pending is left alone, an epoch already finalised is reported as such.
 */

import { BaseError, type EpochProposal, payoutDistributorAbi } from "@coherence/protocol";
import { manifestCidSuffix } from "@coherence/protocol/ipfs";
import type { Address, Hex, PublicClient, WalletClient } from "viem";
import type { QuorumSignature } from "./epochFiles.ts";
import { recoverQuorumSigner } from "./signing.ts";

/** The quorum cannot be met with the signatures given, or the chain moved past this epoch. */
export class SubmissionError extends BaseError {
  override name = "SubmissionError";
}

/** The proposal is pending but its challenge window is still open. */
export class ChallengeWindowOpenError extends BaseError {
  override name = "ChallengeWindowOpenError";
  readonly deadline: bigint;

  constructor(epoch: bigint, deadline: bigint, now: bigint) {
    super(
      `Epoch ${epoch} can be finalised in ${deadline - now} s (at ${new Date(Number(deadline) * 1000).toISOString()}).`,
    );
    this.deadline = deadline;
  }
}

export type SubmitOutcome =
  | { status: "proposed"; transactionHash: Hex; proposalHash: Hex; challengeDeadline: bigint }
  | { status: "already-pending"; proposalHash: Hex; challengeDeadline: bigint }
  | { status: "already-finalised"; proposalHash: Hex };

type Clients = { publicClient: PublicClient; walletClient: WalletClient; distributor: Address; chainId: number };

/**
 * Proposes `proposal` with a quorum of `signatures` (any order; invalid or non-oracle ones are refused before
 * anything is sent), unless it is already pending or finalised. With `manifestCid`, the transaction records where
 * the manifest is on IPFS (appended to its calldata: @coherence/protocol/ipfs `manifestUriOf` reads it back).
 */
export async function submitEpoch(
  parameters: Clients & { proposal: EpochProposal; signatures: readonly QuorumSignature[]; manifestCid?: string },
): Promise<SubmitOutcome> {
  const { publicClient, walletClient, distributor, chainId, proposal } = parameters;
  const state = await readState(publicClient, distributor, proposal);
  if (state.finalised) return { status: "already-finalised", proposalHash: state.proposalHash };
  if (state.pendingHash === state.proposalHash) {
    return { status: "already-pending", proposalHash: state.proposalHash, challengeDeadline: state.deadline };
  }
  if (state.deadline !== 0n) {
    throw new SubmissionError(
      `Another proposal for epoch ${state.pendingEpoch} is pending; it must be finalised or vetoed first.`,
      {
        details: `pending ${state.pendingHash}, ours ${state.proposalHash}`,
      },
    );
  }
  if (state.nextEpoch !== proposal.epoch) {
    throw new SubmissionError(`The distributor expects epoch ${state.nextEpoch} next, not ${proposal.epoch}.`, {
      details: "recompute the epoch: a proposal was vetoed or finalised since this one was prepared",
    });
  }

  const verified = new Map<Address, QuorumSignature>();
  for (const signature of parameters.signatures) {
    const signer = await recoverQuorumSigner(chainId, distributor, proposal, signature);
    if (signer.toLowerCase() !== signature.signer.toLowerCase()) {
      throw new SubmissionError(`A signature claimed to be ${signature.signer}'s was made by ${signer}.`);
    }
    const isOracle = await publicClient.readContract({
      address: distributor,
      abi: payoutDistributorAbi,
      functionName: "isOracle",
      args: [signer],
    });
    if (!isOracle)
      throw new SubmissionError(`${signer} signed epoch ${proposal.epoch} but is not a registered oracle.`);
    verified.set(signer.toLowerCase() as Address, signature);
  }
  if (verified.size < state.threshold) {
    throw new SubmissionError(
      `Epoch ${proposal.epoch} has ${verified.size} oracle signature(s); ${state.threshold} are needed.`,
    );
  }
  const sorted = [...verified.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, s]) => ({ r: s.r, vs: s.vs }));

  const account = walletClient.account;
  if (account === undefined) throw new SubmissionError("The wallet client has no account to send the proposal from.");
  const { request } = await publicClient.simulateContract({
    account,
    address: distributor,
    abi: payoutDistributorAbi,
    functionName: "propose",
    args: [proposal, sorted],
    ...(parameters.manifestCid !== undefined ? { dataSuffix: manifestCidSuffix(parameters.manifestCid) } : {}),
  });
  const transactionHash = await walletClient.writeContract(request);
  const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash });
  if (receipt.status !== "success") throw new SubmissionError(`The propose transaction ${transactionHash} reverted.`);
  const [, , challengeDeadline] = await publicClient.readContract({
    address: distributor,
    abi: payoutDistributorAbi,
    functionName: "pendingProposal",
  });
  return { status: "proposed", transactionHash, proposalHash: state.proposalHash, challengeDeadline };
}

export type FinaliseOutcome = { status: "finalised"; transactionHash: Hex } | { status: "already-finalised" };

/** Finalises `proposal` once its window is over; a no-op if it is already finalised. */
export async function finaliseEpoch(parameters: Clients & { proposal: EpochProposal }): Promise<FinaliseOutcome> {
  const { publicClient, walletClient, distributor, proposal } = parameters;
  const state = await readState(publicClient, distributor, proposal);
  if (state.finalised) return { status: "already-finalised" };
  if (state.pendingHash !== state.proposalHash || state.deadline === 0n) {
    throw new SubmissionError(`Epoch ${proposal.epoch} is not pending with this data, so it cannot be finalised.`, {
      details: `pending ${state.deadline === 0n ? "nothing" : state.pendingHash}, ours ${state.proposalHash}`,
    });
  }
  const now = (await publicClient.getBlock()).timestamp;
  if (now < state.deadline) throw new ChallengeWindowOpenError(proposal.epoch, state.deadline, now);
  const account = walletClient.account;
  if (account === undefined) throw new SubmissionError("The wallet client has no account to send from.");
  const { request } = await publicClient.simulateContract({
    account,
    address: distributor,
    abi: payoutDistributorAbi,
    functionName: "finalise",
    args: [proposal],
  });
  const transactionHash = await walletClient.writeContract(request);
  const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash });
  if (receipt.status !== "success") throw new SubmissionError(`The finalise transaction ${transactionHash} reverted.`);
  return { status: "finalised", transactionHash };
}

async function readState(publicClient: PublicClient, distributor: Address, proposal: EpochProposal) {
  const read = <F extends "pendingProposal" | "finalisedEpoch" | "nextEpoch" | "oracleConfig" | "finalisedRoot">(
    functionName: F,
  ) => publicClient.readContract({ address: distributor, abi: payoutDistributorAbi, functionName });
  const [proposalHash, [pendingEpoch, pendingHash, deadline], [finalisedEpoch], nextEpoch, [, threshold], root] =
    await Promise.all([
      publicClient.readContract({
        address: distributor,
        abi: payoutDistributorAbi,
        functionName: "hashProposal",
        args: [proposal],
      }),
      read("pendingProposal"),
      read("finalisedEpoch"),
      read("nextEpoch"),
      read("oracleConfig"),
      read("finalisedRoot"),
    ]);
  return {
    proposalHash,
    pendingEpoch,
    pendingHash,
    deadline,
    nextEpoch,
    threshold,
    finalised: finalisedEpoch === proposal.epoch && root === proposal.payoutRoot,
  };
}
