/**
 * A finalised epoch as the chain's logs record it (its manifest hash and payout root), for the commands that
 * check a published manifest or slice against it (`ccn verify`, `ccn slice cut`).
 */
import { BaseError, type Deployment } from "@coherence/protocol";
import type { PublicClient } from "viem";

import { deploymentBlock } from "../chain/chainState.ts";
import { type ChainEpoch, readChain } from "../chain/readChain.ts";
import type { OnProgress } from "../progress/progress.ts";

/** Epoch `epoch` if it is finalised, else the latest finalised one; throws when there is none. */
export async function finalisedEpoch(parameters: {
  client: PublicClient;
  deployment: Deployment;
  epoch?: bigint | undefined;
  onProgress?: OnProgress | undefined;
}): Promise<ChainEpoch> {
  const { client, deployment } = parameters;
  const firstBlock = deploymentBlock(deployment);
  const { epochs } = await readChain({
    client,
    deployment,
    fromBlock: firstBlock,
    toBlock: await client.getBlockNumber(),
    onProgress: parameters.onProgress,
  });
  const epoch = parameters.epoch !== undefined ? epochs.find((e) => e.epoch === parameters.epoch) : epochs.at(-1);
  if (epoch === undefined) {
    throw new BaseError(
      parameters.epoch !== undefined
        ? `Epoch ${parameters.epoch} is not finalised on this chain.`
        : "No epoch is finalised on this chain yet.",
    );
  }
  return epoch;
}
