/**
 * Manifest elements as plain JSON values whose keys are already in canonical
 * (sorted) order and whose bigints are already decimal strings, so the writer
 * can serialise them with the native `JSON.stringify`. One function per element
 * kind; the reader's decoders in ./decodeElements.ts are their exact inverses.
 * The reader re-checks every line for canonical form, and the tests round-trip
 * random epochs, so a key added out of order here cannot go unnoticed.
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
      fromBlock: String(m.epoch.fromBlock),
      number: String(m.epoch.number),
      payoutRoot: m.epoch.payoutRoot,
      scoresRoot: m.epoch.scoresRoot,
      toBlock: String(m.epoch.toBlock),
      tokens: m.epoch.tokens.map((t) => ({ allocated: String(t.allocated), cumulative: String(t.cumulative), funded: String(t.funded), token: t.token })),
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

/** `inputs.assets` element. */
export function encodeAsset(a: EpochAsset): JsonValue {
  return { id: String(a.id), parents: a.parents.map((p) => ({ assetId: String(p.assetId), weightBps: p.weightBps })) };
}

/** `inputs.contributions` element. */
export function encodeContribution(c: EpochContribution): JsonValue {
  return {
    assetId: String(c.assetId),
    computeMicroUsd: String(c.computeMicroUsd),
    contributor: c.contributor,
    id: c.id,
    laborMicroUsd: String(c.laborMicroUsd),
    toolsMicroUsd: String(c.toolsMicroUsd),
  };
}

/** `inputs.previous` element. */
export function encodePrevious(p: CumulativeTotal): JsonValue {
  return { account: p.account, amount: String(p.amount), token: p.token };
}

/** `inputs.revenue` element. */
export function encodeRevenue(r: PoolRevenue): JsonValue {
  return { amount: String(r.amount), assetId: String(r.assetId), token: r.token };
}

function encodeSource(s: LeafSource): JsonValue {
  if (s.kind === "treasury") return { amount: String(s.amount), assetId: String(s.assetId), kind: s.kind };
  return {
    amount: String(s.amount),
    assetId: String(s.assetId),
    // Asset and contributor of each contribution are the source's and the leaf's: not repeated.
    contributions: s.contributions.map((c) => ({ coherenceBps: c.coherenceBps, costMicroUsd: String(c.costMicroUsd), id: c.id, multiplierBps: c.multiplierBps, weight: String(c.weight) })),
    kind: s.kind,
    pool: String(s.pool),
    totalWeight: String(s.totalWeight),
    weight: String(s.weight),
  };
}

/** `leaves` element: the leaf and its explanation. */
export function encodeLeaf(l: EpochLeaf, treeIndex: number): JsonValue {
  return {
    account: l.account,
    amount: String(l.amount),
    cumulative: String(l.cumulative),
    previous: String(l.previous),
    sources: l.sources.map(encodeSource),
    token: l.token,
    treeIndex,
  };
}

/** `lineageFlows` element. */
export function encodeFlow(f: AssetFlow): JsonValue {
  return {
    assetId: String(f.assetId),
    fromChildren: f.fromChildren.map((c) => ({ amount: String(c.amount), assetId: String(c.assetId) })),
    inflow: String(f.inflow),
    ownRevenue: String(f.ownRevenue),
    route: f.route,
    toContributors: String(f.toContributors),
    toParents: f.toParents.map((p) => ({ amount: String(p.amount), assetId: String(p.assetId), weightBps: p.weightBps })),
    toTreasury: String(f.toTreasury),
    token: f.token,
    totalWeight: String(f.totalWeight),
  };
}

/** `scores` element; its `metrics` are arbitrary JSON, so serialise it with `canonicalJson`. */
export function encodeScore(s: ManifestScore, treeIndex: number): JsonValue {
  return { coherenceBps: s.coherenceBps, contributionId: s.contributionId, metrics: s.metrics, metricsHash: s.metricsHash, treeIndex };
}
