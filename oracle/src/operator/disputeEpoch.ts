/**
 * Disputes of a pending epoch root: anyone posts the bond governance set to stop a root they believe is wrong
 * (`ccn epoch dispute`, or `ccn audit --dispute` with the audit's findings as the reason); guardians uphold a
 * dispute at once, and a rejection is a governance change scheduled on the timelock. Each step reads the chain
 * first and refuses, before sending anything, what the distributor would refuse.
 */
import { BaseError, payoutDistributorAbi, type TimelockCall } from "@coherence/protocol";
import {
  type Address,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  keccak256,
  type PublicClient,
  toHex,
  type WalletClient,
} from "viem";

/** The distributor would refuse the dispute or resolution, for the reason given. */
export class DisputeError extends BaseError {
  override name = "DisputeError";
}

type Clients = { publicClient: PublicClient; walletClient: WalletClient; distributor: Address };

/** The longest reason sent on-chain: a reason is calldata and log data, paid for by the disputer. */
export const MAX_REASON_LENGTH = 2_000;

export type DisputeOutcome = {
  status: "disputed";
  epoch: bigint;
  proposalHash: Hex;
  token: Address;
  bond: bigint;
  /** The bond's approval, when one was needed. */
  approvalHash?: Hex;
  transactionHash: Hex;
};

async function pending(publicClient: PublicClient, distributor: Address) {
  const read = <N extends "pendingProposal" | "pendingDispute" | "disputeTerms">(functionName: N) =>
    publicClient.readContract({ address: distributor, abi: payoutDistributorAbi, functionName });
  const [[epoch, proposalHash, deadline], [disputer], terms, block] = await Promise.all([
    read("pendingProposal"),
    read("pendingDispute"),
    read("disputeTerms"),
    publicClient.getBlock(),
  ]);
  if (deadline === 0n) throw new DisputeError("No epoch proposal is pending: there is nothing to dispute.");
  return { epoch, proposalHash, deadline, disputer, terms, now: block.timestamp };
}

/**
 * Disputes the pending proposal with the bond of the distributor's dispute terms, approving it first if needed.
 *
 * @example
 * const outcome = await disputeEpoch({ publicClient, walletClient, distributor, reason: "payout root differs" });
 */
export async function disputeEpoch(parameters: Clients & { reason: string }): Promise<DisputeOutcome> {
  const { publicClient, walletClient, distributor } = parameters;
  const reason = parameters.reason.trim();
  if (reason === "") throw new DisputeError("A dispute needs a reason: say what is wrong with the root.");
  if (reason.length > MAX_REASON_LENGTH) {
    throw new DisputeError(`The reason is ${reason.length} characters; at most ${MAX_REASON_LENGTH} are sent.`);
  }
  const state = await pending(publicClient, distributor);
  if (state.disputer !== "0x0000000000000000000000000000000000000000") {
    throw new DisputeError(`Epoch ${state.epoch} is already disputed by ${state.disputer}.`);
  }
  if (state.now >= state.deadline) {
    throw new DisputeError(`Epoch ${state.epoch}'s challenge window closed at ${isoTime(state.deadline)}.`);
  }
  const { token, bond } = state.terms;
  if (bond === 0n) throw new DisputeError("Disputes are disabled: governance has set no bond.");
  const account = walletClient.account;
  if (account === undefined) throw new DisputeError("The wallet has no account to dispute from.");
  const [balance, allowance] = await Promise.all([
    publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [account.address] }),
    publicClient.readContract({
      address: token,
      abi: erc20Abi,
      functionName: "allowance",
      args: [account.address, distributor],
    }),
  ]);
  if (balance < bond) {
    throw new DisputeError(`The bond is ${bond} of token ${token}; ${account.address} holds ${balance}.`);
  }
  let approvalHash: Hex | undefined;
  if (allowance < bond) {
    approvalHash = await walletClient.writeContract({
      account,
      chain: walletClient.chain,
      address: token,
      abi: erc20Abi,
      functionName: "approve",
      args: [distributor, bond],
    });
    await confirm(publicClient, approvalHash, "the bond's approval");
  }
  const transactionHash = await walletClient.writeContract({
    account,
    chain: walletClient.chain,
    address: distributor,
    abi: payoutDistributorAbi,
    functionName: "dispute",
    args: [reason],
  });
  await confirm(publicClient, transactionHash, "the dispute");
  return {
    status: "disputed",
    epoch: state.epoch,
    proposalHash: state.proposalHash,
    token,
    bond,
    ...(approvalHash !== undefined ? { approvalHash } : {}),
    transactionHash,
  };
}

export type UpholdOutcome = { status: "upheld"; epoch: bigint; proposalHash: Hex; transactionHash: Hex };

/** Upholds the pending dispute (the root is vetoed, the disputer paid): guardians only. */
export async function upholdDispute(parameters: Clients & { reason: string }): Promise<UpholdOutcome> {
  const { publicClient, walletClient, distributor, reason } = parameters;
  const state = await pending(publicClient, distributor);
  if (state.disputer === "0x0000000000000000000000000000000000000000") {
    throw new DisputeError(`Epoch ${state.epoch} is not disputed.`);
  }
  const account = walletClient.account;
  if (account === undefined) throw new DisputeError("The wallet has no account to resolve from.");
  const role = await publicClient.readContract({
    address: distributor,
    abi: payoutDistributorAbi,
    functionName: "GUARDIAN_ROLE",
  });
  const guardian = await publicClient.readContract({
    address: distributor,
    abi: payoutDistributorAbi,
    functionName: "hasRole",
    args: [role, account.address],
  });
  if (!guardian) throw new DisputeError(`${account.address} is not a guardian: only guardians uphold disputes.`);
  const transactionHash = await walletClient.writeContract({
    account,
    chain: walletClient.chain,
    address: distributor,
    abi: payoutDistributorAbi,
    functionName: "resolveDispute",
    args: [true, reason],
  });
  await confirm(publicClient, transactionHash, "the resolution");
  return { status: "upheld", epoch: state.epoch, proposalHash: state.proposalHash, transactionHash };
}

/**
 * The timelock call that rejects the pending dispute: governors schedule it (from their multisig), and anyone
 * executes it once the governance delay has passed. Nothing is sent.
 */
export async function rejectionCall(
  parameters: Omit<Clients, "walletClient"> & { reason: string },
): Promise<TimelockCall & { epoch: bigint }> {
  const { publicClient, distributor, reason } = parameters;
  const state = await pending(publicClient, distributor);
  if (state.disputer === "0x0000000000000000000000000000000000000000") {
    throw new DisputeError(`Epoch ${state.epoch} is not disputed.`);
  }
  const data = encodeFunctionData({ abi: payoutDistributorAbi, functionName: "resolveDispute", args: [false, reason] });
  return { epoch: state.epoch, target: distributor, data, salt: keccak256(toHex(`reject ${state.proposalHash}`)) };
}

async function confirm(publicClient: PublicClient, hash: Hex, what: string): Promise<void> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new DisputeError(`${what} reverted (tx ${hash}).`);
}

function isoTime(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString();
}
