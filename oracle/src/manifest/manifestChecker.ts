/**
 * The consistency rules of a manifest (canonical order, references, sums, hashes and both trees), checked
 * element by element in file order as a manifest streams past, so a million-account manifest is validated in
 * bounded memory: what the rules need later is kept packed (contribution ids and costs, leaf hashes and tree
 * positions), never the elements themselves. Each failure is a {@link MalformedFieldError} naming the field.
 * This proves the manifest well formed and self-consistent; whether its inputs match the chain and its
 * allocations a recomputation is the audit's job.
 */

import {
  type AssetFlow,
  bytesToHex,
  type CostCheck,
  type CumulativeTotal,
  canonicalHash,
  configSchema,
  type ElementSection,
  type EpochAsset,
  type EpochContribution,
  type Hex,
  hexInto,
  MANIFEST_FORMAT_V1,
  MalformedFieldError,
  type ManifestElements,
  type ManifestHeader,
  type ManifestLeaf,
  type ManifestScoreEntry,
  type ManifestSection,
  type ManifestVisitor,
  PAYOUT_LEAF_ENCODING,
  type PoolRevenue,
  SCORE_LEAF_ENCODING,
  SECTIONS,
  type TreeSection,
} from "@coherence/protocol";
import { EMPTY_ROOT } from "../epoch/commitEpoch.ts";
import { findInvalidNode } from "../merkle/flatTree.ts";
import { keccak256 } from "../merkle/keccak.ts";
import { compileLeafEncoder, type LeafEncoder, type LeafValue } from "../merkle/leafEncoding.ts";
import { leafHashInto, leafHashScratch } from "../merkle/leafHash.ts";
import { validateCostCheck } from "./validateCostChecks.ts";

const cmp = (a: bigint | string, b: bigint | string): number => (a < b ? -1 : a > b ? 1 : 0);

function bad(field: string, problem: string): never {
  throw new MalformedFieldError(field, problem);
}

function checkAfter(previous: number | undefined, field: string, what: string): void {
  if (previous !== undefined && previous >= 0) bad(field, `not strictly after the previous element by ${what}`);
}

