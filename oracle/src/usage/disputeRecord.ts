/**
 * Opens the dispute of a replayed record on the MeteringEscrow: the record and its proof under the anchored root,
 * the replay's finding as the reason, and the bond of the escrow's dispute terms (approved to the escrow first).
 * Until the dispute is resolved, the runner's vouchers of that period and later cannot be redeemed.
 */
import { BaseError, type Hex, meteringEscrowAbi } from "@coherence/protocol";
import { sendContract } from "@coherence/protocol/actions";
import { erc20Abi, type PublicClient, parseEventLogs, type WalletClient } from "viem";

import type { Escrow } from "./escrowEvents.ts";
import type { Replay, ReplayedRecord } from "./replayRecords.ts";

/** The escrow sets no bond: disputes are disabled. */
export class DisputesDisabledError extends BaseError {
  override name = "DisputesDisabledError";
}

export type OpenedDispute = {
  readonly disputeId: bigint;
  readonly bond: bigint;
  readonly token: Hex;
  readonly approvalHash?: Hex;
  readonly transactionHash: Hex;
};

/**
 * @example
 * const opened = await disputeRecord({ publicClient, walletClient, escrow }, replay, mismatched);
 */
export async function disputeRecord(
  clients: { readonly publicClient: PublicClient; readonly walletClient: WalletClient; readonly escrow: Escrow },
  replay: Replay,
  replayed: ReplayedRecord,
): Promise<OpenedDispute> {
  const { publicClient, walletClient, escrow } = clients;
  const { token, bond } = await publicClient.readContract({
    address: escrow.address,
    abi: meteringEscrowAbi,
    functionName: "disputeTerms",
  });
  if (bond === 0n) throw new DisputesDisabledError("the MeteringEscrow's dispute terms set no bond: disputes are off");
  const disputer = walletClient.account!.address;
  const allowance = await publicClient.readContract({
    address: token,
    abi: erc20Abi,
    functionName: "allowance",
    args: [disputer, escrow.address],
  });
  const approval =
    allowance < bond
      ? await sendContract({
          publicClient,
          walletClient,
          address: token,
          abi: erc20Abi,
          functionName: "approve",
          args: [escrow.address, bond],
        })
      : undefined;
  const { record, proof } = replayed.published;
  const reason =
    `replay of record ${replayed.index} (payer ${record.payer}, nonce ${record.nonce}) of ${replay.uri}: ` +
    `${replayed.result}, output hash ${replayed.actualOutputHash ?? "none"} against the recorded ${record.outputHash}` +
    `${replayed.problem !== undefined ? ` (${replayed.problem})` : ""}; seed ${replay.seed} of block ${replay.seedBlock}`;
  const { transactionHash, receipt } = await sendContract({
    publicClient,
    walletClient,
    address: escrow.address,
    abi: meteringEscrowAbi,
    functionName: "dispute",
    args: [replay.runner, replay.period, record, proof, reason],
  });
  const [opened] = parseEventLogs({ abi: meteringEscrowAbi, eventName: "RecordDisputed", logs: receipt.logs });
  return {
    disputeId: opened!.args.disputeId,
    bond,
    token,
    ...(approval !== undefined ? { approvalHash: approval.transactionHash } : {}),
    transactionHash,
  };
}
