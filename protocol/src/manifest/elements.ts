/**
 * Every element of the epoch manifest (format `coherence-epoch-manifest-v3`; v2 is the same file committed by the
 * keccak256 of its bytes instead of its chunk tree's root, v1 is v2 without cost checks), declared once. Each declaration
 * lists its fields in canonical (ascending) key order, which is the order they are written in; the types below,
 * the encoder and the decoder all derive from it. Layout and meaning: oracle/docs/manifest-format.md.
 * Amounts are token base units and costs micro-USD (bigint, decimal strings in JSON); addresses are lower case.
 */
import type { Hex } from "../hex.ts";
import {
  address,
  array,
  boolean,
  bytes32,
  decimal,
  type Infer,
  integer,
  json,
  literal,
  MAX_UINT64,
  nullable,
  object,
  oneOf,
  optional,
  string,
  transform,
  variant,
} from "../schema.ts";

/**
 * The format this code writes: v2's lines, committed by the root of a Merkle tree over chunks of them
 * (./manifestChunks.ts), so one account's slice is provable alone.
 */
export const MANIFEST_FORMAT = "coherence-epoch-manifest-v3";
/** The second format, still read: the same lines as v3, its `manifestHash` the keccak256 of the file's bytes. */
export const MANIFEST_FORMAT_V2 = "coherence-epoch-manifest-v2";
/** The first format, still read: epochs published before cost checks have no `inputs.costs` and no `config.costs`. */
export const MANIFEST_FORMAT_V1 = "coherence-epoch-manifest-v1";
/** Every format this code reads. */
export const MANIFEST_FORMATS = [MANIFEST_FORMAT_V1, MANIFEST_FORMAT_V2, MANIFEST_FORMAT] as const;

/** Whether a manifest of `format` is committed by its chunk tree's root (v3) rather than by its bytes' hash. */
export function isChunkCommitted(format: string): boolean {
  return format === MANIFEST_FORMAT;
}
export type ManifestFormat = (typeof MANIFEST_FORMATS)[number];

/** A 20-byte address, lower-case in every published format. */
export type Address = Hex;
/** A 32-byte value such as a contribution id. */
export type Bytes32 = Hex;

const sorted = { sorted: true } as const;
const lowerAddress = address({ lowerCase: true });
const amount = decimal();
const uint64 = decimal({ max: MAX_UINT64 });
const bps = integer({ min: 0, max: 10_000 });
const edgeBps = integer({ min: 1, max: 10_000 });
const count = integer();

/**
 * How coherence scales a contribution's cost: `multiplierBps = baseBps + floor(coherenceBps * slopeBps / 10000)`.
 * The design's curve is `{ kind: "linear", baseBps: 5000, slopeBps: 10000 }` (0.5x..1.5x).
 */
export const multiplierCurveSchema = object(
  { baseBps: integer({ max: 1_000_000 }), kind: literal("linear"), slopeBps: integer({ max: 1_000_000 }) },
  sorted,
);
export type MultiplierCurve = Infer<typeof multiplierCurveSchema>;

/** How the oracle checked cost reports before paying (oracle/docs/costs.md). */
export const costPolicySchema = object(
  {
    /** The canonical hashes of the published price tables a report may be priced from, ascending. */
    priceTables: array(bytes32()),
    /** When true, a contribution without a bound cost report is not paid; when false, it is paid as attested. */
    requireReports: boolean(),
    /** How long after the last commit of the work a time entry or tool session may end. */
    windowAfterSeconds: integer(),
    /** How long before the first commit of the work a time entry or tool session may start. */
    windowBeforeSeconds: integer(),
  },
  sorted,
);
export type CostPolicy = Infer<typeof costPolicySchema>;

/** The configuration block; `configHash` is the canonical hash of exactly this. */
export const configSchema = object(
  {
    /** Absent in v1 manifests, which paid every cost as attested. */
    costs: optional(costPolicySchema),
    multiplier: multiplierCurveSchema,
    /** The scorer's published configuration (weights, tool versions...), or null. */
    scoring: json(),
    /** Receives revenue of an asset that has no weighted contribution and no parents. */
    treasury: lowerAddress,
  },
  sorted,
);
export type ManifestConfig = Infer<typeof configSchema>;
/** Parameters of the computation, without the scorer's record. */
export type EpochConfig = Omit<ManifestConfig, "scoring">;

