/**
 * Runs one oracle epoch on a local chain the way the operators do: read the chain over the epoch's block range,
 * score new contributions, compute and commit the epoch, publish the manifest, sign with a quorum of oracles
 * (accounts unlocked on the node), propose, and optionally wait out the challenge window and finalise.
 *
 * Stands in for the project's shared local-network module until that lands; only `runEpoch` is used by tests.
 */
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";

import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  parseSignature,
  signatureToCompactSignature,
} from "viem";

import type { Deployment } from "../../../deploy/deployment.ts";
import { commitEpoch } from "../../../oracle/src/epoch/commitEpoch.ts";
import { computeEpoch } from "../../../oracle/src/epoch/computeEpoch.ts";
import { DEFAULT_MULTIPLIER } from "../../../oracle/src/epoch/multiplier.ts";
import type { CumulativeTotal } from "../../../oracle/src/epoch/types.ts";
import { readChain } from "../../../oracle/src/chain/readChain.ts";
import { assembleManifest } from "../../../oracle/src/manifest/assembleManifest.ts";
import { canonicalHash, type JsonValue } from "../../../oracle/src/manifest/canonicalJson.ts";
import type { ManifestScore } from "../../../oracle/src/manifest/manifestTypes.ts";
import { writeManifest } from "../../../oracle/src/manifest/writeManifest.ts";
import { payoutDistributorAbi } from "../../../oracle/src/protocol/abis.ts";
import { DISTRIBUTOR_DOMAIN, EPOCH_PROPOSAL_TYPES, type EpochProposal } from "../../../oracle/src/protocol/typedData.ts";

const METRICS = ["lint", "complexity", "tests", "docs", "novelty", "architecture"] as const;
const WEIGHTS = { lint: 2000, complexity: 1500, tests: 2500, docs: 1000, novelty: 2000, architecture: 1000 } as const;

/**
 * A deterministic stand-in for the scorer: metric values derived from the contribution id, combined with the
 * published weights exactly as the real scorer's record is shaped (`coherence-score-v1`, method `measured`).
 */
export function demoScore(contributionId: Hex, assetId: bigint): ManifestScore {
  const metrics: Record<string, JsonValue> = {};
  let weighted = 0;
  METRICS.forEach((name, i) => {
    const bps = 4000 + (parseInt(contributionId.slice(2 + i * 4, 6 + i * 4), 16) % 6001);
    weighted += bps * WEIGHTS[name];
    metrics[name] = { bps, raw: { sample: name }, weightBps: WEIGHTS[name] };
  });
  const coherenceBps = Math.floor(weighted / 10000);
  const record: JsonValue = {
    appliedWeightBps: 10000,
    assetId: assetId.toString(),
    assetKind: "Code",
    coherenceBps,
    configHash: `0x${"00".repeat(32)}`,
    contributionId: contributionId.toLowerCase(),
    format: "coherence-score-v1",
    method: "measured",
    metrics,
    multiplierBps: DEFAULT_MULTIPLIER.baseBps + Math.floor((coherenceBps * DEFAULT_MULTIPLIER.slopeBps) / 10000),
  };
  return { contributionId: contributionId.toLowerCase() as Hex, coherenceBps, metricsHash: canonicalHash(record), metrics: record };
}

export type RunEpochParameters = {
  rpcUrl: string;
  deployment: Deployment;
  /** Where `epoch-<n>.json` is written (the indexer's CCN_MANIFEST_DIR). */
  manifestDir: string;
  /** Wait out the challenge window (by moving chain time) and finalise. Default true. */
  finalise?: boolean;
};

export type RunEpochReturnType = {
  proposal: EpochProposal;
  manifestFile: string;
  challengeDeadline: bigint;
  finalised: boolean;
};

/** Cumulative totals of the last finalised epoch, kept per deployment between runs. */
const previousTotals = new Map<Address, CumulativeTotal[]>();

