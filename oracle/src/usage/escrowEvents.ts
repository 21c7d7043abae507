/**
 * The MeteringEscrow's events a replay and a usage report read, from the escrow's deployment block on: anchors,
 * redemptions, disputes and their resolutions.
 */
import { BaseError, type Deployment, type MeteringEscrowRef, meteringEscrowAbi } from "@coherence/protocol";
import type { Address, PublicClient } from "viem";

/** The deployment has no MeteringEscrow: nothing was metered. */
export class NoEscrowError extends BaseError {
  override name = "NoEscrowError";
}

/** The runner anchored nothing for the period. */
export class NotAnchoredError extends BaseError {
  override name = "NotAnchoredError";
}

export type Escrow = MeteringEscrowRef & { readonly startBlock: bigint };

export function escrowOf(deployment: Deployment): Escrow {
  const contract = deployment.contracts.MeteringEscrow;
  if (contract === undefined) {
    throw new NoEscrowError(`the deployment of chain ${deployment.chainId} has no MeteringEscrow`);
  }
  return { chainId: deployment.chainId, address: contract.address, startBlock: BigInt(contract.startBlock) };
}

type EventName = "RecordsAnchored" | "VoucherRedeemed" | "RecordDisputed" | "DisputeResolved";

/** Every `eventName` the escrow emitted, oldest first, optionally filtered by its indexed arguments. */
export function escrowEvents<N extends EventName>(
  client: PublicClient,
  escrow: Escrow,
  eventName: N,
  args?: { runner?: Address; period?: bigint },
) {
  return client.getContractEvents({
    address: escrow.address,
    abi: meteringEscrowAbi,
    eventName,
    ...(args !== undefined ? { args } : {}),
    fromBlock: escrow.startBlock,
    toBlock: "latest",
    strict: true,
  } as never) as Promise<Awaited<ReturnType<typeof client.getContractEvents<typeof meteringEscrowAbi, N, true>>>>;
}

/**
 * The runner's anchor for `period` as its `RecordsAnchored` event says it (a period is anchored once), with the
 * block that included it.
 *
 * @example
 * const anchor = await anchorOf(client, escrow, runner, 4n); // { root, count, uri, blockNumber, ... }
 */
export async function anchorOf(client: PublicClient, escrow: Escrow, runner: Address, period: bigint) {
  const [event] = await escrowEvents(client, escrow, "RecordsAnchored", { runner, period });
  if (event === undefined) throw new NotAnchoredError(`${runner} anchored no records for period ${period}`);
  const { root, count, uri } = event.args;
  return { runner, period, root, count, uri, blockNumber: event.blockNumber, transactionHash: event.transactionHash };
}
