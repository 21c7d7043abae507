/**
 * What the chain's logs add up to at a block: the assets with their lineage and rate cards, the contributions
 * attested and not revoked, and every proposal with what became of it. An epoch needs all of it from deployment
 * on, but only its own range's revenue, so a state at the previous epoch's last block plus the logs after it give
 * exactly what reading every log since deployment gives (`readChain`). Folding is pure: the same logs in chain
 * order give the same state, whether folded in one pass or resumed from a saved state (./chainStateFile.ts).
 */

import {
  assetRegistryAbi,
  contributionLedgerAbi,
  type Deployment,
  payoutDistributorAbi,
  revenueRouterAbi,
} from "@coherence/protocol";
import type { Address, GetLogsReturnType, Hex } from "viem";
import { ChainDataError } from "./errors.ts";

/** An asset as registered, with its lineage: the one it has at `toBlock` (a reclaim by its author resets it). */
export type ChainAsset = {
  id: bigint;
  /** Who registered it, or the verified author who reclaimed it. */
  owner: Address;
  contentHash: Hex;
  kind: number;
  uri: string;
  parents: { assetId: bigint; weightBps: number }[];
  upstreamShareBps: number;
  /** The rate card its owner publishes at `toBlock` (`AssetRegistry.setRateCard`), or null. */
  rateCardHash: Hex | null;
  blockNumber: bigint;
};

/** An attested contribution that was not revoked by the end of the range. */
export type ChainContribution = {
  id: Hex;
  assetId: bigint;
  contributor: Address;
  attester: Address;
  laborMicroUsd: bigint;
  toolsMicroUsd: bigint;
  computeMicroUsd: bigint;
  evidenceHash: Hex;
  evidenceUri: string;
  /** The rate card the asset's owner published when this was attested, or null: costs are checked against it. */
  rateCardHash: Hex | null;
  blockNumber: bigint;
  logIndex: number;
};

/** A revenue payment and its split. */
export type ChainRevenue = {
  assetId: bigint;
  token: Address;
  payer: Address;
  amount: bigint;
  fee: bigint;
  reserve: bigint;
  pool: bigint;
  blockNumber: bigint;
  logIndex: number;
  transactionHash: Hex;
};

/** A finalised epoch with the data it was proposed with. */
export type ChainEpoch = {
  epoch: bigint;
  proposalHash: Hex;
  fromBlock: bigint;
  toBlock: bigint;
  payoutRoot: Hex;
  scoresRoot: Hex;
  manifestHash: Hex;
  tokens: Address[];
  totals: bigint[];
  signers: Address[];
};

/** Where a proposal ended up: revoked when finalised and later revoked by governance. */
export type ProposalStatus = "pending" | "vetoed" | "finalised" | "revoked";

export type ChainProposal = ChainEpoch & { status: ProposalStatus };

/** The logs folded up to and including `block`. Maps keep the order entries were first added in. */
export type ChainState = {
  block: bigint;
  assets: Map<bigint, ChainAsset>;
  contributions: Map<Hex, ChainContribution>;
  /** By proposal hash. */
  proposals: Map<Hex, ChainProposal>;
  /** Epochs finalised and not revoked, in the order they were finalised. */
  epochs: ChainEpoch[];
};

/** The events a state is folded from. */
export const CHAIN_EVENTS = [
  ...assetRegistryAbi.filter(
    (item) =>
      item.type === "event" &&
      (item.name === "AssetRegistered" ||
        item.name === "AuthorshipVerified" ||
        item.name === "LineageReset" ||
        item.name === "RateCardSet"),
  ),
  ...contributionLedgerAbi.filter(
    (item) => item.type === "event" && (item.name === "ContributionAttested" || item.name === "ContributionRevoked"),
  ),
  ...revenueRouterAbi.filter((item) => item.type === "event" && item.name === "RevenuePaid"),
  ...payoutDistributorAbi.filter(
    (item) =>
      item.type === "event" &&
      (item.name === "EpochProposed" ||
        item.name === "EpochFinalised" ||
        item.name === "EpochVetoed" ||
        item.name === "FinalisedRootRevoked"),
  ),
];

/** One decoded log of {@link CHAIN_EVENTS}. */
export type ChainLog = GetLogsReturnType<undefined, typeof CHAIN_EVENTS, true, bigint, bigint>[number];

/** The first block any of the deployment's contracts has logs in. */
export function deploymentBlock(deployment: Deployment): bigint {
  return BigInt(Math.min(...Object.values(deployment.contracts).map((c) => c.startBlock)));
}

/** The state before the deployment's first block: nothing registered, attested or proposed. */
export function emptyChainState(deployment: Deployment): ChainState {
  return {
    block: deploymentBlock(deployment) - 1n,
    assets: new Map(),
    contributions: new Map(),
    proposals: new Map(),
    epochs: [],
  };
}

/**
 * Folds one log into `state` (logs in chain order); a revenue payment is handed to `onRevenue` rather than kept,
 * since an epoch counts only its own range's.
 */