/** Runs the next epoch over the blocks since the last finalised one. */
export async function runEpoch(parameters: RunEpochParameters): Promise<RunEpochReturnType> {
  const { rpcUrl, deployment, manifestDir } = parameters;
  const transport = http(rpcUrl);
  const client = createPublicClient({ transport });
  const chainId = await client.getChainId();
  const distributor = { address: deployment.contracts.PayoutDistributor.address, abi: payoutDistributorAbi } as const;

  const [[finalisedNumber, lastToBlock], nextEpoch] = await Promise.all([
    client.readContract({ ...distributor, functionName: "finalisedEpoch" }),
    client.readContract({ ...distributor, functionName: "nextEpoch" }),
  ]);
  const fromBlock = finalisedNumber === 0n ? 1n : lastToBlock + 1n;
  const toBlock = await client.getBlockNumber();
  const chain = await readChain({ client, deployment, fromBlock, toBlock });

  const previous = previousTotals.get(distributor.address) ?? [];
  const scores = chain.contributions.map((c) => demoScore(c.id, c.assetId));
  const input = {
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
    config: { multiplier: DEFAULT_MULTIPLIER, treasury: deployment.parameters.treasury },
  };
  const result = computeEpoch(input);
  const commitment = commitEpoch(result, scores);
  const manifest = assembleManifest({
    codeVersion: "frontend-e2e",
    epoch: { number: nextEpoch, fromBlock, toBlock },
    input,
    result,
    commitment,
  });
  await mkdir(manifestDir, { recursive: true });
  const manifestFile = path.join(manifestDir, `epoch-${nextEpoch}.json`);
  const out = createWriteStream(manifestFile);
  const { contentHash } = await writeManifest(manifest, out);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));

  const proposal: EpochProposal = {
    epoch: nextEpoch,
    fromBlock,
    toBlock,
    payoutRoot: commitment.payoutRoot,
    scoresRoot: commitment.scoresRoot,
    manifestHash: contentHash,
    tokens: commitment.tokens,
    totals: commitment.totals,
  };
  const oracles = [...deployment.parameters.oracles].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  const domain = { ...DISTRIBUTOR_DOMAIN, chainId, verifyingContract: distributor.address };
  const signatures = [];
  for (const oracle of oracles.slice(0, deployment.parameters.threshold)) {
    const wallet = createWalletClient({ account: oracle, transport });
    const signature = await wallet.signTypedData({ domain, types: EPOCH_PROPOSAL_TYPES, primaryType: "EpochProposal", message: proposal });
    const compact = signatureToCompactSignature(parseSignature(signature));
    signatures.push({ r: compact.r, vs: compact.yParityAndS });
  }
  const submitter = createWalletClient({ account: deployment.parameters.admin, transport });
  await client.waitForTransactionReceipt({
    hash: await submitter.writeContract({ ...distributor, functionName: "propose", args: [proposal, signatures], chain: null }),
  });
  const [, , challengeDeadline] = await client.readContract({ ...distributor, functionName: "pendingProposal" });

  const finalise = parameters.finalise ?? true;
  if (finalise) {
    const latest = await client.getBlock();
    if (latest.timestamp < challengeDeadline) {
      await client.request({ method: "evm_increaseTime" as never, params: [Number(challengeDeadline - latest.timestamp) + 1] as never });
    }
    await finaliseProposal(rpcUrl, deployment, proposal);
    previousTotals.set(
      distributor.address,
      result.leaves.map((l) => ({ account: l.account, token: l.token, amount: l.cumulative })),
    );
  }
  return { proposal, manifestFile, challengeDeadline, finalised: finalise };
}

/** Finalises the pending proposal (its challenge window must be over). */
export async function finaliseProposal(rpcUrl: string, deployment: Deployment, proposal: EpochProposal): Promise<void> {
  const transport = http(rpcUrl);
  const client = createPublicClient({ transport });
  const wallet = createWalletClient({ account: deployment.parameters.admin, transport });
  await client.waitForTransactionReceipt({
    hash: await wallet.writeContract({
      address: deployment.contracts.PayoutDistributor.address,
      abi: payoutDistributorAbi,
      functionName: "finalise",
      args: [proposal],
      chain: null,
    }),
  });
}