/** A byte buffer that doubles as it fills: packed columns of a section whose length is not known in advance. */
class PackedColumn {
  bytes: Uint8Array;
  length = 0;
  readonly width: number;
  constructor(width: number) {
    this.width = width;
    this.bytes = new Uint8Array(width * 1024);
  }
  /** Room for one more entry; returns its byte offset. */
  next(): number {
    const offset = this.width * this.length++;
    if (offset + this.width > this.bytes.length) {
      const grown = new Uint8Array(2 * this.bytes.length);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    return offset;
  }
}

/** The leaves of one tree as they pass: each leaf's hash and claimed position, checked once the nodes arrive. */
class TreeLeaves {
  readonly hashes = new PackedColumn(32);
  readonly positions = new PackedColumn(4);
  readonly #encoder: LeafEncoder;
  readonly #scratch;
  constructor(encoding: readonly string[]) {
    this.#encoder = compileLeafEncoder(encoding);
    this.#scratch = leafHashScratch(this.#encoder);
  }
  push(value: readonly LeafValue[], treeIndex: number): void {
    const at = this.hashes.next();
    leafHashInto(this.#encoder, value, this.#scratch, this.hashes.bytes, at);
    const position = this.positions.next();
    new DataView(this.positions.bytes.buffer).setUint32(position, treeIndex);
  }

  /** Checks the stored tree: node count, every node, every leaf at its position, and the recorded root. */
  check(nodes: Uint8Array, path: string, itemsPath: string, root: Hex, rootField: string): void {
    const n = this.hashes.length;
    const count = nodes.length / 32;
    if (count !== (n === 0 ? 0 : 2 * n - 1))
      bad(`${path}.nodes`, `has ${count} nodes; ${n} leaves need ${n === 0 ? 0 : 2 * n - 1}`);
    const expectedRoot = n === 0 ? EMPTY_ROOT : bytesToHex(nodes, 0, 32);
    if (root !== expectedRoot) bad(rootField, `is ${root} but the tree's root is ${expectedRoot}`);
    if (n === 0) return;
    const invalid = findInvalidNode(nodes);
    if (invalid !== -1) bad(`${path}.nodes[${invalid}]`, "is not the hash of its children");
    const positions = new DataView(this.positions.bytes.buffer);
    const hashes = this.hashes.bytes;
    const seen = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const t = positions.getUint32(4 * i);
      if (t < n - 1 || t > 2 * n - 2 || seen[t - (n - 1)] === 1)
        bad(`${itemsPath}[${i}].treeIndex`, `${t} is not a free leaf position (${n - 1}..${2 * n - 2})`);
      seen[t - (n - 1)] = 1;
      for (let b = 0; b < 32; b++)
        if (hashes[32 * i + b] !== nodes[32 * t + b])
          bad(`${itemsPath}[${i}]`, `does not match its leaf at ${path}.nodes[${t}]`);
    }
  }
}

/**
 * Checks a manifest as it streams: hand it to `streamManifest` as the visitor (or feed it a decoded manifest
 * through {@link validateManifest}). It throws at the first inconsistency it can see; rules that need a whole
 * section (counts, carried totals, per-token sums, trees) run when the section closes.
 *
 * @example
 * await streamManifest(createReadStream(file), new ManifestChecker());
 */
// Chunks need no rule of their own: the reader derives them from the lines, and the hash it returns is their root.
export class ManifestChecker implements Required<Omit<ManifestVisitor, "elements" | "chunk">> {
  readonly elements: { readonly [P in ElementSection]: (element: ManifestElements[P], index: number) => void };
  #header!: ManifestHeader;
  #sections: readonly ManifestSection["path"][] = [];
  /** The section being read: every section before it is closed. */
  #section = 0;

  #assetIds = new Set<bigint>();
  #lastAsset: bigint | undefined;
  #parentRefs: { field: string; assetId: bigint }[] = [];

  #contributionIds = new PackedColumn(32);
  /** The attested labor, tools and compute costs of each contribution (uint64 by the format). */
  #attested = new PackedColumn(24);
  #lastContribution: Hex | undefined;
  #costs = 0;
  #costError: MalformedFieldError | undefined;

  #previous: CumulativeTotal[] = [];
  #previousNext = 0;
  #lastRevenue: PoolRevenue | undefined;
  #tokenIndex = new Map<string, number>();
  #funded: bigint[] = [];
  #allocated: bigint[] = [];
  #cumulative: bigint[] = [];

  #lastLeaf: ManifestLeaf | undefined;
  #payoutLeaves = new TreeLeaves(PAYOUT_LEAF_ENCODING);
  #lastFlow: AssetFlow | undefined;

  #lastScore: Hex | undefined;
  #scoreError: MalformedFieldError | undefined;
  #scoresLeaves = new TreeLeaves(SCORE_LEAF_ENCODING);

  constructor() {
    this.elements = {
      "inputs.assets": (a, i) => this.#asset(a, i),
      "inputs.contributions": (c, i) => this.#contribution(c, i),
      "inputs.costs": (c, i) => this.#cost(c, i),
      "inputs.previous": (p, i) => this.#previousTotal(p, i),
      "inputs.revenue": (r, i) => this.#revenue(r, i),
      leaves: (l, i) => this.#leaf(l, i),
      lineageFlows: (f, i) => this.#flow(f, i),
      scores: (s, i) => this.#score(s, i),
    };
  }

