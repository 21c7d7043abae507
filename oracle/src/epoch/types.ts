/**
 * Inputs and outputs of the epoch computation. Amounts are token base units
 * and costs micro-USD, both bigint; basis points are small integers.
 * Addresses are lower-case 0x hex once validated. The element types are the
 * manifest's, declared in @coherence/protocol.
 */
import type {
  AssetFlow,
  CumulativeTotal,
  EpochAsset,
  EpochConfig,
  EpochContribution,
  EpochLeaf,
  EpochScore,
  PoolRevenue,
  TokenTotal,
  WeightedContribution,
} from "@coherence/protocol";

/** Everything the epoch computation depends on. */
export type EpochInput = {
  assets: readonly EpochAsset[];
  contributions: readonly EpochContribution[];
  scores: readonly EpochScore[];
  revenue: readonly PoolRevenue[];
  previous: readonly CumulativeTotal[];
  config: EpochConfig;
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