/** Per-token totals of an epoch. */
export const tokenTotalSchema = object(
  {
    /** Allocated in this epoch; always equal to `funded`. */
    allocated: amount,
    /** Sum of all cumulative leaves: the `totals` entry of the EpochProposal. */
    cumulative: amount,
    /** Pool revenue funded in this epoch. */
    funded: amount,
    token: lowerAddress,
  },
  sorted,
);
export type TokenTotal = Infer<typeof tokenTotalSchema>;

/** The epoch's identity and the values its EpochProposal carries. */
export const manifestEpochSchema = object(
  {
    fromBlock: uint64,
    number: uint64,
    payoutRoot: bytes32(),
    scoresRoot: bytes32(),
    toBlock: uint64,
    /** Ascending by token: the proposal's `tokens` and, as `cumulative`, its `totals`. */
    tokens: array(tokenTotalSchema),
  },
  sorted,
);
export type ManifestEpoch = Infer<typeof manifestEpochSchema>;

/**
 * The chain state the epoch ended at (oracle/docs/manifest-format.md, "Chain state"): the keccak256 of its file and
 * the block it was read to, the epoch's `toBlock`. Absent in manifests written before states were committed.
 */
export const chainStateRefSchema = object({ block: uint64, hash: bytes32() }, sorted);
export type ChainStateRef = Infer<typeof chainStateRefSchema>;

/** The header line: every small field of the manifest. */
export const headerSchema = object(
  {
    chainState: optional(chainStateRefSchema),
    codeVersion: string(),
    config: configSchema,
    configHash: bytes32(),
    epoch: manifestEpochSchema,
    format: oneOf(MANIFEST_FORMATS),
  },
  sorted,
);
export type ManifestHeader = Infer<typeof headerSchema>;

/** One lineage edge: this asset was built from `assetId`, which receives `weightBps` of its revenue. */
export const parentEdgeSchema = object({ assetId: amount, weightBps: edgeBps }, sorted);
export type ParentEdge = Infer<typeof parentEdgeSchema>;

/** `inputs.assets`: a registered asset and its parents; the sum of edge weights is its upstream share. */
export const assetSchema = object({ id: amount, parents: array(parentEdgeSchema) }, sorted);
export type EpochAsset = Infer<typeof assetSchema>;

/** `inputs.contributions`: an attested, unrevoked contribution, as the ContributionLedger recorded it. */
export const contributionSchema = object(
  {
    assetId: amount,
    computeMicroUsd: uint64,
    contributor: lowerAddress,
    id: bytes32(),
    laborMicroUsd: uint64,
    toolsMicroUsd: uint64,
  },
  sorted,
);
export type EpochContribution = Infer<typeof contributionSchema>;

/** A contribution's three costs in micro-USD. */
export const costPartsSchema = object(
  { computeMicroUsd: uint64, laborMicroUsd: uint64, toolsMicroUsd: uint64 },
  sorted,
);
export type CostParts = Infer<typeof costPartsSchema>;

/**
 * What a finding did to the pay: `line`: that line is not counted; `part`: none of the labor, tools or compute
 * part is counted; `report`: nothing of the report is; `cap`: the attested part exceeds what the report's counted
 * lines add up to and is paid at those; `hold`: a plausibility bound held the contribution for a reviewer.
 */
export const COST_EFFECTS = ["line", "part", "report", "cap", "hold"] as const;
export type CostEffect = (typeof COST_EFFECTS)[number];

/** One check that failed: the field (in the report, or `evidence`), why, and what it did to the pay. */
export const costFindingSchema = object(
  { effect: oneOf(COST_EFFECTS), path: string({ minLength: 1 }), reason: string({ minLength: 1 }) },
  sorted,
);
export type ManifestCostFinding = Infer<typeof costFindingSchema>;

/**
 * `unreported`: no report is bound and none is required, paid as attested; `verified`: the report passed every
 * check and its totals are the attested ones; `capped`: some of the cost was not paid (the findings say which);
 * `excluded`: none of it was; `held`: a plausibility bound held it for a reviewer, nothing paid yet; `approved`:
 * held, then approved by the reviewer named, and paid as its checks allow.
 */