  header(m: ManifestHeader): void {
    this.#header = m;
    this.#sections = SECTIONS.map((s) => s.path).filter(
      (path) => m.format !== MANIFEST_FORMAT_V1 || path !== "inputs.costs",
    );
    const expectedConfigHash = canonicalHash(configSchema.encode(m.config));
    if (m.configHash !== expectedConfigHash)
      bad("configHash", `does not match config (its canonical hash is ${expectedConfigHash})`);
    if (m.format !== MANIFEST_FORMAT_V1 && m.config.costs === undefined)
      bad("config.costs", "is missing: it says how the costs were checked");
    m.epoch.tokens.forEach((t, i) => {
      if (i > 0) checkAfter(cmp(m.epoch.tokens[i - 1]!.token, t.token), `epoch.tokens[${i}]`, "token");
      this.#tokenIndex.set(t.token, i);
    });
    this.#funded = m.epoch.tokens.map(() => 0n);
    this.#allocated = m.epoch.tokens.map(() => 0n);
    this.#cumulative = m.epoch.tokens.map(() => 0n);
  }

  nodes(section: TreeSection, nodes: Uint8Array): void {
    this.#enter(section);
    if (section === "payoutTree.nodes") {
      this.#payoutLeaves.check(nodes, "payoutTree", "leaves", this.#header.epoch.payoutRoot, "epoch.payoutRoot");
      // After the tree, as a tampered leaf that is still self-consistent is best named by the tree.
      this.#checkTotals();
    } else this.#scoresLeaves.check(nodes, "scoresTree", "scores", this.#header.epoch.scoresRoot, "epoch.scoresRoot");
  }

  end(): void {
    this.#enter(undefined);
  }

  /** Closes every section before `path` (every section, for undefined), running the rules that need all of it. */
  #enter(path: ManifestSection["path"] | undefined): void {
    const target = path === undefined ? this.#sections.length : this.#sections.indexOf(path);
    for (; this.#section < target; this.#section++) this.#close(this.#sections[this.#section]!);
  }

