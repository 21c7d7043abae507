/**
 * The claims API's answer (`GET /claims/:account`, indexer/src/api/claims.ts) parsed into bigints and typed
 * explanation sources.
 */
import { type Address, getAddress, type Hex } from "viem";
import { type LeafSource as EpochLeafSource, type WeightedContribution } from "@coherence/protocol";


/** A contribution that weighed on a leaf, as the manifest lists it (its asset and contributor are the source's and the leaf's). */
export type SourceContribution = Pick<WeightedContribution, "id" | "costMicroUsd" | "coherenceBps" | "multiplierBps" | "weight">;

/** Part of a leaf's epoch amount and where it came from: the oracle's `LeafSource`, its contributions as listed. */
export type LeafSource =
  | (Omit<Extract<EpochLeafSource, { kind: "contributors" }>, "contributions"> & { contributions: readonly SourceContribution[] })
  | Extract<EpochLeafSource, { kind: "treasury" }>;

export type ClaimLeaf = {
  token: Address;
  cumulativeAmount: bigint;
  previous: bigint;
  amount: bigint;
  /** Claimed so far, as indexed. */
  claimed: bigint;
  claimable: bigint;
  proof: Hex[];
  treeIndex: number;
  sources: LeafSource[];
  /** The oracle's readable explanation, line by line. */
  explanation: string[];
};

export type Claims = {
  account: Address;
  // The indexer's epoch row as the claims API answers it (its `number`, `finalisedAt`), not the oracle's ChainEpoch.
  epoch: {
    number: bigint;
    payoutRoot: Hex;
    manifestHash: Hex;
    fromBlock: bigint;
    toBlock: bigint;
    finalisedAt: bigint | null;
  };
  paused: boolean;
  leaves: ClaimLeaf[];
};

type Raw = Record<string, unknown>;
const big = (v: unknown): bigint => BigInt(String(v));

function parseSource(raw: Raw): LeafSource {
  if (raw.kind === "treasury") return { kind: "treasury", assetId: big(raw.assetId), amount: big(raw.amount) };
  return {
    kind: "contributors",
    assetId: big(raw.assetId),
    amount: big(raw.amount),
    pool: big(raw.pool),
    weight: big(raw.weight),
    totalWeight: big(raw.totalWeight),
    contributions: ((raw.contributions as Raw[] | undefined) ?? []).map((c) => ({
      id: String(c.id) as Hex,
      costMicroUsd: big(c.costMicroUsd),
      coherenceBps: Number(c.coherenceBps),
      multiplierBps: Number(c.multiplierBps),
      weight: big(c.weight),
    })),
  };
}

/** Parses the JSON of `GET /claims/:account`. */
export function parseClaims(raw: Raw): Claims {
  const epoch = raw.epoch as Raw;
  return {
    account: getAddress(String(raw.account)),
    epoch: {
      number: big(epoch.number),
      payoutRoot: String(epoch.payoutRoot) as Hex,
      manifestHash: String(epoch.manifestHash) as Hex,
      fromBlock: big(epoch.fromBlock),
      toBlock: big(epoch.toBlock),
      finalisedAt: epoch.finalisedAt === null || epoch.finalisedAt === undefined ? null : big(epoch.finalisedAt),
    },
    paused: raw.paused === true,
    leaves: (raw.leaves as Raw[]).map((l) => ({
      token: getAddress(String(l.token)),
      cumulativeAmount: big(l.cumulativeAmount),
      previous: big(l.previous),
      amount: big(l.amount),
      claimed: big(l.claimed),
      claimable: big(l.claimable),
      proof: (l.proof as string[]).map((p) => p as Hex),
      treeIndex: Number(l.treeIndex),
      sources: (l.sources as Raw[]).map(parseSource),
      explanation: (l.explanation as string[]).map(String),
    })),
  };
}
