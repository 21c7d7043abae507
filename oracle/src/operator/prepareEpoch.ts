/**
 * Computes the next epoch exactly as every operator must: chain data over the epoch's block range (RPC logs, read
 * on from the chain state the previous finalised epoch's manifest commits, or from deployment with `full`),
 * a coherence score for every contribution (measured once, then read from the score store), the lineage flow,
 * the Merkle commitments and the manifest. Pure apart from reading the chain, the repositories and the stores,
 * and writing the manifest: the same chain, config and repositories give the same manifest, byte for byte.
 */

import {
  type CumulativeTotal,
  type Deployment,
  type EpochProposal,
  InvalidArgumentError,
  type JsonValue,
  type Manifest,
  type ManifestScore,
  payoutDistributorAbi,
} from "@coherence/protocol";
import type { Hex, PublicClient } from "viem";
import { type ChainState, deploymentBlock } from "../chain/chainState.ts";
import { ChainStateMismatchError } from "../chain/chainStateFile.ts";
import { finalisedToBlock } from "../chain/finality.ts";
import { type ChainAsset, type ChainContribution, readChain } from "../chain/readChain.ts";
import { type CostChecksInputs, costChecksOf } from "../costs/costChecksOf.ts";
import { withPaidCosts } from "../costs/paidCosts.ts";
import { commitEpoch } from "../epoch/commitEpoch.ts";
import { computeEpoch } from "../epoch/computeEpoch.ts";
import type { EpochInput, EpochResult } from "../epoch/types.ts";
import { assembleManifest } from "../manifest/assembleManifest.ts";
import type { OnProgress } from "../progress/progress.ts";
import type { ScoringConfig } from "../scoring/config.ts";
import type { ReviewScore } from "../scoring/reviewScore.ts";
import { ASSET_KINDS } from "../scoring/scoreContribution.ts";
import { type EpochScoreRecord, toEpochScore } from "../scoring/scoreRecord.ts";
import type { ScoreStore } from "../scoring/scoreStore.ts";
import { publishedScoringConfig } from "../scoring/validateConfig.ts";
import { type EvidenceBindings, evidenceBindingsOf } from "./evidence.ts";
import { ManifestMismatchError, type ManifestStore } from "./manifestStore.ts";
import { scoreForEpoch, unscorableReasons } from "./scoreForEpoch.ts";
import { scoringOrder } from "./scoringOrder.ts";

export type PrepareEpochParameters = {
  client: PublicClient;
  deployment: Deployment;
  /**
   * The last block the epoch covers: the chain's finalised head by default. A later block is refused with a
   * `ToBlockNotFinalisedError` before anything is read or written.
   */
  toBlock?: bigint | undefined;
  scoring: ScoringConfig;
  /** Reviewer scores of contributions to non-code assets, by contribution id. */
  reviews: Readonly<Record<string, ReviewScore>>;
  scores: ScoreStore;
  /** The published cost documents, the oracle's cost settings and the published price tables. */
  costs: CostChecksInputs;
  manifests: ManifestStore;
  /** The oracle's version, recorded in the manifest. */
  codeVersion: string;
  /**
   * Read every log since deployment instead of resuming from the chain state the previous finalised epoch's
   * manifest commits: the same manifest, for when that state is missing or refused.
   */
  full?: boolean | undefined;
  onProgress?: OnProgress | undefined;
};

/** How the chain was read: from deployment, or on from the previous epoch's committed state. */
export type ChainRead = { mode: "full" | "incremental"; firstBlock: bigint; logsRead: number };

export type PreparedEpoch = {
  proposal: EpochProposal;
  manifest: Manifest;
  manifestFile: string;
  result: EpochResult;
  /** How many contributions were scored now (the rest came from the store or are unscorable). */
  scoredNow: number;
  /** The contributions that could not be scored, with why: the manifest records them, held for a reviewer. */
  unscorable: { contributionId: Hex; error: string; reason: string }[];
  chainRead: ChainRead;
};

/** There is nothing to propose: no account has ever been allocated anything. */
export class NothingToProposeError extends InvalidArgumentError {
  override name = "NothingToProposeError";
}