export function foldLog(state: ChainState, log: ChainLog, onRevenue: (revenue: ChainRevenue) => void): void {
  const { assets, contributions, proposals, epochs } = state;
  const at = { blockNumber: log.blockNumber, logIndex: log.logIndex };
  switch (log.eventName) {
    case "AssetRegistered": {
      const a = log.args;
      assets.set(a.assetId, {
        id: a.assetId,
        owner: a.owner,
        contentHash: a.contentHash,
        kind: a.kind,
        uri: a.uri,
        parents: parentsOf(a.parents, a.parentWeightsBps),
        upstreamShareBps: a.upstreamShareBps,
        rateCardHash: null,
        blockNumber: at.blockNumber,
      });
      break;
    }
    case "RateCardSet": {
      const hash = log.args.rateCardHash;
      assetAt(assets, log.args.assetId).rateCardHash = /^0x0{64}$/.test(hash) ? null : hash;
      break;
    }
    // A verified author's reclaim: its lineage flows the revenue of the epoch it falls in and of every later one;
    // epochs computed before it keep the lineage they were computed (and audited) with.
    case "AuthorshipVerified":
      assetAt(assets, log.args.assetId).owner = log.args.author;
      break;
    case "LineageReset": {
      const asset = assetAt(assets, log.args.assetId);
      asset.parents = parentsOf(log.args.parents, log.args.parentWeightsBps);
      asset.upstreamShareBps = log.args.upstreamShareBps;
      break;
    }
    case "ContributionAttested": {
      const a = log.args;
      contributions.set(a.id, {
        id: a.id,
        assetId: a.assetId,
        contributor: a.contributor,
        attester: a.attester,
        laborMicroUsd: a.laborMicroUsd,
        toolsMicroUsd: a.toolsMicroUsd,
        computeMicroUsd: a.computeMicroUsd,
        evidenceHash: a.evidenceHash,
        evidenceUri: a.evidenceUri,
        rateCardHash: assetAt(assets, a.assetId).rateCardHash,
        ...at,
      });
      break;
    }
    case "ContributionRevoked":
      contributions.delete(log.args.id);
      break;
    case "RevenuePaid": {
      const a = log.args;
      onRevenue({
        assetId: a.assetId,
        token: a.token,
        payer: a.payer,
        amount: a.amount,
        fee: a.fee,
        reserve: a.reserve,
        pool: a.pool,
        ...at,
        transactionHash: log.transactionHash,
      });
      break;
    }
    case "EpochProposed": {
      proposals.set(
        log.args.proposalHash,
        proposalOf(log.args.proposal, log.args.signers, log.args.proposalHash, "pending"),
      );
      break;
    }
    case "EpochVetoed": {
      const proposal = proposals.get(log.args.proposalHash);
      if (proposal !== undefined) proposal.status = "vetoed";
      break;
    }
    case "EpochFinalised": {
      const proposal = proposals.get(log.args.proposalHash);
      if (proposal === undefined) {
        throw new ChainDataError(`Epoch ${log.args.epoch} was finalised without a proposal in the logs.`, {
          details: `proposal hash ${log.args.proposalHash} at block ${at.blockNumber}`,
        });
      }
      proposal.status = "finalised";
      epochs.push(epochOf(proposal));
      break;
    }
    // Governance took claims back to an earlier epoch: the later ones no longer count, and the next epoch
    // covers their blocks again.
    case "FinalisedRootRevoked": {
      const restored = log.args.restoredEpoch;
      for (const proposal of proposals.values()) {
        if (proposal.status === "finalised" && proposal.epoch > restored) proposal.status = "revoked";
      }
      const firstRevoked = epochs.findIndex((e) => e.epoch > restored);
      if (firstRevoked !== -1) epochs.splice(firstRevoked);
      break;
    }
  }
}

/** What a proposal proposes: the fields of the proposal struct the distributor emits. */
type ProposedEpoch = Pick<
  ChainEpoch,
  "epoch" | "fromBlock" | "toBlock" | "payoutRoot" | "scoresRoot" | "manifestHash"
> & {
  tokens: readonly Address[];
  totals: readonly bigint[];
};

/** The proposal `proposed` signed by `signers`: one field order for the fold and for a state read from its file. */
export function proposalOf(
  proposed: ProposedEpoch,
  signers: readonly Address[],
  proposalHash: Hex,
  status: ProposalStatus,
): ChainProposal {
  return {
    epoch: proposed.epoch,
    fromBlock: proposed.fromBlock,
    toBlock: proposed.toBlock,
    payoutRoot: proposed.payoutRoot,
    scoresRoot: proposed.scoresRoot,
    manifestHash: proposed.manifestHash,
    tokens: [...proposed.tokens],
    totals: [...proposed.totals],
    signers: [...signers],
    proposalHash,
    status,
  };
}

/** A proposal without its status: the epoch it finalised. */
export function epochOf(proposal: ChainProposal): ChainEpoch {
  const { status: _, ...epoch } = proposal;
  return epoch;
}

function parentsOf(parents: readonly bigint[], weightsBps: readonly number[]): ChainAsset["parents"] {
  return parents.map((assetId, i) => ({ assetId, weightBps: weightsBps[i]! }));
}

/** The asset an event refers to: the registry emits nothing about an asset before registering it. */
function assetAt(assets: Map<bigint, ChainAsset>, assetId: bigint): ChainAsset {
  const asset = assets.get(assetId);
  if (asset === undefined) throw new ChainDataError(`Asset ${assetId} changed before it was registered.`);
  return asset;
}
