import { payoutDistributorAbi } from "@coherence/protocol";
import type { Hex } from "viem";
import { useReadContracts } from "wagmi";

import { deployment } from "../config/deployment.ts";

export type DistributorState = {
  /** The root claims are checked against: zero while paused or before the first finalisation. */
  root: Hex;
  finalisedRoot: Hex;
  paused: boolean;
  finalisedEpoch: bigint;
  /** The pending proposal, if any: its epoch and challenge deadline (chain time, seconds). */
  pending: { epoch: bigint; proposalHash: Hex; challengeDeadline: bigint } | undefined;
};

const ZERO_DEADLINE = 0n;

/**
 * The PayoutDistributor's state read from the chain (not the indexer, so claim decisions use the truth):
 * root, pause, finalised epoch and pending proposal. Refreshed every 30 s and after a transaction, not on every
 * block.
 */
export function useDistributorState() {
  const address = deployment?.contracts.PayoutDistributor.address;
  const contract = { address, abi: payoutDistributorAbi } as const;
  return useReadContracts({
    contracts: [
      { ...contract, functionName: "root" },
      { ...contract, functionName: "finalisedRoot" },
      { ...contract, functionName: "paused" },
      { ...contract, functionName: "finalisedEpoch" },
      { ...contract, functionName: "pendingProposal" },
    ],
    allowFailure: false,
    query: {
      enabled: address !== undefined,
      refetchInterval: 30_000,
      staleTime: 5_000,
      select: ([
        root,
        finalisedRoot,
        paused,
        [finalisedEpoch],
        [pendingEpoch, proposalHash, challengeDeadline],
      ]): DistributorState => ({
        root,
        finalisedRoot,
        paused,
        finalisedEpoch,
        pending:
          challengeDeadline === ZERO_DEADLINE ? undefined : { epoch: pendingEpoch, proposalHash, challengeDeadline },
      }),
    },
  });
}
