/**
 * The commitments of an epoch: the cumulative payout tree, the scores tree and
 * the per-token totals the EpochProposal carries.
 *
 * Scores tree leaf: `(bytes32 contributionId, uint16 coherenceBps, bytes32 metricsHash)`,
 * hashed as a StandardMerkleTree, values ascending by contribution id. It holds
 * the score of every contribution the epoch weighed, so any score used can be
 * proven against `scoresRoot`. An empty tree's root is bytes32(0).
 */

import { type Address, type EpochScore, type Hex, MalformedFieldError, SCORE_LEAF_ENCODING } from "@coherence/protocol";
import { makePayoutTree, type PayoutLeaf } from "../merkle/payoutTree.ts";
import { StandardTree } from "../merkle/standardTree.ts";
import { normalizeBytes32 } from "./normalizeInput.ts";
import type { EpochResult } from "./types.ts";

/** One scores-tree leaf: `[contributionId, coherenceBps, metricsHash]`. */
export type ScoreLeaf = readonly [contributionId: Hex, coherenceBps: number, metricsHash: Hex];

/** Root of a tree without leaves. */
export const EMPTY_ROOT: Hex = `0x${"00".repeat(32)}`;

/** What operators sign and publish for an epoch. */
export type EpochCommitment = {
  /** Leaves in the order of `result.leaves`; undefined when there are none. */
  payoutTree: StandardTree<PayoutLeaf> | undefined;
  /** Leaves ascending by contribution id; undefined when there are none. */
  scoresTree: StandardTree<ScoreLeaf> | undefined;
  payoutRoot: Hex;
  scoresRoot: Hex;
  /** Tokens ascending, and per token the sum of its cumulative leaves (EpochProposal `tokens`, `totals`). */
  tokens: Address[];
  totals: bigint[];
};

/**
 * The scores tree of `scores`, ascending by contribution id.
 * Throws {@link MalformedFieldError} for a malformed or repeated score.
 */
export function makeScoresTree(scores: readonly EpochScore[]): StandardTree<ScoreLeaf> | undefined {
  const leaves: ScoreLeaf[] = scores.map((s, i) => {
    const id = normalizeBytes32(s.contributionId, `scores[${i}].contributionId`);
    if (!Number.isSafeInteger(s.coherenceBps) || s.coherenceBps < 0 || s.coherenceBps > 10000) {
      throw new MalformedFieldError(`scores[${i}].coherenceBps`, "expected an integer 0..10000");
    }
    return [id, s.coherenceBps, normalizeBytes32(s.metricsHash, `scores[${i}].metricsHash`)];
  });
  leaves.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (let i = 1; i < leaves.length; i++) {
    if (leaves[i]![0] === leaves[i - 1]![0])
      throw new MalformedFieldError("scores", `two scores for contribution ${leaves[i]![0]}`);
  }
  return leaves.length === 0 ? undefined : StandardTree.of(leaves, SCORE_LEAF_ENCODING);
}

/** A computed leaf as the payout tree hashes it: `(account, token, cumulative)`. */
export function payoutLeafOf(leaf: EpochResult["leaves"][number]): PayoutLeaf {
  return [leaf.account, leaf.token, leaf.cumulative];
}

/**
 * Builds the payout and scores trees of a computed epoch.
 *
 * @example
 * const result = computeEpoch(input);
 * const { payoutRoot, scoresRoot, tokens, totals, payoutTree } = commitEpoch(result, input.scores);
 * payoutTree?.getProof(0); // proof of result.leaves[0]
 */
export function commitEpoch(result: EpochResult, scores: readonly EpochScore[]): EpochCommitment {
  const payoutTree = result.leaves.length === 0 ? undefined : makePayoutTree(result.leaves.map(payoutLeafOf));
  const scoresTree = makeScoresTree(scores);
  return {
    payoutTree,
    scoresTree,
    payoutRoot: payoutTree?.root ?? EMPTY_ROOT,
    scoresRoot: scoresTree?.root ?? EMPTY_ROOT,
    tokens: result.tokens.map((t) => t.token),
    totals: result.tokens.map((t) => t.cumulative),
  };
}