export const COST_OUTCOMES = ["unreported", "verified", "capped", "excluded", "held", "approved"] as const;
export type CostOutcome = (typeof COST_OUTCOMES)[number];

/** The reviewer who approved a held contribution, and why. */
export const approvalSchema = object({ rationale: string({ minLength: 1 }), reviewer: lowerAddress }, sorted);

/** `inputs.costs`: how a contribution's attested costs were checked against its report, and what is paid. */
export const costCheckSchema = object(
  {
    approval: nullable(approvalSchema),
    contributionId: bytes32(),
    /** Every failed check, in the order checked. */
    findings: array(costFindingSchema),
    outcome: oneOf(COST_OUTCOMES),
    /** The costs the epoch weighs: each part at most the attested one. */
    paid: costPartsSchema,
    /** The canonical hash of the bound cost report, or null when none is bound. */
    report: nullable(bytes32()),
  },
  sorted,
);
export type CostCheck = Infer<typeof costCheckSchema>;

/** `inputs.previous`: a cumulative total of the previous epoch's tree. */
export const cumulativeTotalSchema = object({ account: lowerAddress, amount, token: lowerAddress }, sorted);
export type CumulativeTotal = Infer<typeof cumulativeTotalSchema>;

/** `inputs.revenue`: contributor-pool revenue paid to an asset, summed per (asset, token). */
export const poolRevenueSchema = object({ amount, assetId: amount, token: lowerAddress }, sorted);
export type PoolRevenue = Infer<typeof poolRevenueSchema>;

/** A contribution's weight as a leaf stores it; its asset and contributor are the source's and the leaf's. */
export const storedWeightSchema = object(
  {
    coherenceBps: bps,
    costMicroUsd: amount,
    id: bytes32(),
    multiplierBps: count,
    /** `costMicroUsd * multiplierBps`. */
    weight: amount,
  },
  sorted,
);

/** A contribution's weight on its asset: `cost x multiplier`. */
export type WeightedContribution = Infer<typeof storedWeightSchema> & { assetId: bigint; contributor: Address };

/** The two kinds of leaf source as stored, by their `kind`. */
export const leafSourceSchemas = {
  contributors: object(
    {
      amount,
      /** The asset whose contributor pool paid this. */
      assetId: amount,
      /** The account's contributions to the asset, ascending by id. */
      contributions: array(storedWeightSchema),
      kind: literal("contributors"),
      /** The asset's contributor pool in this token (its inflow minus what went upstream). */
      pool: amount,
      /** ... out of the asset's total weight. */
      totalWeight: amount,
      /** The account's weight on the asset (sum of its contributions' weights) ... */
      weight: amount,
    },
    sorted,
  ),
  /** An asset with no weighted contribution and no parents. */
  treasury: object({ amount, assetId: amount, kind: literal("treasury") }, sorted),
};

/** A leaf source as stored: its weighted contributions without the asset and contributor they imply. */
export const leafSourceSchema = variant("kind", leafSourceSchemas);
export type StoredLeafSource = Infer<typeof leafSourceSchema>;

/** Part of a leaf's epoch amount and where it came from. */
export type LeafSource =
  | Extract<StoredLeafSource, { kind: "treasury" }>
  | (Omit<Extract<StoredLeafSource, { kind: "contributors" }>, "contributions"> & {
      contributions: readonly WeightedContribution[];
    });

/** A leaf as stored: its weighted contributions without the asset and contributor they imply. */
export const storedLeafSchema = object(
  {
    account: lowerAddress,
    /** Allocated in this epoch: the sum of `sources`. */
    amount,
    /** `previous + amount`: the leaf's cumulative amount. */
    cumulative: amount,
    /** Cumulative total of the previous epoch (0 if none). */
    previous: amount,
    /** Ascending by asset id, contributor sources before a treasury source of the same asset. */
    sources: array(leafSourceSchema),
    token: lowerAddress,
    /** Where the leaf is in `payoutTree.nodes`. */
    treeIndex: count,
  },
  sorted,
);

