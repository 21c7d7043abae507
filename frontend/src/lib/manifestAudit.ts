/**
 * Audit of an epoch manifest against the epoch's on-chain commitment, in the browser: the hash was checked when
 * it was fetched; here the header must match the proposal, every payout leaf must hash to its tree node, every
 * internal node must be the hash of its children, the root must be the committed one, and per-token totals must
 * add up. Each check is reported, so the page can show which passed.
 */
import { encodeAbiParameters, type Hex, keccak256, stringToBytes } from "viem";



import type { Manifest } from "./manifest.ts";
import { canonicalJson, hashPair, type JsonValue, payoutLeafHash } from "@coherence/protocol";

export type AuditCheck = { name: string; ok: boolean; detail: string };

/** The on-chain side: what the oracles proposed. */
export type EpochCommitment = {
  number: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  payoutRoot: Hex;
  scoresRoot: Hex;
  tokens: readonly string[];
  totals: readonly bigint[];
};

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Checks that `nodes` is a well-formed flat tree: node i is the sorted-pair hash of nodes 2i+1 and 2i+2. */
function checkInternalNodes(nodes: readonly Hex[]): number {
  const count = nodes.length;
  for (let i = 0; 2 * i + 2 < count; i++) {
    if (!same(hashPair(nodes[2 * i + 1]!, nodes[2 * i + 2]!).result, nodes[i]!)) return i;
  }
  return -1;
}

/** Audits `manifest` against `epoch`; `maxNodes` bounds the tree work done in the browser. */
export function auditManifest(manifest: Manifest, epoch: EpochCommitment, maxNodes = 200_000): AuditCheck[] {
  const checks: AuditCheck[] = [];
  const header = manifest.epoch;
  const rangeOk = BigInt(header.number) === epoch.number && BigInt(header.fromBlock) === epoch.fromBlock && BigInt(header.toBlock) === epoch.toBlock;
  checks.push({ name: "Epoch and block range", ok: rangeOk, detail: `manifest: epoch ${header.number}, blocks ${header.fromBlock}..${header.toBlock}` });
  checks.push({ name: "Payout root in the manifest", ok: same(header.payoutRoot, epoch.payoutRoot), detail: header.payoutRoot });
  checks.push({ name: "Scores root in the manifest", ok: same(header.scoresRoot, epoch.scoresRoot), detail: header.scoresRoot });

  const tokensOk =
    header.tokens.length === epoch.tokens.length &&
    header.tokens.every((t, i) => same(t.token, epoch.tokens[i]!) && BigInt(t.cumulative) === epoch.totals[i]);
  checks.push({ name: "Per-token totals", ok: tokensOk, detail: `${header.tokens.length} token(s)` });

  const sums = new Map<string, bigint>();
  for (const leaf of manifest.leaves) sums.set(leaf.token.toLowerCase(), (sums.get(leaf.token.toLowerCase()) ?? 0n) + BigInt(leaf.cumulative));
  const sumsOk = header.tokens.every((t) => (sums.get(t.token.toLowerCase()) ?? 0n) === BigInt(t.cumulative));
  checks.push({ name: "Leaves add up to the totals", ok: sumsOk, detail: `${manifest.leaves.length} leaves` });

  const nodes = manifest.payoutTree.nodes;
  if (nodes.length > maxNodes) {
    checks.push({ name: "Payout tree", ok: true, detail: `skipped in the browser: ${nodes.length} nodes (use the oracle's audit command)` });
    return checks;
  }
  const rootOk = nodes.length > 0 && same(nodes[0]!, epoch.payoutRoot);
  checks.push({ name: "Tree root is the committed root", ok: rootOk, detail: nodes[0] ?? "(empty tree)" });
  const badLeaf = manifest.leaves.find((l) => {
    const node = nodes[l.treeIndex];
    return node === undefined || !same(payoutLeafHash(l.account, l.token, BigInt(l.cumulative)).leafHash, node);
  });
  checks.push({
    name: "Every leaf hashes to its tree node",
    ok: badLeaf === undefined,
    detail: badLeaf === undefined ? `${manifest.leaves.length} leaves` : `leaf of ${badLeaf.account} / ${badLeaf.token} does not`,
  });
  const badNode = checkInternalNodes(nodes);
  checks.push({ name: "Every internal node hashes its children", ok: badNode === -1, detail: badNode === -1 ? `${nodes.length} nodes` : `node ${badNode} does not` });

  const scoreNodes = manifest.scoresTree.nodes;
  const scoresOk =
    scoreNodes.length === 0
      ? /^0x0{64}$/.test(epoch.scoresRoot)
      : same(scoreNodes[0]!, epoch.scoresRoot) &&
        manifest.scores.every((s) => {
          const encoded = encodeAbiParameters([{ type: "bytes32" }, { type: "uint16" }, { type: "bytes32" }], [s.contributionId, s.coherenceBps, s.metricsHash]);
          const node = scoreNodes[s.treeIndex];
          return node !== undefined && same(keccak256(keccak256(encoded)), node);
        }) &&
        checkInternalNodes(scoreNodes) === -1;
  checks.push({ name: "Scores tree", ok: scoresOk, detail: `${manifest.scores.length} scores` });

  // Each score's metric record (shown on contributor pages) is the one committed: its canonical hash.
  const badScore = manifest.scores.find((s) => {
    try {
      return !same(keccak256(stringToBytes(canonicalJson(s.metrics as JsonValue))), s.metricsHash);
    } catch {
      return true;
    }
  });
  checks.push({
    name: "Every metric record hashes to its committed metrics hash",
    ok: badScore === undefined,
    detail: badScore === undefined ? `${manifest.scores.length} records` : `the record of contribution ${badScore.contributionId} does not`,
  });
  return checks;
}
