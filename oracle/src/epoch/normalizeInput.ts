/**
 * Validates the epoch's inputs and puts them in canonical form (lower-case
 * addresses, everything sorted by its key, revenue summed per asset and token),
 * so the computation cannot depend on the order or case of what it was given.
 * Errors name the offending field by its position in the input.
 */

import {
  type Address,
  type Bytes32,
  describe,
  type EpochConfig,
  MalformedFieldError,
  type WeightedContribution,
} from "@coherence/protocol";
import { multiplierBps, validateMultiplierCurve } from "./multiplier.ts";
import type { EpochInput } from "./types.ts";

const MAX_UINT256 = (1n << 256n) - 1n;
const MAX_UINT64 = (1n << 64n) - 1n;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

/** An asset by position in the sorted asset list. */
export type NormalizedAsset = {
  id: bigint;
  /** Parent positions and weights, ascending by parent id. */
  parents: { index: number; assetId: bigint; weightBps: number }[];
  upstreamBps: number;
  /** Contributor groups, ascending by address. */
  contributors: { account: Address; weight: bigint; contributions: WeightedContribution[] }[];
  totalWeight: bigint;
};

/** The inputs in canonical form. */
export type NormalizedInput = {
  assets: NormalizedAsset[];
  /** Every contribution with its weight, ascending by id; empty, as are the groups' lists, without `explain`. */
  contributions: WeightedContribution[];
  /** token -> (asset position -> summed revenue), tokens ascending. */
  revenue: Map<Address, Map<number, bigint>>;
  /** `account + token` -> previous cumulative amount. */
  previous: Map<string, { account: Address; token: Address; amount: bigint }>;
  config: EpochConfig;
};

/** Lower-case address or a {@link MalformedFieldError} at `field`. */
export function normalizeAddress(value: unknown, field: string): Address {
  if (typeof value !== "string" || !ADDRESS.test(value))
    throw new MalformedFieldError(field, `expected a 0x address of 40 hex digits, got ${describe(value)}`);
  return value.toLowerCase() as Address;
}

/** Lower-case bytes32 or a {@link MalformedFieldError} at `field`. */
export function normalizeBytes32(value: unknown, field: string): Bytes32 {
  if (typeof value !== "string" || !BYTES32.test(value))
    throw new MalformedFieldError(field, `expected 0x and 64 hex digits, got ${describe(value)}`);
  return value.toLowerCase() as Bytes32;
}

function checkUint(value: unknown, field: string, max: bigint): bigint {
  if (typeof value !== "bigint" || value < 0n || value > max) {
    throw new MalformedFieldError(
      field,
      `expected a bigint 0..${max === MAX_UINT256 ? "2^256-1" : max === MAX_UINT64 ? "2^64-1" : max}, got ${describe(value)}`,
    );
  }
  return value;
}

function checkBps(value: unknown, field: string, min: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > 10000) {
    throw new MalformedFieldError(field, `expected an integer ${min}..10000, got ${describe(value)}`);
  }
  return value as number;
}

function checkList(value: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new MalformedFieldError(field, "expected an array");
  return value;
}

/** The contributions of every group when explanations are not built; never written to. */
const NO_CONTRIBUTIONS: readonly WeightedContribution[] = Object.freeze([]);