/** A stored leaf with what it implies filled in: each weighted contribution's asset (its source's) and contributor (the leaf's account). */
export function impliedLeafFields(leaf: Infer<typeof storedLeafSchema>): ManifestLeaf {
  for (const source of leaf.sources) {
    if (source.kind !== "contributors") continue;
    for (const c of source.contributions as WeightedContribution[]) {
      c.assetId = source.assetId;
      c.contributor = leaf.account;
    }
  }
  return leaf as ManifestLeaf;
}

/** `leaves`: one `(account, token)` leaf of the cumulative tree with its explanation. */
export const leafSchema = transform(storedLeafSchema, { decode: impliedLeafFields, encode: (leaf) => leaf });
export type ManifestLeaf = Omit<Infer<typeof storedLeafSchema>, "sources"> & { sources: readonly LeafSource[] };
/** One `(account, token)` leaf with its explanation, without its place in the tree. */
export type EpochLeaf = Omit<ManifestLeaf, "treeIndex">;

/** What one child passed up to an asset. */
export const fromChildSchema = object({ amount, assetId: amount }, sorted);
/** What an asset passed up to one parent, by the edge's weight. */
export const toParentSchema = object({ amount, assetId: amount, weightBps: edgeBps }, sorted);

/** `lineageFlows`: how an asset's inflow in one token was split; every leaf's revenue path follows these. */
export const assetFlowSchema = object(
  {
    assetId: amount,
    /** What descendants passed up, ascending by child id. */
    fromChildren: array(fromChildSchema),
    /** `ownRevenue + sum(fromChildren)`. */
    inflow: amount,
    /** Pool revenue paid to this asset in the epoch. */
    ownRevenue: amount,
    /**
     * `split`: upstream share to parents, the rest to contributors;
     * `upstream`: no weighted contribution, everything to parents by edge weight;
     * `treasury`: no weighted contribution and no parents.
     */
    route: oneOf(["split", "upstream", "treasury"]),
    toContributors: amount,
    toParents: array(toParentSchema),
    toTreasury: amount,
    token: lowerAddress,
    /** Sum of the asset's contribution weights. */
    totalWeight: amount,
  },
  sorted,
);
export type AssetFlow = Infer<typeof assetFlowSchema>;

/** `scores`: a committed score with the scorer's metric record and its place in `scoresTree.nodes`. */
export const scoreSchema = object(
  {
    /** Coherence in basis points, 0..10000. */
    coherenceBps: bps,
    contributionId: bytes32(),
    /** The scorer's metric record (values in bps or other integers; no floats). */
    metrics: json(),
    /** keccak256 of the canonical JSON of `metrics`; committed in the scores tree. */
    metricsHash: bytes32(),
    treeIndex: count,
  },
  sorted,
);
export type ManifestScoreEntry = Infer<typeof scoreSchema>;
/** A score as published: its metric values and their hash. */
export type ManifestScore = Omit<ManifestScoreEntry, "treeIndex">;
/** A contribution's committed coherence score. */
export type EpochScore = Omit<ManifestScore, "metrics">;

/** A tree stored as its node array (node i at bytes [32i, 32i + 32)); proofs derive from it. */
export type ManifestTree = { leafEncoding: readonly string[]; nodes: Uint8Array };

/** A decoded manifest. */
export type Manifest = ManifestHeader & {
  inputs: {
    /** Ascending by id, parents ascending by id. */
    assets: readonly EpochAsset[];
    /** Ascending by id; costs as attested. */
    contributions: readonly EpochContribution[];
    /** One per contribution, in the same order; empty in a v1 manifest. */
    costs: readonly CostCheck[];
    /** Ascending by (account, token). */
    previous: readonly CumulativeTotal[];
    /** Summed per (asset, token), ascending by (asset id, token). */
    revenue: readonly PoolRevenue[];
  };
  /** Ascending by (account, token); `treeIndex` locates the leaf in `payoutTree.nodes`. */
  leaves: readonly ManifestLeaf[];
  /** Ascending by (asset id, token). */
  lineageFlows: readonly AssetFlow[];
  payoutTree: ManifestTree;
  /** Ascending by contribution id; `treeIndex` locates the leaf in `scoresTree.nodes`. */
  scores: readonly ManifestScoreEntry[];
  scoresTree: ManifestTree;
};
