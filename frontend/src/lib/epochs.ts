/** Epochs as the indexer has them (`epoch` table; the id is the epoch number), parsed. */
import type { EpochProposal } from "@coherence/protocol";
import type { Address, Hex } from "viem";

import { big, bigOrNull } from "./indexerValues.ts";

// The indexer's names for the lifecycle ("proposed"), not readChain's proposal status ("pending"). "expired": nobody
// finalised it within a challenge period after its deadline, and it was cleared so a new one could be proposed.
export type EpochStatus = "proposed" | "vetoed" | "finalised" | "expired";

/** The proposal as the oracles signed it (keyed by `number` as the indexer keys it), who signed it, and its lifecycle. */
export type EpochRow = Omit<EpochProposal, "epoch"> & {
  number: bigint;
  proposalHash: Hex;
  signers: readonly Address[];
  status: EpochStatus;
  challengeDeadline: bigint;
  proposedAt: bigint;
  proposedTx: Hex;
  finalisedAt: bigint | null;
  finalisedTx: Hex | null;
  vetoedAt: bigint | null;
  vetoReason: string | null;
  expiredAt: bigint | null;
  expiredTx: Hex | null;
};

/** An epoch row as the indexer answers it (the selection is in ./queries.ts). */
export type RawEpoch = Record<string, unknown>;

export function parseEpoch(r: RawEpoch): EpochRow {
  return {
    number: big(r.id),
    status: r.status as EpochStatus,
    proposalHash: r.proposalHash as Hex,
    fromBlock: big(r.fromBlock),
    toBlock: big(r.toBlock),
    payoutRoot: r.payoutRoot as Hex,
    scoresRoot: r.scoresRoot as Hex,
    manifestHash: r.manifestHash as Hex,
    tokens: r.tokens as Address[],
    totals: (r.totals as string[]).map(big),
    signers: r.signers as Address[],
    challengeDeadline: big(r.challengeDeadline),
    proposedAt: big(r.proposedAt),
    proposedTx: r.proposedTx as Hex,
    finalisedAt: bigOrNull(r.finalisedAt),
    finalisedTx: (r.finalisedTx as Hex | null) ?? null,
    vetoedAt: bigOrNull(r.vetoedAt),
    vetoReason: (r.vetoReason as string | null) ?? null,
    expiredAt: bigOrNull(r.expiredAt),
    expiredTx: (r.expiredTx as Hex | null) ?? null,
  };
}
