/**
 * Consistency checks of a decoded manifest: canonical order, sums, hashes and
 * both trees. Each failure is a {@link MalformedFieldError} naming the field.
 * This proves the manifest is well formed and self-consistent; whether its
 * inputs match the chain and its allocations match a recomputation is the audit's job.
 */

import {
  bytesToHex,
  canonicalHash,
  configSchema,
  MANIFEST_FORMAT_V1,
  MalformedFieldError,
  type Manifest,
  type ManifestTree,
} from "@coherence/protocol";
import { EMPTY_ROOT } from "../epoch/commitEpoch.ts";
import { findInvalidNode } from "../merkle/flatTree.ts";
import { keccak256 } from "../merkle/keccak.ts";
import { compileLeafEncoder, type LeafValue } from "../merkle/leafEncoding.ts";
import { leafHashInto, leafHashScratch } from "../merkle/leafHash.ts";
import { validateCostChecks } from "./validateCostChecks.ts";

const cmp = (a: bigint | string, b: bigint | string): number => (a < b ? -1 : a > b ? 1 : 0);
const sum = (xs: Iterable<bigint>): bigint => {
  let s = 0n;
  for (const x of xs) s += x;
  return s;
};

function bad(field: string, problem: string): never {
  throw new MalformedFieldError(field, problem);
}

/** Checks that `items` are strictly ascending by `compare`, naming the first out of place. */
function checkAscending<T>(items: readonly T[], path: string, compare: (a: T, b: T) => number, what: string): void {
  for (let i = 1; i < items.length; i++) {
    if (compare(items[i - 1]!, items[i]!) >= 0)
      bad(`${path}[${i}]`, `not strictly after the previous element by ${what}`);
  }
}

/** Checks a stored tree: node count, every node, every leaf at its index, and the recorded root. */
function checkTree(
  tree: ManifestTree,
  path: string,
  items: readonly { treeIndex: number }[],
  itemsPath: string,
  leafOf: (i: number) => readonly LeafValue[],
  root: string,
  rootField: string,
): void {
  const n = items.length;
  const count = tree.nodes.length / 32;
  if (count !== (n === 0 ? 0 : 2 * n - 1))
    bad(`${path}.nodes`, `has ${count} nodes; ${n} leaves need ${n === 0 ? 0 : 2 * n - 1}`);
  const expectedRoot = n === 0 ? EMPTY_ROOT : bytesToHex(tree.nodes, 0, 32);
  if (root !== expectedRoot) bad(rootField, `is ${root} but the tree's root is ${expectedRoot}`);
  if (n === 0) return;
  const invalid = findInvalidNode(tree.nodes);
  if (invalid !== -1) bad(`${path}.nodes[${invalid}]`, "is not the hash of its children");
  const encoder = compileLeafEncoder(tree.leafEncoding);
  const scratch = leafHashScratch(encoder);
  const hash = new Uint8Array(32);
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = items[i]!.treeIndex;
    if (t < n - 1 || t > 2 * n - 2 || seen[t - (n - 1)] === 1)
      bad(`${itemsPath}[${i}].treeIndex`, `${t} is not a free leaf position (${n - 1}..${2 * n - 2})`);
    seen[t - (n - 1)] = 1;
    leafHashInto(encoder, leafOf(i), scratch, hash, 0);
    for (let b = 0; b < 32; b++)
      if (hash[b] !== tree.nodes[32 * t + b])
        bad(`${itemsPath}[${i}]`, `does not match its leaf at ${path}.nodes[${t}]`);
  }
}

/**
 * Throws {@link MalformedFieldError} at the first inconsistency of `manifest`.
 *
 * @example
 * validateManifest(manifest); // returns quietly when consistent
 */
