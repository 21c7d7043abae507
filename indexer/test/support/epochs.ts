/**
 * Epochs for tests: the epoch computed from the chain's events with the oracle's own code (computeEpoch,
 * assembleManifest, manifestBytes), written to the manifest directory, signed by a quorum of oracles
 * (EIP-712, compact signatures) and proposed, vetoed or finalised on-chain.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { assembleManifest, computeEpoch, type EpochInput, manifestBytes } from "@coherence/oracle";

import {
  type CumulativeTotal,
  canonicalHash,
  DISTRIBUTOR_DOMAIN,
  EPOCH_PROPOSAL_TYPES,
  type EpochProposal,
  type Manifest,
} from "@coherence/protocol";
import { type Address, type Hex, parseSignature, signatureToCompactSignature } from "viem";
import { addressOf, type Protocol, ROLES, signer } from "./protocol.ts";

export type BuiltEpoch = { manifest: Manifest; bytes: Uint8Array; manifestHash: Hex; proposal: EpochProposal };

/** A deterministic stand-in score for the `i`-th contribution (the scorer is not the indexer's business). */
function scoreOf(i: number): number {
  return 3000 + ((i * 1700) % 7000);
}

/**
 * Computes epoch `number` over blocks `fromBlock..toBlock` from the recorded events: every asset registered so
 * far, every contribution attested and not revoked by `toBlock`, and the pool revenue paid in the range.
 */
export async function buildEpoch(
  protocol: Protocol,
  options: {
    number: bigint;
    fromBlock: bigint;
    toBlock: bigint;
    previous: readonly CumulativeTotal[];
    codeVersion: string;
  },
): Promise<BuiltEpoch> {
  const events = protocol.events.filter((e) => e.blockNumber <= options.toBlock);
  const assets: EpochInput["assets"][number][] = [];
  const contributions = new Map<string, EpochInput["contributions"][number]>();
  const revenue: EpochInput["revenue"][number][] = [];
  for (const e of events) {
    const { eventName, args: a } = e;
    if (eventName === "AssetRegistered") {
      assets.push({
        id: a.assetId,
        parents: a.parents.map((assetId: bigint, i: number) => ({ assetId, weightBps: a.parentWeightsBps[i]! })),
      });
    } else if (eventName === "ContributionAttested") {
      contributions.set(a.id, {
        id: a.id,
        assetId: a.assetId,
        contributor: a.contributor,
        laborMicroUsd: a.laborMicroUsd,
        toolsMicroUsd: a.toolsMicroUsd,
        computeMicroUsd: a.computeMicroUsd,
      });
    } else if (eventName === "ContributionRevoked") {
      contributions.delete(a.id);
    } else if (eventName === "RevenuePaid" && e.blockNumber >= options.fromBlock && a.pool > 0n) {
      revenue.push({ assetId: a.assetId, token: a.token, amount: a.pool });
    }
  }
  const ordered = [...contributions.values()].sort((x, y) => (x.id < y.id ? -1 : 1));
  const scores = ordered.map((c, i) => {
    const metrics = { coherenceBps: scoreOf(i), source: "indexer test" };
    return { contributionId: c.id, coherenceBps: scoreOf(i), metrics, metricsHash: canonicalHash(metrics) };
  });
  const input = {
    assets,
    contributions: ordered,
    scores,
    revenue,
    previous: options.previous,
    config: {
      multiplier: { kind: "linear" as const, baseBps: 5000, slopeBps: 10000 },
      treasury: protocol.deployment.parameters.treasury,
    },
  };
  const result = computeEpoch(input);
  const manifest = assembleManifest({
    codeVersion: options.codeVersion,
    epoch: { number: options.number, fromBlock: options.fromBlock, toBlock: options.toBlock },
    input,
    result,
  });
  const { bytes, contentHash } = await manifestBytes(manifest);
  return {
    manifest,
    bytes,
    manifestHash: contentHash,
    proposal: {
      epoch: options.number,
      fromBlock: options.fromBlock,
      toBlock: options.toBlock,
      payoutRoot: manifest.epoch.payoutRoot,
      scoresRoot: manifest.epoch.scoresRoot,
      manifestHash: contentHash,
      tokens: manifest.epoch.tokens.map((t) => t.token),
      totals: manifest.epoch.tokens.map((t) => t.cumulative),
    },
  };
}

/** Publishes a manifest as `<dir>/epoch-<n>.json` (the indexer's default pattern). */
export async function publishManifest(dir: string, built: BuiltEpoch): Promise<string> {
  const file = path.join(dir, `epoch-${built.proposal.epoch}.json`);
  await writeFile(file, built.bytes);
  return file;
}

/**
 * Proposes with the signatures of the given oracles (Hardhat account indices), ordered by address; `dataSuffix`
 * records the manifest's CID in the calldata (`manifestCidSuffix`).
 */
export async function proposeEpoch(
  protocol: Protocol,
  proposal: EpochProposal,
  oracleIndices: readonly number[],
  from: number = ROLES.deployer,
  dataSuffix?: Hex,
) {
  const signed = await Promise.all(
    oracleIndices.map(async (index) => {
      const signature = await signer(index).signTypedData({
        domain: {
          ...DISTRIBUTOR_DOMAIN,
          chainId: protocol.deployment.chainId,
          verifyingContract: protocol.addresses.PayoutDistributor,
        },
        types: EPOCH_PROPOSAL_TYPES,
        primaryType: "EpochProposal",
        message: proposal,
      });
      const compact = signatureToCompactSignature(parseSignature(signature));
      return { address: addressOf(index), compact: { r: compact.r, vs: compact.yParityAndS } };
    }),
  );
  signed.sort((a, b) => (a.address < b.address ? -1 : 1));
  return protocol.call(
    from,
    "PayoutDistributor",
    "propose",
    [proposal, signed.map((s) => s.compact)],
    dataSuffix !== undefined ? { dataSuffix } : {},
  );
}

/** The cumulative totals of a manifest, as the next epoch's `previous`. */
export function cumulativeOf(manifest: Manifest): CumulativeTotal[] {
  return manifest.leaves.map((l) => ({
    account: l.account as Address,
    token: l.token as Address,
    amount: l.cumulative,
  }));
}