  #close(path: ManifestSection["path"]): void {
    const contributions = this.#contributionIds.length;
    switch (path) {
      case "inputs.assets":
        for (const { field, assetId } of this.#parentRefs)
          if (!this.#assetIds.has(assetId)) bad(field, `unknown asset ${assetId}`);
        this.#parentRefs = [];
        return;
      case "inputs.costs":
        if (this.#costs !== contributions)
          bad("inputs.costs", `has ${this.#costs} cost checks for ${contributions} contributions`);
        if (this.#costError !== undefined) throw this.#costError;
        this.#attested = new PackedColumn(24);
        return;
      case "leaves":
        this.#carryPrevious(undefined);
        this.#previous = [];
        return;
      case "scores": {
        const scores = this.#scoresLeaves.hashes.length;
        if (scores !== contributions) bad("scores", `has ${scores} scores for ${contributions} contributions`);
        if (this.#scoreError !== undefined) throw this.#scoreError;
        return;
      }
      default:
    }
  }

  #asset(a: EpochAsset, i: number): void {
    this.#enter("inputs.assets");
    checkAfter(this.#lastAsset === undefined ? undefined : cmp(this.#lastAsset, a.id), `inputs.assets[${i}]`, "id");
    this.#lastAsset = a.id;
    this.#assetIds.add(a.id);
    let weights = 0;
    a.parents.forEach((p, j) => {
      if (j > 0) checkAfter(cmp(a.parents[j - 1]!.assetId, p.assetId), `inputs.assets[${i}].parents[${j}]`, "assetId");
      this.#parentRefs.push({ field: `inputs.assets[${i}].parents[${j}].assetId`, assetId: p.assetId });
      weights += p.weightBps;
    });
    if (weights > 10000) bad(`inputs.assets[${i}].parents`, "edge weights add up to more than 10000 bps");
  }

  #contribution(c: EpochContribution, i: number): void {
    this.#enter("inputs.contributions");
    checkAfter(
      this.#lastContribution === undefined ? undefined : cmp(this.#lastContribution, c.id),
      `inputs.contributions[${i}]`,
      "id",
    );
    this.#lastContribution = c.id;
    if (!this.#assetIds.has(c.assetId)) bad(`inputs.contributions[${i}].assetId`, `unknown asset ${c.assetId}`);
    const id = this.#contributionIds.next();
    hexInto(c.id, 32, this.#contributionIds.bytes, id);
    const at = this.#attested.next();
    const parts = new DataView(this.#attested.bytes.buffer, at, 24);
    parts.setBigUint64(0, c.laborMicroUsd);
    parts.setBigUint64(8, c.toolsMicroUsd);
    parts.setBigUint64(16, c.computeMicroUsd);
  }

  #contributionId(i: number): Hex {
    return bytesToHex(this.#contributionIds.bytes, 32 * i, 32);
  }

  #cost(check: CostCheck, i: number): void {
    this.#enter("inputs.costs");
    this.#costs++;
    // A missing or extra check shifts every later one: the count, checked at the end, is the error to report.
    if (this.#costError !== undefined || i >= this.#contributionIds.length) return;
    const parts = new DataView(this.#attested.bytes.buffer, 24 * i, 24);
    const contribution = {
      id: this.#contributionId(i),
      laborMicroUsd: parts.getBigUint64(0),
      toolsMicroUsd: parts.getBigUint64(8),
      computeMicroUsd: parts.getBigUint64(16),
    };
    try {
      validateCostCheck(check, contribution, `inputs.costs[${i}]`);
    } catch (error) {
      if (!(error instanceof MalformedFieldError)) throw error;
      this.#costError = error;
    }
  }

  #previousTotal(p: CumulativeTotal, i: number): void {
    this.#enter("inputs.previous");
    const last = this.#previous.at(-1);
    checkAfter(
      last === undefined ? undefined : cmp(last.account, p.account) || cmp(last.token, p.token),
      `inputs.previous[${i}]`,
      "(account, token)",
    );
    this.#previous.push(p);
  }

  #revenue(r: PoolRevenue, i: number): void {
    this.#enter("inputs.revenue");
    const last = this.#lastRevenue;
    checkAfter(
      last === undefined ? undefined : cmp(last.assetId, r.assetId) || cmp(last.token, r.token),
      `inputs.revenue[${i}]`,
      "(assetId, token)",
    );
    this.#lastRevenue = r;
    if (!this.#assetIds.has(r.assetId)) bad(`inputs.revenue[${i}].assetId`, `unknown asset ${r.assetId}`);
    const t = this.#tokenIndex.get(r.token);
    if (t === undefined) bad(`inputs.revenue[${i}].token`, `token ${r.token} is missing from epoch.tokens`);
    this.#funded[t] = this.#funded[t]! + r.amount;
  }

  /**
   * Steps over the previous totals before `leaf` (both lists ascending by (account, token)): each must be carried
   * by a leaf unless it is zero. Returns the previous total of `leaf` itself, or 0.
   */
  #carryPrevious(leaf: ManifestLeaf | undefined): bigint {
    const previous = this.#previous;
    for (; this.#previousNext < previous.length; this.#previousNext++) {
      const p = previous[this.#previousNext]!;
      const order = leaf === undefined ? -1 : cmp(p.account, leaf.account) || cmp(p.token, leaf.token);
      if (order === 0) {
        this.#previousNext++;
        return p.amount;
      }
      if (order > 0) break;
      if (p.amount > 0n) bad("leaves", `no leaf carries the previous total of ${p.account} in ${p.token}`);
    }
    return 0n;
  }

  #leaf(l: ManifestLeaf, i: number): void {
    this.#enter("leaves");
    const last = this.#lastLeaf;
    checkAfter(
      last === undefined ? undefined : cmp(last.account, l.account) || cmp(last.token, l.token),
      `leaves[${i}]`,
      "(account, token)",
    );
    this.#lastLeaf = l;
    let sources = 0n;
    for (const s of l.sources) sources += s.amount;
    if (l.amount !== sources) bad(`leaves[${i}].amount`, "is not the sum of its sources");
    if (l.cumulative !== l.previous + l.amount) bad(`leaves[${i}].cumulative`, "is not previous + amount");
    if (l.previous !== this.#carryPrevious(l)) bad(`leaves[${i}].previous`, "differs from inputs.previous");
    const t = this.#tokenIndex.get(l.token);
    if (t === undefined) bad(`leaves[${i}].token`, `token ${l.token} is missing from epoch.tokens`);
    this.#allocated[t] = this.#allocated[t]! + l.amount;
    this.#cumulative[t] = this.#cumulative[t]! + l.cumulative;
    this.#payoutLeaves.push([l.account, l.token, l.cumulative], l.treeIndex);
  }

  /** Per-token totals: what the EpochProposal will carry. */
  #checkTotals(): void {
    this.#header.epoch.tokens.forEach((t, i) => {
      const funded = this.#funded[i]!;
      const allocated = this.#allocated[i]!;
      const cumulative = this.#cumulative[i]!;
      if (t.funded !== funded)
        bad(`epoch.tokens[${i}].funded`, `is ${t.funded} but inputs.revenue adds up to ${funded}`);
      if (t.allocated !== allocated)
        bad(`epoch.tokens[${i}].allocated`, `is ${t.allocated} but the leaves' amounts add up to ${allocated}`);
      if (t.allocated !== t.funded)
        bad(
          `epoch.tokens[${i}].allocated`,
          `${t.allocated} differs from funded ${t.funded}: units were lost or created`,
        );
      if (t.cumulative !== cumulative)
        bad(`epoch.tokens[${i}].cumulative`, `is ${t.cumulative} but the leaves add up to ${cumulative}`);
    });
  }

  /** Lineage flows: each asset's inflow fully accounted for. */
  #flow(f: AssetFlow, i: number): void {
    this.#enter("lineageFlows");
    const last = this.#lastFlow;
    checkAfter(
      last === undefined ? undefined : cmp(last.assetId, f.assetId) || cmp(last.token, f.token),
      `lineageFlows[${i}]`,
      "(assetId, token)",
    );
    this.#lastFlow = f;
    if (!this.#assetIds.has(f.assetId)) bad(`lineageFlows[${i}].assetId`, `unknown asset ${f.assetId}`);
    let fromChildren = 0n;
    for (const c of f.fromChildren) fromChildren += c.amount;
    if (f.inflow !== f.ownRevenue + fromChildren) bad(`lineageFlows[${i}].inflow`, "is not ownRevenue + fromChildren");
    let toParents = 0n;
    for (const p of f.toParents) toParents += p.amount;
    if (f.inflow !== toParents + f.toContributors + f.toTreasury)
      bad(`lineageFlows[${i}]`, "outflows do not add up to the inflow");
  }

  /** Scores: one per contribution, in its order, with the hash of its metrics. */
  #score(s: ManifestScoreEntry, i: number): void {
    this.#enter("scores");
    checkAfter(
      this.#lastScore === undefined ? undefined : cmp(this.#lastScore, s.contributionId),
      `scores[${i}]`,
      "contributionId",
    );
    this.#lastScore = s.contributionId;
    // As with cost checks, a missing or extra score is reported by the count when the section closes.
    if (this.#scoreError === undefined && i < this.#contributionIds.length) {
      const id = this.#contributionId(i);
      if (s.contributionId !== id)
        this.#scoreError = new MalformedFieldError(
          `scores[${i}].contributionId`,
          `expected the score of contribution ${id}`,
        );
    }
    const h = canonicalHash(s.metrics, keccak256);
    if (s.metricsHash !== h) bad(`scores[${i}].metricsHash`, `is not the canonical hash of its metrics (${h})`);
    this.#scoresLeaves.push([s.contributionId, s.coherenceBps, s.metricsHash], s.treeIndex);
  }
}
