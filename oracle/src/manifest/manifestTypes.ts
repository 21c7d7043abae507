/**
 * The epoch manifest, format `coherence-epoch-manifest-v1`: everything needed
 * to recompute and audit an epoch (config, inputs, scores with their metrics,
 * allocations with explanations, lineage flows, and both trees as node arrays
 * from which every proof derives). Layout: oracle/docs/manifest-format.md.
 */
import type { Hex } from "../hex.ts";
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
} from "../epoch/types.ts";
import type { JsonValue } from "./canonicalJson.ts";

/** The format this code writes and reads. */
export const MANIFEST_FORMAT = "coherence-epoch-manifest-v1";

/** A score as published: its metric values and their hash. */
export type ManifestScore = EpochScore & {
  /** The scorer's metric record (values in bps or other integers; no floats). */
  metrics: JsonValue;
};

/** The configuration block; `configHash` is the canonical hash of exactly this. */
export type ManifestConfig = EpochConfig & {
  /** The scorer's published configuration (weights, tool versions...), or null. */
  scoring: JsonValue;
};

/** The epoch's identity and the values its EpochProposal carries. */
export type ManifestEpoch = {
  number: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  payoutRoot: Hex;
  scoresRoot: Hex;
  /** Ascending by token: the proposal's `tokens` and, as `cumulative`, its `totals`. */
  tokens: readonly TokenTotal[];
};

/** A tree stored as its node array (node i at bytes [32i, 32i + 32)); proofs derive from it. */
export type ManifestTree = { leafEncoding: readonly string[]; nodes: Uint8Array };

/** A decoded, validated manifest. */
export type Manifest = {
  format: typeof MANIFEST_FORMAT;
  codeVersion: string;
  config: ManifestConfig;
  configHash: Hex;
  epoch: ManifestEpoch;
  inputs: {
    /** Ascending by id, parents ascending by id. */
    assets: readonly EpochAsset[];
    /** Ascending by id. */
    contributions: readonly EpochContribution[];
    /** Ascending by (account, token). */
    previous: readonly CumulativeTotal[];
    /** Summed per (asset, token), ascending by (asset id, token). */
    revenue: readonly PoolRevenue[];
  };
  /** Ascending by (account, token); `treeIndex` locates the leaf in `payoutTree.nodes`. */
  leaves: readonly (EpochLeaf & { treeIndex: number })[];
  /** Ascending by (asset id, token). */
  lineageFlows: readonly AssetFlow[];
  payoutTree: ManifestTree;
  /** Ascending by contribution id; `treeIndex` locates the leaf in `scoresTree.nodes`. */
  scores: readonly (ManifestScore & { treeIndex: number })[];
  scoresTree: ManifestTree;
};
