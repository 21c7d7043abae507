/**
 * Audit of an epoch manifest against the epoch's on-chain commitment, in the browser: the hash was checked when
 * it was fetched; here the header must match the proposal, every payout leaf must hash to its tree node, every
 * internal node must be the hash of its children, the root must be the committed one, per-token totals must
 * add up, and costs must be weighed as their checks paid them. Each check is reported, so the page can show which
 * passed. An account's audit reads only its slice (`auditSlice`): the header, the account's leaves and what they
 * cite, all proven against the manifest hash, the leaves against the payout root, when the slice was verified.
 */
import {
  bytesToHex,
  canonicalHash,
  type EpochProposal,
  hashPair,
  type Manifest,
  payoutLeafHash,
  type VerifiedSlice,
} from "@coherence/protocol";
import { encodeAbiParameters, keccak256 } from "viem";

import { auditCosts } from "./costAudit.ts";

export type AuditCheck = { name: string; ok: boolean; detail: string };

/** The on-chain side: what the oracles proposed, keyed by `number` as the indexer keys it. */
export type EpochCommitment = Omit<EpochProposal, "epoch" | "manifestHash"> & { number: bigint };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Node `i` of a tree's node array (32 bytes each) as hex. */
const nodeAt = (nodes: Uint8Array, i: number) => bytesToHex(nodes, 32 * i, 32);

/** Checks that `nodes` is a well-formed flat tree: node i is the sorted-pair hash of nodes 2i+1 and 2i+2. */
function checkInternalNodes(nodes: Uint8Array): number {
  const count = nodes.length / 32;
  for (let i = 0; 2 * i + 2 < count; i++) {
    if (!same(hashPair(nodeAt(nodes, 2 * i + 1), nodeAt(nodes, 2 * i + 2)).result, nodeAt(nodes, i))) return i;
  }
  return -1;
}

/** The checks of a manifest's header against the proposal on-chain. */
function auditHeader(header: Manifest["epoch"], epoch: EpochCommitment): AuditCheck[] {
  const checks: AuditCheck[] = [];
  const rangeOk =
    header.number === epoch.number && header.fromBlock === epoch.fromBlock && header.toBlock === epoch.toBlock;
  checks.push({
    name: "Epoch and block range",
    ok: rangeOk,
    detail: `manifest: epoch ${header.number}, blocks ${header.fromBlock}..${header.toBlock}`,
  });
  checks.push({
    name: "Payout root in the manifest",
    ok: same(header.payoutRoot, epoch.payoutRoot),
    detail: header.payoutRoot,
  });
  checks.push({
    name: "Scores root in the manifest",
    ok: same(header.scoresRoot, epoch.scoresRoot),
    detail: header.scoresRoot,
  });

  const tokensOk =
    header.tokens.length === epoch.tokens.length &&
    header.tokens.every((t, i) => same(t.token, epoch.tokens[i]!) && t.cumulative === epoch.totals[i]);
  checks.push({ name: "Per-token totals", ok: tokensOk, detail: `${header.tokens.length} token(s)` });
  return checks;
}

/** Each metric record (shown on contributor pages) is the one committed: its canonical hash. */
function auditMetrics(scores: readonly Manifest["scores"][number][]): AuditCheck {
  const badScore = scores.find((s) => !same(canonicalHash(s.metrics), s.metricsHash));
  return {
    name: "Every metric record hashes to its committed metrics hash",
    ok: badScore === undefined,
    detail:
      badScore === undefined
        ? `${scores.length} records`
        : `the record of contribution ${badScore.contributionId} does not`,
  };
}

/**
 * Audits one account's verified slice against `epoch`: the header as the whole audit checks it, the account's
 * leaves (already proven to the header's payout root), the costs its leaves weigh and the metric records of the
 * scores they cite. What only the whole manifest shows (that all leaves add up, the trees' every node) is not here.
 */
