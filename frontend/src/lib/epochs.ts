/** Epochs as the indexer has them (`epoch` table; the id is the epoch number), parsed. */
import type { EpochProposal } from "@coherence/protocol";
import type { Address, Hex } from "viem";

import { big, bigOrNull } from "./indexerValues.ts";

// The indexer's names for the lifecycle ("proposed"), not readChain's proposal status ("pending"). "expired": nobody
// finalised it within a challenge period after its deadline, and it was cleared so a new one could be proposed.
// "revoked": finalised, then revoked by governance back to an earlier epoch, whose root claims use again.
export type EpochStatus = "proposed" | "vetoed" | "finalised" | "expired" | "revoked";
/**
 * "open": the proposal waits for the resolution (it can be neither finalised nor cleared); "upheld" by a guardian or
 * governance (the proposal is vetoed, the disputer gets its bond back and the reward); "rejected" by governance
 * (the bond goes to the treasury, the proposal may be finalised).
 */
export type DisputeStatus = "open" | "upheld" | "rejected";

/** A bond posted against an epoch's proposal (`dispute` table, id `<epoch>-<n>`) and its resolution. */
export type DisputeRow = {
  id: string;
  epoch: bigint;
  status: DisputeStatus;
  disputer: Address;
  token: Address;
  bond: bigint;
  reason: string;
  disputedAt: bigint;
  disputedTx: Hex;
  resolvedBy: Address | null;
  reward: bigint | null;
  resolutionReason: string | null;
  resolvedAt: bigint | null;
  resolvedTx: Hex | null;
};

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
  revokedAt: bigint | null;
  revokedTx: Hex | null;
  revokeReason: string | null;
  /** The epoch governance went back to when it revoked this one. */
  restoredEpoch: bigint | null;
  /** How many times it was disputed, and its latest dispute's status (null when never disputed). */
  disputeCount: number;
  disputeStatus: DisputeStatus | null;
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
    revokedAt: bigOrNull(r.revokedAt),
    revokedTx: (r.revokedTx as Hex | null) ?? null,
    revokeReason: (r.revokeReason as string | null) ?? null,
    restoredEpoch: bigOrNull(r.restoredEpoch),
    disputeCount: Number(r.disputeCount ?? 0),
    disputeStatus: (r.disputeStatus as DisputeStatus | null) ?? null,
  };
}

export function parseDispute(r: RawEpoch): DisputeRow {
  return {
    id: String(r.id),
    epoch: big(r.epochId),
    status: r.status as DisputeStatus,
    disputer: r.disputer as Address,
    token: r.token as Address,
    bond: big(r.bond),
    reason: String(r.reason),
    disputedAt: big(r.disputedAt),
    disputedTx: r.disputedTx as Hex,
    resolvedBy: (r.resolvedBy as Address | null) ?? null,
    reward: bigOrNull(r.reward),
    resolutionReason: (r.resolutionReason as string | null) ?? null,
    resolvedAt: bigOrNull(r.resolvedAt),
    resolvedTx: (r.resolvedTx as Hex | null) ?? null,
  };
}

/** An epoch's latest dispute among `disputes` (any order), or undefined. */
export function latestDispute(epoch: bigint, disputes: readonly DisputeRow[]): DisputeRow | undefined {
  let latest: DisputeRow | undefined;
  for (const d of disputes)
    if (d.epoch === epoch && (latest === undefined || d.disputedAt >= latest.disputedAt)) latest = d;
  return latest;
}

/** What a dispute's status means for its epoch, in plain words. */
export function disputeOutcome(d: Pick<DisputeRow, "status">): string {
  switch (d.status) {
    case "open":
      return "Disputed: the root can be neither finalised nor cleared until a guardian or governance resolves the dispute.";
    case "upheld":
      return "Upheld: the root was vetoed; the disputer got its bond back and the reward.";
    case "rejected":
      return "Rejected by governance: the bond went to the treasury and the root could be finalised after its window.";
  }
}
