/**
 * Decoders of manifest elements: the inverses of ./encodeElements.ts, checking
 * every field's type and range and naming the field on failure.
 * Cross-element checks (order, sums, trees) are the reader's.
 */
import type { AssetFlow, CumulativeTotal, EpochAsset, EpochContribution, EpochLeaf, LeafSource, PoolRevenue, TokenTotal, WeightedContribution } from "../epoch/types.ts";
import { validateMultiplierCurve } from "../epoch/multiplier.ts";
import { MalformedFieldError } from "../errors.ts";
import type { JsonValue } from "./canonicalJson.ts";
import { MANIFEST_FORMAT, type Manifest, type ManifestScore } from "./manifestTypes.ts";
import {
  type FieldContext,
  MAX_UINT64,
  child,
  fail,
  readAddress,
  readArray,
  readBytes32,
  readDecimal,
  readEnum,
  readInteger,
  readObject,
  readString,
} from "./readFields.ts";

type Header = Pick<Manifest, "codeVersion" | "config" | "configHash" | "epoch" | "format">;

/** The header line's fields; checks the format first so a newer manifest fails on its version. */
export function decodeHeader(value: unknown, at: FieldContext): Header {
  if (value !== null && typeof value === "object" && "format" in value && (value as { format: unknown }).format !== MANIFEST_FORMAT) {
    fail(child(at, "format"), `unsupported manifest format ${JSON.stringify((value as { format: unknown }).format)}; this reader reads "${MANIFEST_FORMAT}"`);
  }
  const h = readObject(value, at, ["codeVersion", "config", "configHash", "epoch", "format"]);
  const configAt = child(at, "config");
  const c = readObject(h.config, configAt, ["multiplier", "scoring", "treasury"]);
  const m = readObject(c.multiplier, child(configAt, "multiplier"), ["baseBps", "kind", "slopeBps"]);
  const multiplier = { kind: m.kind as "linear", baseBps: m.baseBps as number, slopeBps: m.slopeBps as number };
  try {
    validateMultiplierCurve(multiplier, child(configAt, "multiplier").field);
  } catch (error) {
    if (error instanceof MalformedFieldError) fail({ field: error.field, line: at.line }, error.problem);
    throw error;
  }
  const epochAt = child(at, "epoch");
  const e = readObject(h.epoch, epochAt, ["fromBlock", "number", "payoutRoot", "scoresRoot", "toBlock", "tokens"]);
  const tokens: TokenTotal[] = readArray(e.tokens, child(epochAt, "tokens")).map((raw, i) => {
    const tAt = child(child(epochAt, "tokens"), i);
    const t = readObject(raw, tAt, ["allocated", "cumulative", "funded", "token"]);
    return {
      token: readAddress(t.token, child(tAt, "token")),
      funded: readDecimal(t.funded, child(tAt, "funded")),
      allocated: readDecimal(t.allocated, child(tAt, "allocated")),
      cumulative: readDecimal(t.cumulative, child(tAt, "cumulative")),
    };
  });
  return {
    format: MANIFEST_FORMAT,
    codeVersion: readString(h.codeVersion, child(at, "codeVersion")),
    config: {
      multiplier,
      scoring: c.scoring as JsonValue,
      treasury: readAddress(c.treasury, child(configAt, "treasury")),
    },
    configHash: readBytes32(h.configHash, child(at, "configHash")),
    epoch: {
      number: readDecimal(e.number, child(epochAt, "number"), MAX_UINT64),
      fromBlock: readDecimal(e.fromBlock, child(epochAt, "fromBlock"), MAX_UINT64),
      toBlock: readDecimal(e.toBlock, child(epochAt, "toBlock"), MAX_UINT64),
      payoutRoot: readBytes32(e.payoutRoot, child(epochAt, "payoutRoot")),
      scoresRoot: readBytes32(e.scoresRoot, child(epochAt, "scoresRoot")),
      tokens,
    },
  };
}

export function decodeAsset(value: unknown, at: FieldContext): EpochAsset {
  const a = readObject(value, at, ["id", "parents"]);
  return {
    id: readDecimal(a.id, child(at, "id")),
    parents: readArray(a.parents, child(at, "parents")).map((raw, i) => {
      const pAt = child(child(at, "parents"), i);
      const p = readObject(raw, pAt, ["assetId", "weightBps"]);
      return { assetId: readDecimal(p.assetId, child(pAt, "assetId")), weightBps: readInteger(p.weightBps, child(pAt, "weightBps"), 1, 10000) };
    }),
  };
}

export function decodeContribution(value: unknown, at: FieldContext): EpochContribution {
  const c = readObject(value, at, ["assetId", "computeMicroUsd", "contributor", "id", "laborMicroUsd", "toolsMicroUsd"]);
  return {
    id: readBytes32(c.id, child(at, "id")),
    assetId: readDecimal(c.assetId, child(at, "assetId")),
    contributor: readAddress(c.contributor, child(at, "contributor")),
    laborMicroUsd: readDecimal(c.laborMicroUsd, child(at, "laborMicroUsd"), MAX_UINT64),
    toolsMicroUsd: readDecimal(c.toolsMicroUsd, child(at, "toolsMicroUsd"), MAX_UINT64),
    computeMicroUsd: readDecimal(c.computeMicroUsd, child(at, "computeMicroUsd"), MAX_UINT64),
  };
}

export function decodePrevious(value: unknown, at: FieldContext): CumulativeTotal {
  const p = readObject(value, at, ["account", "amount", "token"]);
  return { account: readAddress(p.account, child(at, "account")), token: readAddress(p.token, child(at, "token")), amount: readDecimal(p.amount, child(at, "amount")) };
}