export function auditSlice(slice: VerifiedSlice, epoch: EpochCommitment): AuditCheck[] {
  const all = <T>(map: ReadonlyMap<string, readonly T[]>) => [...map.values()].flat();
  const header = slice.header.epoch;
  return [
    ...auditHeader(header, epoch),
    {
      name: "The account's leaves are in the committed payout tree",
      ok: same(header.payoutRoot, epoch.payoutRoot),
      detail: `${slice.leaves.length} leaves, each with its proof to the root`,
    },
    ...auditCosts({
      format: slice.header.format,
      epoch: header,
      leaves: slice.leaves,
      inputs: { contributions: all(slice.cited["inputs.contributions"]), costs: all(slice.cited["inputs.costs"]) },
    }),
    auditMetrics(all(slice.cited.scores)),
  ];
}

/** Audits `manifest` against `epoch`; `maxNodes` bounds the tree work done in the browser. */
export function auditManifest(manifest: Manifest, epoch: EpochCommitment, maxNodes = 200_000): AuditCheck[] {
  const checks = auditHeader(manifest.epoch, epoch);
  const header = manifest.epoch;

  const sums = new Map<string, bigint>();
  for (const leaf of manifest.leaves)
    sums.set(leaf.token.toLowerCase(), (sums.get(leaf.token.toLowerCase()) ?? 0n) + leaf.cumulative);
  const sumsOk = header.tokens.every((t) => (sums.get(t.token.toLowerCase()) ?? 0n) === t.cumulative);
  checks.push({ name: "Leaves add up to the totals", ok: sumsOk, detail: `${manifest.leaves.length} leaves` });
  checks.push(...auditCosts(manifest));

  const nodes = manifest.payoutTree.nodes;
  const nodeCount = nodes.length / 32;
  if (nodeCount > maxNodes) {
    checks.push({
      name: "Payout tree",
      ok: true,
      detail: `skipped in the browser: ${nodeCount} nodes (use the oracle's audit command)`,
    });
    return checks;
  }
  const root = nodeCount > 0 ? nodeAt(nodes, 0) : undefined;
  checks.push({
    name: "Tree root is the committed root",
    ok: root !== undefined && same(root, epoch.payoutRoot),
    detail: root ?? "(empty tree)",
  });
  const badLeaf = manifest.leaves.find(
    (l) =>
      l.treeIndex >= nodeCount ||
      !same(payoutLeafHash(l.account, l.token, l.cumulative).leafHash, nodeAt(nodes, l.treeIndex)),
  );
  checks.push({
    name: "Every leaf hashes to its tree node",
    ok: badLeaf === undefined,
    detail:
      badLeaf === undefined
        ? `${manifest.leaves.length} leaves`
        : `leaf of ${badLeaf.account} / ${badLeaf.token} does not`,
  });
  const badNode = checkInternalNodes(nodes);
  checks.push({
    name: "Every internal node hashes its children",
    ok: badNode === -1,
    detail: badNode === -1 ? `${nodeCount} nodes` : `node ${badNode} does not`,
  });

  const scoreNodes = manifest.scoresTree.nodes;
  const scoreNodeCount = scoreNodes.length / 32;
  const scoresOk =
    scoreNodeCount === 0
      ? /^0x0{64}$/.test(epoch.scoresRoot)
      : same(nodeAt(scoreNodes, 0), epoch.scoresRoot) &&
        manifest.scores.every((s) => {
          // SCORE_LEAF_ENCODING, as a literal ABI so viem types the values.
          const encoded = encodeAbiParameters(
            [{ type: "bytes32" }, { type: "uint16" }, { type: "bytes32" }],
            [s.contributionId, s.coherenceBps, s.metricsHash],
          );
          return s.treeIndex < scoreNodeCount && same(keccak256(keccak256(encoded)), nodeAt(scoreNodes, s.treeIndex));
        }) &&
        checkInternalNodes(scoreNodes) === -1;
  checks.push({ name: "Scores tree", ok: scoresOk, detail: `${manifest.scores.length} scores` });

  checks.push(auditMetrics(manifest.scores));
  return checks;
}
