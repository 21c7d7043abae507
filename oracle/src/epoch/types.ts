/**
 * Inputs and outputs of the epoch computation. Amounts are token base units
 * and costs micro-USD, both bigint; basis points are small integers.
 * Addresses are lower-case 0x hex once validated.
 */
import type { Hex } from "../hex.ts";

/** A 20-byte address, lower-case after validation. */
export type Address = Hex;
/** A 32-byte value such as a contribution id. */
export type Bytes32 = Hex;

/** One lineage edge: this asset was built from `assetId`, which receives `weightBps` of its revenue. */
export type ParentEdge = { assetId: bigint; weightBps: number };

/** A registered asset and its parents; the sum of edge weights is its upstream share. */
export type EpochAsset = { id: bigint; parents: readonly ParentEdge[] };

/** An attested, unrevoked contribution, as the ContributionLedger recorded it. */
export type EpochContribution = {
  id: Bytes32;
  assetId: bigint;
  contributor: Address;
  laborMicroUsd: bigint;
  toolsMicroUsd: bigint;
  computeMicroUsd: bigint;
};

/** A contribution's committed coherence score. */
export type EpochScore = {
  contributionId: Bytes32;
  /** Coherence in basis points, 0..10000. */
  coherenceBps: number;
  /** keccak256 of the canonical JSON of the score's metric record; committed in the scores tree. */
  metricsHash: Bytes32;
};

/** Contributor-pool revenue paid to an asset in the epoch; several entries for one (asset, token) add up. */
export type PoolRevenue = { assetId: bigint; token: Address; amount: bigint };

/** A cumulative total of the previous epoch's tree. */
export type CumulativeTotal = { account: Address; token: Address; amount: bigint };

/**
 * How coherence scales a contribution's cost:
 * `multiplierBps = baseBps + floor(coherenceBps * slopeBps / 10000)`.
 * The design's curve is `{ kind: "linear", baseBps: 5000, slopeBps: 10000 }` (0.5x..1.5x).
 */
export type MultiplierCurve = { kind: "linear"; baseBps: number; slopeBps: number };

/** Parameters of the computation; part of the manifest so an auditor sees which were used. */
export type EpochConfig = {
  multiplier: MultiplierCurve;
  /** Receives revenue of an asset that has no weighted contribution and no parents. */
  treasury: Address;
};

/** Everything the epoch computation depends on. */
export type EpochInput = {
  assets: readonly EpochAsset[];
  contributions: readonly EpochContribution[];
  scores: readonly EpochScore[];
  revenue: readonly PoolRevenue[];
  previous: readonly CumulativeTotal[];
  config: EpochConfig;
};

/** A contribution's weight on its asset: `cost x multiplier`. */
export type WeightedContribution = {
  id: Bytes32;
  assetId: bigint;
  contributor: Address;
  costMicroUsd: bigint;
  coherenceBps: number;
  multiplierBps: number;
  /** `costMicroUsd * multiplierBps`. */
  weight: bigint;
};

/** Part of a leaf's epoch amount and where it came from. */
export type LeafSource =
  | {
      kind: "contributors";
      /** The asset whose contributor pool paid this. */
      assetId: bigint;
      amount: bigint;
      /** The asset's contributor pool in this token (its inflow minus what went upstream). */
      pool: bigint;
      /** The account's weight on the asset (sum of its contributions' weights) ... */
      weight: bigint;
      /** ... out of the asset's total weight. */
      totalWeight: bigint;
      /** The account's contributions to the asset, ascending by id. */
      contributions: readonly WeightedContribution[];
    }
  | {
      kind: "treasury";
      /** An asset with no weighted contribution and no parents. */
      assetId: bigint;
      amount: bigint;
    };

/** One `(account, token)` leaf of the cumulative tree with its explanation. */
export type EpochLeaf = {
  account: Address;
  token: Address;
  /** Cumulative total of the previous epoch (0 if none). */
  previous: bigint;
  /** Allocated in this epoch: the sum of `sources`. */
  amount: bigint;
  /** `previous + amount`: the leaf's cumulative amount. */
  cumulative: bigint;
  /** Ascending by asset id, contributor sources before a treasury source of the same asset. */
  sources: readonly LeafSource[];
};

/** How an asset's inflow in one token was split; the revenue paths of every leaf follow these. */
export type AssetFlow = {
  assetId: bigint;
  token: Address;
  /** Pool revenue paid to this asset in the epoch. */
  ownRevenue: bigint;
  /** What descendants passed up, ascending by child id. */
  fromChildren: readonly { assetId: bigint; amount: bigint }[];
  /** `ownRevenue + sum(fromChildren)`. */
  inflow: bigint;
  /**
   * `split`: upstream share to parents, the rest to contributors;
   * `upstream`: no weighted contribution, everything to parents by edge weight;
   * `treasury`: no weighted contribution and no parents.
   */
  route: "split" | "upstream" | "treasury";
  toParents: readonly { assetId: bigint; weightBps: number; amount: bigint }[];
  toContributors: bigint;
  toTreasury: bigint;
  /** Sum of the asset's contribution weights. */
  totalWeight: bigint;
};

/** Per-token totals of an epoch. */
export type TokenTotal = {
  token: Address;
  /** Pool revenue funded in this epoch. */
  funded: bigint;
  /** Allocated in this epoch; always equal to `funded`. */
  allocated: bigint;
  /** Sum of all cumulative leaves: the `totals` entry of the EpochProposal. */
  cumulative: bigint;
};

/** The outcome of {@link computeEpoch}: deterministic for given inputs, whatever their order. */
export type EpochResult = {
  /** Ascending by token address, as the EpochProposal lists them. */
  tokens: readonly TokenTotal[];
  /** Ascending by (account, token); leaves with a zero cumulative amount are omitted. */
  leaves: readonly EpochLeaf[];
  /** Ascending by (asset id, token); only assets with inflow. */
  flows: readonly AssetFlow[];
  /** Every contribution with its weight, ascending by id. */
  contributions: readonly WeightedContribution[];
};