export function validateManifest(manifest: Manifest): void {
  const m = manifest;
  const expectedConfigHash = canonicalHash(configSchema.encode(m.config));
  if (m.configHash !== expectedConfigHash)
    bad("configHash", `does not match config (its canonical hash is ${expectedConfigHash})`);

  // Inputs: canonical order, and the references between them.
  checkAscending(m.inputs.assets, "inputs.assets", (a, b) => cmp(a.id, b.id), "id");
  const assetIds = new Set(m.inputs.assets.map((a) => a.id));
  m.inputs.assets.forEach((a, i) => {
    checkAscending(a.parents, `inputs.assets[${i}].parents`, (x, y) => cmp(x.assetId, y.assetId), "assetId");
    a.parents.forEach((p, j) => {
      if (!assetIds.has(p.assetId)) bad(`inputs.assets[${i}].parents[${j}].assetId`, `unknown asset ${p.assetId}`);
    });
    if (a.parents.reduce((s, p) => s + p.weightBps, 0) > 10000)
      bad(`inputs.assets[${i}].parents`, "edge weights add up to more than 10000 bps");
  });
  checkAscending(m.inputs.contributions, "inputs.contributions", (a, b) => cmp(a.id, b.id), "id");
  m.inputs.contributions.forEach((c, i) => {
    if (!assetIds.has(c.assetId)) bad(`inputs.contributions[${i}].assetId`, `unknown asset ${c.assetId}`);
  });
  if (m.format !== MANIFEST_FORMAT_V1) validateCostChecks(m);
  checkAscending(
    m.inputs.previous,
    "inputs.previous",
    (a, b) => cmp(a.account, b.account) || cmp(a.token, b.token),
    "(account, token)",
  );
  checkAscending(
    m.inputs.revenue,
    "inputs.revenue",
    (a, b) => cmp(a.assetId, b.assetId) || cmp(a.token, b.token),
    "(assetId, token)",
  );
  m.inputs.revenue.forEach((r, i) => {
    if (!assetIds.has(r.assetId)) bad(`inputs.revenue[${i}].assetId`, `unknown asset ${r.assetId}`);
  });

  // Scores: one per contribution, hashes of their metrics, and their tree.
  checkAscending(m.scores, "scores", (a, b) => cmp(a.contributionId, b.contributionId), "contributionId");
  if (m.scores.length !== m.inputs.contributions.length)
    bad("scores", `has ${m.scores.length} scores for ${m.inputs.contributions.length} contributions`);
  m.scores.forEach((s, i) => {
    if (s.contributionId !== m.inputs.contributions[i]!.id)
      bad(`scores[${i}].contributionId`, `expected the score of contribution ${m.inputs.contributions[i]!.id}`);
    const h = canonicalHash(s.metrics, keccak256);
    if (s.metricsHash !== h) bad(`scores[${i}].metricsHash`, `is not the canonical hash of its metrics (${h})`);
  });
  checkTree(
    m.scoresTree,
    "scoresTree",
    m.scores,
    "scores",
    (i) => [m.scores[i]!.contributionId, m.scores[i]!.coherenceBps, m.scores[i]!.metricsHash],
    m.epoch.scoresRoot,
    "epoch.scoresRoot",
  );

  // Leaves: order, arithmetic, carry-over of previous totals, and the payout tree.
  checkAscending(m.leaves, "leaves", (a, b) => cmp(a.account, b.account) || cmp(a.token, b.token), "(account, token)");
  const previous = new Map(m.inputs.previous.map((p) => [p.account + p.token, p.amount]));
  m.leaves.forEach((l, i) => {
    if (l.amount !== sum(l.sources.map((s) => s.amount))) bad(`leaves[${i}].amount`, "is not the sum of its sources");
    if (l.cumulative !== l.previous + l.amount) bad(`leaves[${i}].cumulative`, "is not previous + amount");
    if (l.previous !== (previous.get(l.account + l.token) ?? 0n))
      bad(`leaves[${i}].previous`, "differs from inputs.previous");
    previous.delete(l.account + l.token);
  });
  for (const [key, amount] of previous)
    if (amount > 0n) bad("leaves", `no leaf carries the previous total of ${key.slice(0, 42)} in ${key.slice(42)}`);
  checkTree(
    m.payoutTree,
    "payoutTree",
    m.leaves,
    "leaves",
    (i) => [m.leaves[i]!.account, m.leaves[i]!.token, m.leaves[i]!.cumulative],
    m.epoch.payoutRoot,
    "epoch.payoutRoot",
  );

  // Per-token totals: what the EpochProposal will carry.
  checkAscending(m.epoch.tokens, "epoch.tokens", (a, b) => cmp(a.token, b.token), "token");
  const tokenIndex = new Map(m.epoch.tokens.map((t, i) => [t.token, i]));
  const allocated = m.epoch.tokens.map(() => 0n);
  const cumulative = m.epoch.tokens.map(() => 0n);
  const funded = m.epoch.tokens.map(() => 0n);
  m.leaves.forEach((l, i) => {
    const t = tokenIndex.get(l.token);
    if (t === undefined) bad(`leaves[${i}].token`, `token ${l.token} is missing from epoch.tokens`);
    allocated[t] = allocated[t]! + l.amount;
    cumulative[t] = cumulative[t]! + l.cumulative;
  });
  m.inputs.revenue.forEach((r, i) => {
    const t = tokenIndex.get(r.token);
    if (t === undefined) bad(`inputs.revenue[${i}].token`, `token ${r.token} is missing from epoch.tokens`);
    funded[t] = funded[t]! + r.amount;
  });
  m.epoch.tokens.forEach((t, i) => {
    if (t.funded !== funded[i])
      bad(`epoch.tokens[${i}].funded`, `is ${t.funded} but inputs.revenue adds up to ${funded[i]}`);
    if (t.allocated !== allocated[i])
      bad(`epoch.tokens[${i}].allocated`, `is ${t.allocated} but the leaves' amounts add up to ${allocated[i]}`);
    if (t.allocated !== t.funded)
      bad(`epoch.tokens[${i}].allocated`, `${t.allocated} differs from funded ${t.funded}: units were lost or created`);
    if (t.cumulative !== cumulative[i])
      bad(`epoch.tokens[${i}].cumulative`, `is ${t.cumulative} but the leaves add up to ${cumulative[i]}`);
  });

  // Lineage flows: each asset's inflow fully accounted for.
  checkAscending(
    m.lineageFlows,
    "lineageFlows",
    (a, b) => cmp(a.assetId, b.assetId) || cmp(a.token, b.token),
    "(assetId, token)",
  );
  m.lineageFlows.forEach((f, i) => {
    if (!assetIds.has(f.assetId)) bad(`lineageFlows[${i}].assetId`, `unknown asset ${f.assetId}`);
    if (f.inflow !== f.ownRevenue + sum(f.fromChildren.map((c) => c.amount)))
      bad(`lineageFlows[${i}].inflow`, "is not ownRevenue + fromChildren");
    if (f.inflow !== sum(f.toParents.map((p) => p.amount)) + f.toContributors + f.toTreasury)
      bad(`lineageFlows[${i}]`, "outflows do not add up to the inflow");
  });
}
