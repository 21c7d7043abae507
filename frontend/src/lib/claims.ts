/**
 * The claims API's answer (`GET /claims/:account`, indexer/src/api/claims.ts) parsed into bigints and typed
 * explanation sources.
 */
import { type Address, getAddress, type Hex } from "viem";

/** A contribution that weighed on a leaf, as the epoch committed it. */
export type SourceContribution = {
  id: Hex;
  costMicroUsd: bigint;
  coherenceBps: number;
  multiplierBps: number;
  weight: bigint;
};

/** Part of a leaf's epoch amount and where it came from (oracle/src/epoch/types.ts `LeafSource`). */
export type LeafSource =
  | {
      kind: "contributors";
      assetId: bigint;
      amount: bigint;
      pool: bigint;
      weight: bigint;
      totalWeight: bigint;
      contributions: SourceContribution[];
    }
  | { kind: "treasury"; assetId: bigint; amount: bigint };

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
