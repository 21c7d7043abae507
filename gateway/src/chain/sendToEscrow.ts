/**
 * One runner transaction to the MeteringEscrow (a redemption, an anchor), its refusal reported rather than thrown:
 * the runner's rounds go on to the next channel or period and try a refused one again next round.
 */
import { type MeteringEscrowRef, meteringEscrowAbi } from "@coherence/protocol";
import { sendContract } from "@coherence/protocol/actions";
import type { Hex, PublicClient, WalletClient } from "viem";

export type EscrowChain = {
  readonly publicClient: PublicClient;
  readonly walletClient: WalletClient;
  readonly escrow: MeteringEscrowRef;
};

export async function sendToEscrow(
  chain: EscrowChain,
  functionName: "redeem" | "anchor",
  args: readonly unknown[],
): Promise<{ transactionHash: Hex } | { refused: string }> {
  try {
    const { transactionHash } = await sendContract({
      publicClient: chain.publicClient,
      walletClient: chain.walletClient,
      address: chain.escrow.address,
      abi: meteringEscrowAbi,
      functionName,
      args,
    } as never);
    return { transactionHash };
  } catch (error) {
    return { refused: error instanceof Error ? error.message.split("\n")[0]! : String(error) };
  }
}