/**
 * Computes the epoch after the last one proposed, covering the blocks after the last finalised epoch up to
 * `toBlock` (at most the chain's finalised block), writes its manifest and returns the proposal to sign.
 *
 * @example
 * const epoch = await prepareEpoch({ client, deployment, scoring, reviews: {},
 *   scores: await ScoreStore.open(".ccn/scores"), manifests: new ManifestStore(".ccn/manifests"), codeVersion });
 * epoch.proposal.payoutRoot;
 */
export async function prepareEpoch(parameters: PrepareEpochParameters): Promise<PreparedEpoch> {
  const { client, deployment, manifests } = parameters;
  const distributor = deployment.contracts.PayoutDistributor.address;
  const [number, [lastEpoch, lastToBlock], toBlock] = await Promise.all([
    client.readContract({ address: distributor, abi: payoutDistributorAbi, functionName: "nextEpoch" }),
    client.readContract({ address: distributor, abi: payoutDistributorAbi, functionName: "finalisedEpoch" }),
    finalisedToBlock(client, parameters.toBlock),
  ]);
  const firstBlock = deploymentBlock(deployment);
  const fromBlock = lastEpoch === 0n ? firstBlock : lastToBlock + 1n;
  if (toBlock < fromBlock) {
    throw new InvalidArgumentError(`Epoch ${number} would cover no blocks: ${fromBlock}..${toBlock}.`, {
      details: "wait for the chain to finalise new blocks, or pass a later --to-block",
    });
  }

  const { onProgress } = parameters;
  const last = lastEpoch === 0n ? undefined : await previousEpoch(manifests, lastEpoch, lastToBlock, parameters.full);
  const readFrom = last?.state === undefined ? firstBlock : last.state.block + 1n;
  const chain = await readChain({ client, deployment, fromBlock, toBlock, onProgress, since: last?.state });
  const onChain = chain.epochs.find((e) => e.epoch === lastEpoch);
  if (last !== undefined) {
    if (onChain === undefined) {
      throw new InvalidArgumentError(`Epoch ${lastEpoch} is finalised but not in the logs read.`);
    }
    // The state was taken on the manifest's word: it counts only if the chain committed that manifest.
    if (onChain.manifestHash.toLowerCase() !== last.contentHash) {
      throw new ManifestMismatchError(`The manifest of epoch ${lastEpoch} is not the one the chain recorded.`, {
        metaMessages: [
          `file:     ${manifests.pathOf(lastEpoch)}`,
          `its hash: ${last.contentHash}`,
          `on-chain: ${onChain.manifestHash}`,
        ],
      });
    }
  }
  const previous = last?.totals ?? [];
  const chainRead: ChainRead = {
    mode: last?.state === undefined ? "full" : "incremental",
    firstBlock: readFrom,
    logsRead: chain.logsRead,
  };
  const ordered = scoringOrder(chain.contributions, chain.proposals, number);
  const bindings = await evidenceBindingsOf(parameters.costs.store, chain.contributions);
  const measured = await scoreAll(chain.assets, ordered, parameters, bindings);
  // The epoch's inputs list scores by contribution id, whatever order they were measured in.
  const scores = measured.scores.sort((a, b) => (a.contributionId < b.contributionId ? -1 : 1));
  const scoredNow = measured.scoredNow;

  onProgress?.({ phase: "checking costs", done: 0, total: chain.contributions.length });
  const costs = await costChecksOf({
    ...parameters.costs,
    contributions: chain.contributions,
    assets: chain.assets,
    scoring: parameters.scoring,
    unscorable: unscorableReasons(measured.records),
    bindings,
  });
  onProgress?.({ phase: "checking costs", done: chain.contributions.length, total: chain.contributions.length });

  const input: EpochInput & { scores: ManifestScore[] } = {
    assets: chain.assets.map((a) => ({ id: a.id, parents: a.parents })),
    contributions: chain.contributions.map((c) => ({
      id: c.id,
      assetId: c.assetId,
      contributor: c.contributor,
      laborMicroUsd: c.laborMicroUsd,
      toolsMicroUsd: c.toolsMicroUsd,
      computeMicroUsd: c.computeMicroUsd,
    })),
    scores,
    revenue: chain.revenue.map((r) => ({ assetId: r.assetId, token: r.token, amount: r.pool })),
    previous,
    config: { multiplier: parameters.scoring.multiplier, treasury: deployment.parameters.treasury },
  };
  onProgress?.({ phase: "computing the epoch", done: 0, total: 1 });
  const result = computeEpoch({ ...input, contributions: withPaidCosts(input.contributions, costs.checks) });
  const commitment = commitEpoch(result, scores);
  onProgress?.({ phase: "computing the epoch", done: 1, total: 1 });
  if (commitment.payoutTree === undefined) {
    throw new NothingToProposeError(`Epoch ${number} has no payouts: no revenue has reached the pool yet.`);
  }
  const stateHash = await manifests.writeState(number, chain.state);
  const manifest = assembleManifest({
    chainState: { block: toBlock, hash: stateHash },
    codeVersion: parameters.codeVersion,
    epoch: { number, fromBlock, toBlock },
    input,
    scoringConfig: publishedScoringConfig(parameters.scoring),
    costs,
    result,
    commitment,
  });
  const { file, contentHash } = await manifests.write(manifest);
  return {
    proposal: {
      epoch: number,
      fromBlock,
      toBlock,
      payoutRoot: commitment.payoutRoot,
      scoresRoot: commitment.scoresRoot,
      manifestHash: contentHash,
      tokens: commitment.tokens,
      totals: commitment.totals,
    },
    manifest,
    manifestFile: file,
    result,
    scoredNow,
    unscorable: measured.records.flatMap((r) =>
      r.method === "unscorable" ? [{ contributionId: r.contributionId, ...r.unscorable }] : [],
    ),
    chainRead,
  };
}

