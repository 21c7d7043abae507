/**
 * Epochs cover finalised blocks only. Logs past the finalised head can still be reorganised away, and a node may
 * answer `eth_getLogs` beyond its head with no logs rather than an error (Hardhat does): revenue mined there
 * after signing would fall inside an epoch already paid, and never be counted.
 *
 * Local chains lose nothing: Hardhat's node (EDR) answers the `finalized` tag with its latest block.
 */
import type { PublicClient } from "viem";

import { RpcUnavailableError, ToBlockNotFinalisedError } from "./errors.ts";
import { rpcUrlOf } from "./readChain.ts";

/**
 * The number of the chain's latest finalised block (the `finalized` block tag).
 *
 * @example
 * const head = await finalisedHead(client); // on a Hardhat node, its latest block
 */
export async function finalisedHead(client: PublicClient): Promise<bigint> {
  try {
    return (await client.getBlock({ blockTag: "finalized" })).number;
  } catch (error) {
    throw new RpcUnavailableError(rpcUrlOf(client), "reading the finalised block", {
      cause: error,
      metaMessages: ["The node must answer the `finalized` block tag (post-Merge execution clients do)."],
    });
  }
}

/**
 * The last block an epoch may cover: `requested` if the chain has finalised it, else a
 * {@link ToBlockNotFinalisedError}; the finalised head when nothing is requested.
 *
 * @example
 * const toBlock = await finalisedToBlock(client, args["to-block"]);
 */
export async function finalisedToBlock(client: PublicClient, requested?: bigint): Promise<bigint> {
  const head = await finalisedHead(client);
  if (requested === undefined) return head;
  if (requested > head) throw new ToBlockNotFinalisedError(requested, head);
  return requested;
}