const byId = (a: { id: bigint }, b: { id: bigint }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Validates `input` and returns it in canonical form; throws {@link MalformedFieldError}
 * naming the first bad field (`assets[2].parents[0].weightBps`, `scores[7].contributionId`, ...).
 * `explain: false` keeps each contributor group's weight but not its contributions (same checks, same errors).
 */
export function normalizeInput(input: EpochInput, options: { explain?: boolean } = {}): NormalizedInput {
  const explain = options.explain !== false;
  if (input === null || typeof input !== "object") throw new MalformedFieldError("input", "expected an object");
  const config = input.config;
  if (config === null || typeof config !== "object") throw new MalformedFieldError("config", "expected an object");
  validateMultiplierCurve(config.multiplier);
  const normalizedConfig: EpochConfig = {
    multiplier: {
      kind: config.multiplier.kind,
      baseBps: config.multiplier.baseBps,
      slopeBps: config.multiplier.slopeBps,
    },
    treasury: normalizeAddress(config.treasury, "config.treasury"),
  };

  // Assets, then their edges once every id is known.
  const rawAssets = checkList(input.assets, "assets");
  const assets: NormalizedAsset[] = rawAssets.map((raw, i) => {
    const a = raw as EpochInput["assets"][number];
    if (a === null || typeof a !== "object") throw new MalformedFieldError(`assets[${i}]`, "expected an object");
    return {
      id: checkUint(a.id, `assets[${i}].id`, MAX_UINT256),
      parents: [],
      upstreamBps: 0,
      contributors: [],
      totalWeight: 0n,
    };
  });
  const sourceIndex = assets.map((_, i) => i);
  sourceIndex.sort((a, b) => byId(assets[a]!, assets[b]!));
  const sorted = sourceIndex.map((i) => assets[i]!);
  const position = new Map<bigint, number>();
  sorted.forEach((a, p) => {
    if (position.has(a.id)) throw new MalformedFieldError(`assets[${sourceIndex[p]}].id`, `duplicate asset id ${a.id}`);
    position.set(a.id, p);
  });
  sorted.forEach((asset, p) => {
    const i = sourceIndex[p]!;
    const raw = rawAssets[i] as EpochInput["assets"][number];
    const edges = checkList(raw.parents, `assets[${i}].parents`);
    const seen = new Set<bigint>();
    edges.forEach((rawEdge, j) => {
      const field = `assets[${i}].parents[${j}]`;
      const e = rawEdge as EpochInput["assets"][number]["parents"][number];
      if (e === null || typeof e !== "object") throw new MalformedFieldError(field, "expected an object");
      const parentId = checkUint(e.assetId, `${field}.assetId`, MAX_UINT256);
      const index = position.get(parentId);
      if (index === undefined) throw new MalformedFieldError(`${field}.assetId`, `unknown asset ${parentId}`);
      if (parentId === asset.id)
        throw new MalformedFieldError(`${field}.assetId`, `asset ${parentId} cannot be its own parent`);
      if (seen.has(parentId)) throw new MalformedFieldError(`${field}.assetId`, `parent ${parentId} listed twice`);
      seen.add(parentId);
      const weightBps = checkBps(e.weightBps, `${field}.weightBps`, 1);
      asset.parents.push({ index, assetId: parentId, weightBps });
      asset.upstreamBps += weightBps;
    });
    if (asset.upstreamBps > 10000)
      throw new MalformedFieldError(
        `assets[${i}].parents`,
        `edge weights add up to ${asset.upstreamBps} bps, above 10000`,
      );
    asset.parents.sort((a, b) => (a.assetId < b.assetId ? -1 : 1));
  });

  // Scores by contribution id (to their position in the input); each must be used by exactly one contribution.
  // Positions and flags rather than an object per score: an epoch may have a million.
  const scoreList = checkList(input.scores, "scores");
  const scores = new Map<string, number>();
  const coherence = new Uint16Array(scoreList.length);
  const used = new Uint8Array(scoreList.length);
  scoreList.forEach((raw, i) => {
    const s = raw as EpochInput["scores"][number];
    if (s === null || typeof s !== "object") throw new MalformedFieldError(`scores[${i}]`, "expected an object");
    const id = normalizeBytes32(s.contributionId, `scores[${i}].contributionId`);
    normalizeBytes32(s.metricsHash, `scores[${i}].metricsHash`);
    if (scores.has(id))
      throw new MalformedFieldError(`scores[${i}].contributionId`, `duplicate score for contribution ${id}`);
    coherence[i] = checkBps(s.coherenceBps, `scores[${i}].coherenceBps`, 0);
    scores.set(id, i);
  });

  // Group each asset's contributions by contributor (ascending address, then id).
  const groups = new Map<
    number,
    Map<Address, { account: Address; weight: bigint; contributions: WeightedContribution[] }>
  >();
  const group = (assetId: bigint, contributor: Address, weight: bigint, c: WeightedContribution | undefined) => {
    const p = position.get(assetId)!;
    let byAccount = groups.get(p);
    if (byAccount === undefined) {
      byAccount = new Map();
      groups.set(p, byAccount);
    }
    const g = byAccount.get(contributor);
    // Most contributors have one contribution to an asset: a one-element list, not an empty one grown by a push.
    if (g === undefined)
      byAccount.set(contributor, {
        account: contributor,
        weight,
        contributions: c === undefined ? (NO_CONTRIBUTIONS as WeightedContribution[]) : [c],
      });
    else {
      g.weight += weight;
      if (c !== undefined) g.contributions.push(c);
    }
  };

  const contributions: WeightedContribution[] = [];
  checkList(input.contributions, "contributions").forEach((raw, i) => {
    const c = raw as EpochInput["contributions"][number];
    const field = `contributions[${i}]`;
    if (c === null || typeof c !== "object") throw new MalformedFieldError(field, "expected an object");
    const id = normalizeBytes32(c.id, `${field}.id`);
    const assetId = checkUint(c.assetId, `${field}.assetId`, MAX_UINT256);
    if (!position.has(assetId)) throw new MalformedFieldError(`${field}.assetId`, `unknown asset ${assetId}`);
    const contributor = normalizeAddress(c.contributor, `${field}.contributor`);
    const cost =
      checkUint(c.laborMicroUsd, `${field}.laborMicroUsd`, MAX_UINT64) +
      checkUint(c.toolsMicroUsd, `${field}.toolsMicroUsd`, MAX_UINT64) +
      checkUint(c.computeMicroUsd, `${field}.computeMicroUsd`, MAX_UINT64);
    const score = scores.get(id);
    if (score === undefined) throw new MalformedFieldError(`${field}.id`, `contribution ${id} has no score`);
    if (used[score] === 1) throw new MalformedFieldError(`${field}.id`, `duplicate contribution ${id}`);
    used[score] = 1;
    const coherenceBps = coherence[score]!;
    const multiplier = multiplierBps(normalizedConfig.multiplier, coherenceBps);
    const weight = cost * BigInt(multiplier);
    // Without explanations only the groups' weights are needed: no object per contribution.
    if (!explain) group(assetId, contributor, weight, undefined);
    else
      contributions.push({
        id,
        assetId,
        contributor,
        costMicroUsd: cost,
        coherenceBps,
        multiplierBps: multiplier,
        weight,
      });
  });
  for (const [id, score] of scores) {
    if (used[score] === 0)
      throw new MalformedFieldError(`scores[${score}].contributionId`, `no contribution ${id} in the input`);
  }
  contributions.sort((a, b) => byString(a.id, b.id));
  for (const c of contributions) group(c.assetId, c.contributor, c.weight, c);
  for (const [p, byAccount] of groups) {
    const asset = sorted[p]!;
    asset.contributors = [...byAccount.values()].sort((a, b) => byString(a.account, b.account));
    asset.totalWeight = asset.contributors.reduce((sum, g) => sum + g.weight, 0n);
  }

  const revenue = new Map<Address, Map<number, bigint>>();
  checkList(input.revenue, "revenue").forEach((raw, i) => {
    const r = raw as EpochInput["revenue"][number];
    if (r === null || typeof r !== "object") throw new MalformedFieldError(`revenue[${i}]`, "expected an object");
    const assetId = checkUint(r.assetId, `revenue[${i}].assetId`, MAX_UINT256);
    const p = position.get(assetId);
    if (p === undefined) throw new MalformedFieldError(`revenue[${i}].assetId`, `unknown asset ${assetId}`);
    const token = normalizeAddress(r.token, `revenue[${i}].token`);
    const amount = checkUint(r.amount, `revenue[${i}].amount`, MAX_UINT256);
    let perAsset = revenue.get(token);
    if (perAsset === undefined) {
      perAsset = new Map();
      revenue.set(token, perAsset);
    }
    perAsset.set(p, (perAsset.get(p) ?? 0n) + amount);
  });

  const previous = new Map<string, { account: Address; token: Address; amount: bigint }>();
  checkList(input.previous, "previous").forEach((raw, i) => {
    const t = raw as EpochInput["previous"][number];
    if (t === null || typeof t !== "object") throw new MalformedFieldError(`previous[${i}]`, "expected an object");
    const account = normalizeAddress(t.account, `previous[${i}].account`);
    const token = normalizeAddress(t.token, `previous[${i}].token`);
    const key = account + token;
    if (previous.has(key))
      throw new MalformedFieldError(`previous[${i}]`, `second total for account ${account} and token ${token}`);
    previous.set(key, { account, token, amount: checkUint(t.amount, `previous[${i}].amount`, MAX_UINT256) });
  });

  return { assets: sorted, contributions, revenue, previous, config: normalizedConfig };
}
