/**
 * A finalised epoch as the chain records it (its manifest hash and payout root), for the commands that check a
 * published manifest or slice against it (`ccn verify`, `ccn slice cut`): found from the distributor's views and
 * that epoch's own logs (../chain/epochLookup.ts), not by reading every log since deployment.
 */
import { BaseError, type Deployment } from "@coherence/protocol";
import type { PublicClient } from "viem";

import { epochOf } from "../chain/chainState.ts";
import { epochLookup } from "../chain/epochLookup.ts";
import type { ChainEpoch } from "../chain/readChain.ts";

/** Epoch `epoch` if it is finalised (and not revoked), else the latest such one; throws when there is none. */
export async function finalisedEpoch(parameters: {
  client: PublicClient;
  deployment: Deployment;
  epoch?: bigint | undefined;
}): Promise<ChainEpoch> {
  const { client, deployment } = parameters;
  const epochs = epochLookup({ client, deployment, blockNumber: await client.getBlockNumber() });
  const epoch =
    parameters.epoch !== undefined
      ? await epochs.proposal(parameters.epoch).then((p) => (p?.status === "finalised" ? epochOf(p) : undefined))
      : await epochs.latestFinalised();
  if (epoch === undefined) {
    throw new BaseError(
      parameters.epoch !== undefined
        ? `Epoch ${parameters.epoch} is not finalised on this chain.`
        : "No epoch is finalised on this chain yet.",
    );
  }
  return epoch;
}