/** What the epoch takes from the last finalised one: its manifest's hash, cumulative totals and chain state. */
type PreviousEpoch = { contentHash: Hex; totals: CumulativeTotal[]; state: ChainState | undefined };

/**
 * Reads the last finalised epoch's manifest (its hash is checked against the chain's once the logs are read) and,
 * unless `full`, the chain state it commits; a manifest written before states were committed gives none, and the
 * chain is read from deployment.
 */
async function previousEpoch(
  manifests: ManifestStore,
  lastEpoch: bigint,
  lastToBlock: bigint,
  full: boolean | undefined,
): Promise<PreviousEpoch> {
  const totals: CumulativeTotal[] = [];
  let committed: Manifest["chainState"];
  const { contentHash } = await manifests.scan(lastEpoch, undefined, {
    header: (h) => {
      committed = h.chainState;
    },
    elements: { leaves: (l) => void totals.push({ account: l.account, token: l.token, amount: l.cumulative }) },
  });
  if (full || committed === undefined) return { contentHash, totals, state: undefined };
  if (committed.block !== lastToBlock) {
    throw new ChainStateMismatchError(
      `Epoch ${lastEpoch}'s manifest commits a chain state at block ${committed.block}; the chain finalised it to block ${lastToBlock}.`,
      { details: "it is not the manifest the chain recorded; fetch it again, or read from deployment with --full" },
    );
  }
  return { contentHash, totals, state: await manifests.readState(lastEpoch, committed) };
}

async function scoreAll(
  assets: readonly ChainAsset[],
  contributions: readonly ChainContribution[],
  parameters: PrepareEpochParameters,
  bindings: EvidenceBindings,
): Promise<{ scores: ManifestScore[]; records: EpochScoreRecord[]; scoredNow: number }> {
  const kinds = new Map(assets.map((a) => [a.id, ASSET_KINDS[a.kind] ?? "Other"]));
  const scores: ManifestScore[] = [];
  const records: EpochScoreRecord[] = [];
  let scoredNow = 0;
  const progress = (done: number) =>
    parameters.onProgress?.({ phase: "scoring contributions", done, total: contributions.length });
  progress(0);
  const { scoring, reviews, scores: store } = parameters;
  for (const c of contributions) {
    const assetKind = kinds.get(c.assetId);
    if (assetKind === undefined) {
      throw new InvalidArgumentError(`Contribution ${c.id} refers to asset ${c.assetId}, which is not registered.`);
    }
    const { record, source } = await scoreForEpoch(c, assetKind, { scoring, reviews, store, bindings });
    if (source === "computed") ++scoredNow;
    records.push(record);
    scores.push({ ...toEpochScore(record), metrics: record as unknown as JsonValue });
    progress(scores.length);
  }
  return { scores, records, scoredNow };
}
