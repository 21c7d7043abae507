/**
 * Puts a computed epoch together as a {@link Manifest}: inputs in canonical
 * order, leaves and scores with their tree positions, trees as node arrays.
 */

import {
  type CostCheck,
  type CostPolicy,
  canonicalHash,
  configSchema,
  InvalidArgumentError,
  type JsonValue,
  MANIFEST_FORMAT,
  type Manifest,
  type ManifestConfig,
  type ManifestScore,
  PAYOUT_LEAF_ENCODING,
  type PoolRevenue,
  SCORE_LEAF_ENCODING,
} from "@coherence/protocol";
import { costPolicyOf } from "../costs/costConfig.ts";
import { unreportedChecks, withPaidCosts } from "../costs/paidCosts.ts";
import { commitEpoch, type EpochCommitment } from "../epoch/commitEpoch.ts";
import { normalizeInput } from "../epoch/normalizeInput.ts";
import type { EpochInput, EpochResult } from "../epoch/types.ts";
import { keccak256 } from "../merkle/keccak.ts";

/** What {@link assembleManifest} needs. */
export type AssembleManifestParameters = {
  /** The oracle's version (package version and git commit), so an auditor runs the same code. */
  codeVersion: string;
  epoch: { number: bigint; fromBlock: bigint; toBlock: bigint };
  /** The epoch's inputs, costs as attested; each score carries its metric record. */
  input: Omit<EpochInput, "scores"> & { scores: readonly ManifestScore[] };
  /**
   * How the costs were checked, one check per contribution: `result` weighs their paid costs. Without them every
   * cost is paid as attested and marked unreported.
   */
  costs?: { policy: CostPolicy; checks: readonly CostCheck[] } | undefined;
  /** The scorer's published configuration (default null). */
  scoringConfig?: JsonValue;
  /** `computeEpoch(input)`. */
  result: EpochResult;
  /** `commitEpoch(result, input.scores)`; computed here when omitted. */
  commitment?: EpochCommitment;
  /** The chain state the epoch was read to (its `toBlock`), committed in the header; none when omitted. */
  chainState?: Manifest["chainState"];
};

const lower = <T extends string>(s: T): T => s.toLowerCase() as T;
const cmp = (a: bigint | string, b: bigint | string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Assembles the manifest of an epoch. Throws {@link InvalidArgumentError} when
 * a score's `metricsHash` is not the canonical hash of its `metrics`, or when
 * the commitment does not belong to the result.
 *
 * @example
 * const result = computeEpoch(input);
 * const manifest = assembleManifest({ codeVersion: "oracle@0.1.0", epoch: { number: 1n, fromBlock: 1n, toBlock: 99n }, input, result });
 * await writeManifest(manifest, fs.createWriteStream("epoch-1.json"));
 */
export function assembleManifest(parameters: AssembleManifestParameters): Manifest {
  const { input, result } = parameters;
  const costs = parameters.costs ?? {
    policy: costPolicyOf(undefined, new Map()),
    checks: unreportedChecks(input.contributions),
  };
  // Same validation as the computation: a manifest never holds inputs computeEpoch would reject.
  normalizeInput({ ...input, contributions: withPaidCosts(input.contributions, costs.checks) });
  const commitment = parameters.commitment ?? commitEpoch(result, input.scores);
  if ((commitment.payoutTree?.length ?? 0) !== result.leaves.length) {
    throw new InvalidArgumentError("The commitment's payout tree does not have one leaf per result leaf.");
  }
  const config: ManifestConfig = {
    costs: { ...costs.policy, priceTables: [...costs.policy.priceTables].map(lower).sort() },
    multiplier: { ...input.config.multiplier },
    scoring: parameters.scoringConfig ?? null,
    treasury: lower(input.config.treasury),
  };

  const scores = input.scores
    .map((s, i) => {
      const metricsHash = lower(s.metricsHash);
      if (canonicalHash(s.metrics, keccak256) !== metricsHash) {
        throw new InvalidArgumentError(`scores[${i}].metricsHash is not the canonical hash of its metrics.`, {
          details: `expected ${canonicalHash(s.metrics, keccak256)}, got ${metricsHash}`,
        });
      }
      return { contributionId: lower(s.contributionId), coherenceBps: s.coherenceBps, metricsHash, metrics: s.metrics };
    })
    .sort((a, b) => cmp(a.contributionId, b.contributionId))
    .map((s, i) => ({ ...s, treeIndex: commitment.scoresTree!.treeIndexOf(i) }));

  const revenueSums = new Map<string, PoolRevenue>();
  for (const r of input.revenue) {
    const token = lower(r.token);
    const key = `${r.assetId}/${token}`;
    const sum = revenueSums.get(key);
    revenueSums.set(key, { assetId: r.assetId, token, amount: (sum?.amount ?? 0n) + r.amount });
  }

  const { chainState } = parameters;
  if (chainState !== undefined && chainState.block !== parameters.epoch.toBlock) {
    throw new InvalidArgumentError(
      `The chain state is at block ${chainState.block}; epoch ${parameters.epoch.number} ends at ${parameters.epoch.toBlock}.`,
    );
  }
  return {
    format: MANIFEST_FORMAT,
    ...(chainState === undefined ? {} : { chainState: { block: chainState.block, hash: lower(chainState.hash) } }),
    codeVersion: parameters.codeVersion,
    config,
    configHash: canonicalHash(configSchema.encode(config)),
    epoch: {
      number: parameters.epoch.number,
      fromBlock: parameters.epoch.fromBlock,
      toBlock: parameters.epoch.toBlock,
      payoutRoot: commitment.payoutRoot,
      scoresRoot: commitment.scoresRoot,
      tokens: result.tokens,
    },
    inputs: {
      assets: [...input.assets]
        .sort((a, b) => cmp(a.id, b.id))
        .map((a) => ({
          id: a.id,
          parents: [...a.parents]
            .sort((x, y) => cmp(x.assetId, y.assetId))
            .map((p) => ({ assetId: p.assetId, weightBps: p.weightBps })),
        })),
      contributions: input.contributions
        .map((c) => ({ ...c, id: lower(c.id), contributor: lower(c.contributor) }))
        .sort((a, b) => cmp(a.id, b.id)),
      costs: costs.checks
        .map((check) => ({
          ...check,
          contributionId: lower(check.contributionId),
          report: check.report === null ? null : lower(check.report),
        }))
        .sort((a, b) => cmp(a.contributionId, b.contributionId)),
      previous: input.previous
        .map((p) => ({ account: lower(p.account), token: lower(p.token), amount: p.amount }))
        .sort((a, b) => cmp(a.account, b.account) || cmp(a.token, b.token)),
      revenue: [...revenueSums.values()].sort((a, b) => cmp(a.assetId, b.assetId) || cmp(a.token, b.token)),
    },
    leaves: result.leaves.map((l, i) => ({ ...l, treeIndex: commitment.payoutTree!.treeIndexOf(i) })),
    lineageFlows: result.flows,
    payoutTree: { leafEncoding: PAYOUT_LEAF_ENCODING, nodes: commitment.payoutTree?.nodes ?? new Uint8Array(0) },
    scores,
    scoresTree: { leafEncoding: SCORE_LEAF_ENCODING, nodes: commitment.scoresTree?.nodes ?? new Uint8Array(0) },
  };
}
