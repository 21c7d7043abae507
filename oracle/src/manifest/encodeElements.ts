/**
 * Manifest elements as canonical-JSON values (bigints become decimal strings
 * when serialised). One function per element kind; the reader's decoders in
 * ./decodeElements.ts are their exact inverses.
 */
import type { AssetFlow, CumulativeTotal, EpochAsset, EpochContribution, EpochLeaf, LeafSource, PoolRevenue } from "../epoch/types.ts";
import type { JsonValue } from "./canonicalJson.ts";
import type { Manifest, ManifestScore } from "./manifestTypes.ts";

/** The header: every small field of the manifest. */
export function encodeHeader(m: Pick<Manifest, "codeVersion" | "config" | "configHash" | "epoch" | "format">): JsonValue {
  return {
    codeVersion: m.codeVersion,
    config: encodeConfig(m.config),
    configHash: m.configHash,
    epoch: {
      fromBlock: m.epoch.fromBlock,
      number: m.epoch.number,
      payoutRoot: m.epoch.payoutRoot,
      scoresRoot: m.epoch.scoresRoot,
      toBlock: m.epoch.toBlock,
      tokens: m.epoch.tokens.map((t) => ({ allocated: t.allocated, cumulative: t.cumulative, funded: t.funded, token: t.token })),
    },
    format: m.format,
  };
}

/** The config block, whose canonical hash is `configHash`. */
export function encodeConfig(config: Manifest["config"]): JsonValue {
  return {
    multiplier: { baseBps: config.multiplier.baseBps, kind: config.multiplier.kind, slopeBps: config.multiplier.slopeBps },
    scoring: config.scoring,
    treasury: config.treasury,
  };
}

export function encodeAsset(a: EpochAsset): JsonValue {
  return { id: a.id, parents: a.parents.map((p) => ({ assetId: p.assetId, weightBps: p.weightBps })) };
}

export function encodeContribution(c: EpochContribution): JsonValue {
  return {
    assetId: c.assetId,
    computeMicroUsd: c.computeMicroUsd,
    contributor: c.contributor,
    id: c.id,
    laborMicroUsd: c.laborMicroUsd,
    toolsMicroUsd: c.toolsMicroUsd,
  };
}

export function encodePrevious(p: CumulativeTotal): JsonValue {
  return { account: p.account, amount: p.amount, token: p.token };
}

export function encodeRevenue(r: PoolRevenue): JsonValue {
  return { amount: r.amount, assetId: r.assetId, token: r.token };
}

function encodeSource(s: LeafSource): JsonValue {
  if (s.kind === "treasury") return { amount: s.amount, assetId: s.assetId, kind: s.kind };
  return {
    amount: s.amount,
    assetId: s.assetId,
    // Asset and contributor of each contribution are the source's and the leaf's: not repeated.
    contributions: s.contributions.map((c) => ({ coherenceBps: c.coherenceBps, costMicroUsd: c.costMicroUsd, id: c.id, multiplierBps: c.multiplierBps, weight: c.weight })),
    kind: s.kind,
    pool: s.pool,
    totalWeight: s.totalWeight,
    weight: s.weight,
  };
}

export function encodeLeaf(l: EpochLeaf, treeIndex: number): JsonValue {
  return {
    account: l.account,
    amount: l.amount,
    cumulative: l.cumulative,
    previous: l.previous,
    sources: l.sources.map(encodeSource),
    token: l.token,
    treeIndex,
  };
}

export function encodeFlow(f: AssetFlow): JsonValue {
  return {
    assetId: f.assetId,
    fromChildren: f.fromChildren.map((c) => ({ amount: c.amount, assetId: c.assetId })),
    inflow: f.inflow,
    ownRevenue: f.ownRevenue,
    route: f.route,
    toContributors: f.toContributors,
    toParents: f.toParents.map((p) => ({ amount: p.amount, assetId: p.assetId, weightBps: p.weightBps })),
    toTreasury: f.toTreasury,
    token: f.token,
    totalWeight: f.totalWeight,
  };
}

export function encodeScore(s: ManifestScore, treeIndex: number): JsonValue {
  return { coherenceBps: s.coherenceBps, contributionId: s.contributionId, metrics: s.metrics, metricsHash: s.metricsHash, treeIndex };
}