export function decodeRevenue(value: unknown, at: FieldContext): PoolRevenue {
  const r = readObject(value, at, ["amount", "assetId", "token"]);
  return { assetId: readDecimal(r.assetId, child(at, "assetId")), token: readAddress(r.token, child(at, "token")), amount: readDecimal(r.amount, child(at, "amount")) };
}

function decodeSource(value: unknown, at: FieldContext, account: EpochLeaf["account"]): LeafSource {
  const kind = readEnum((value as { kind?: unknown } | null)?.kind, child(at, "kind"), ["contributors", "treasury"]);
  if (kind === "treasury") {
    const s = readObject(value, at, ["amount", "assetId", "kind"]);
    return { kind, assetId: readDecimal(s.assetId, child(at, "assetId")), amount: readDecimal(s.amount, child(at, "amount")) };
  }
  const s = readObject(value, at, ["amount", "assetId", "contributions", "kind", "pool", "totalWeight", "weight"]);
  const assetId = readDecimal(s.assetId, child(at, "assetId"));
  const contributions: WeightedContribution[] = readArray(s.contributions, child(at, "contributions")).map((raw, i) => {
    const cAt = child(child(at, "contributions"), i);
    const c = readObject(raw, cAt, ["coherenceBps", "costMicroUsd", "id", "multiplierBps", "weight"]);
    return {
      id: readBytes32(c.id, child(cAt, "id")),
      assetId,
      contributor: account,
      costMicroUsd: readDecimal(c.costMicroUsd, child(cAt, "costMicroUsd")),
      coherenceBps: readInteger(c.coherenceBps, child(cAt, "coherenceBps"), 0, 10000),
      multiplierBps: readInteger(c.multiplierBps, child(cAt, "multiplierBps"), 0, Number.MAX_SAFE_INTEGER),
      weight: readDecimal(c.weight, child(cAt, "weight")),
    };
  });
  return {
    kind,
    assetId,
    amount: readDecimal(s.amount, child(at, "amount")),
    pool: readDecimal(s.pool, child(at, "pool")),
    weight: readDecimal(s.weight, child(at, "weight")),
    totalWeight: readDecimal(s.totalWeight, child(at, "totalWeight")),
    contributions,
  };
}

export function decodeLeaf(value: unknown, at: FieldContext): EpochLeaf & { treeIndex: number } {
  const l = readObject(value, at, ["account", "amount", "cumulative", "previous", "sources", "token", "treeIndex"]);
  const account = readAddress(l.account, child(at, "account"));
  return {
    account,
    token: readAddress(l.token, child(at, "token")),
    previous: readDecimal(l.previous, child(at, "previous")),
    amount: readDecimal(l.amount, child(at, "amount")),
    cumulative: readDecimal(l.cumulative, child(at, "cumulative")),
    sources: readArray(l.sources, child(at, "sources")).map((raw, i) => decodeSource(raw, child(child(at, "sources"), i), account)),
    treeIndex: readInteger(l.treeIndex, child(at, "treeIndex"), 0, Number.MAX_SAFE_INTEGER),
  };
}

export function decodeFlow(value: unknown, at: FieldContext): AssetFlow {
  const f = readObject(value, at, ["assetId", "fromChildren", "inflow", "ownRevenue", "route", "toContributors", "toParents", "toTreasury", "token", "totalWeight"]);
  return {
    assetId: readDecimal(f.assetId, child(at, "assetId")),
    token: readAddress(f.token, child(at, "token")),
    ownRevenue: readDecimal(f.ownRevenue, child(at, "ownRevenue")),
    fromChildren: readArray(f.fromChildren, child(at, "fromChildren")).map((raw, i) => {
      const cAt = child(child(at, "fromChildren"), i);
      const c = readObject(raw, cAt, ["amount", "assetId"]);
      return { assetId: readDecimal(c.assetId, child(cAt, "assetId")), amount: readDecimal(c.amount, child(cAt, "amount")) };
    }),
    inflow: readDecimal(f.inflow, child(at, "inflow")),
    route: readEnum(f.route, child(at, "route"), ["split", "upstream", "treasury"]),
    toParents: readArray(f.toParents, child(at, "toParents")).map((raw, i) => {
      const pAt = child(child(at, "toParents"), i);
      const p = readObject(raw, pAt, ["amount", "assetId", "weightBps"]);
      return {
        assetId: readDecimal(p.assetId, child(pAt, "assetId")),
        weightBps: readInteger(p.weightBps, child(pAt, "weightBps"), 1, 10000),
        amount: readDecimal(p.amount, child(pAt, "amount")),
      };
    }),
    toContributors: readDecimal(f.toContributors, child(at, "toContributors")),
    toTreasury: readDecimal(f.toTreasury, child(at, "toTreasury")),
    totalWeight: readDecimal(f.totalWeight, child(at, "totalWeight")),
  };
}

export function decodeScore(value: unknown, at: FieldContext): ManifestScore & { treeIndex: number } {
  const s = readObject(value, at, ["coherenceBps", "contributionId", "metrics", "metricsHash", "treeIndex"]);
  return {
    contributionId: readBytes32(s.contributionId, child(at, "contributionId")),
    coherenceBps: readInteger(s.coherenceBps, child(at, "coherenceBps"), 0, 10000),
    metricsHash: readBytes32(s.metricsHash, child(at, "metricsHash")),
    metrics: s.metrics as JsonValue,
    treeIndex: readInteger(s.treeIndex, child(at, "treeIndex"), 0, Number.MAX_SAFE_INTEGER),
  };
}
