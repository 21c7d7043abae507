/**
 * The runner cashing in: each channel's latest voucher the escrow has not redeemed yet is redeemed, which pays the
 * asset its increase through `RevenueRouter.pay` (fee, reserve, pool, lineage) and the runner its hosting fee. A
 * voucher the escrow refuses (a frozen period during a dispute, a payer whose escrow ran out) is reported and left
 * for the next round; nothing is retried within a round.
 */
import { meteringEscrowAbi } from "@coherence/protocol";
import type { Hex } from "viem";

import { type EscrowChain, sendToEscrow } from "../chain/sendToEscrow.ts";
import type { UsageBook } from "../metering/usageBook.ts";

export type Redemption =
  | { readonly payer: Hex; readonly assetId: bigint; readonly nonce: bigint; readonly transactionHash: Hex }
  | { readonly payer: Hex; readonly assetId: bigint; readonly nonce: bigint; readonly refused: string };

export async function redeemVouchers(book: UsageBook, chain: EscrowChain): Promise<Redemption[]> {
  const { publicClient, escrow } = chain;
  const done: Redemption[] = [];
  for (const { voucher, signature } of book.latestVouchers()) {
    const channel = (await publicClient.readContract({
      address: escrow.address,
      abi: meteringEscrowAbi,
      functionName: "channelOf",
      args: [voucher.payer, voucher.runner, voucher.assetId, voucher.token],
    })) as { nonce: bigint };
    if (BigInt(channel.nonce) >= voucher.nonce) continue;
    const { payer, assetId, nonce } = voucher;
    const sent = await sendToEscrow(chain, "redeem", [voucher, signature]);
    done.push({ payer, assetId, nonce, ...sent });
  }
  return done;
}
