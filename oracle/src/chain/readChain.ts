/**
 * Reads everything an epoch depends on from RPC logs over an exact block range: the oracle is trust-minimised,
 * so it never reads the indexer. Large ranges are paginated, and a range the node refuses as too large is
 * halved until it answers.
 */

import {
  assetRegistryAbi,
  contributionLedgerAbi,
  type Deployment,
  payoutDistributorAbi,
  revenueRouterAbi,
} from "@coherence/protocol";
import type { Address, Hex, PublicClient } from "viem";
import type { OnProgress } from "../progress/progress.ts";
import { ChainDataError, RpcUnavailableError } from "./errors.ts";

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

export type ReadChainParameters = {
  client: PublicClient;
  deployment: Deployment;
  /** Revenue is read from this block on (the epoch's first block). */
  fromBlock: bigint;
  /** Everything is read up to and including this block. */
  toBlock: bigint;
  /** The widest block range asked of the node in one request. */
  maxBlockRange?: bigint;
  /** Told the blocks read so far, of all the range's, after each request. */
  onProgress?: OnProgress | undefined;
};

/** Where a proposal ended up: revoked when finalised and later revoked by governance. */
export type ProposalStatus = "pending" | "vetoed" | "finalised" | "revoked";

export type ReadChainReturnType = {
  /** Every asset registered up to `toBlock`, by id. */
  assets: ChainAsset[];
  /** Every contribution attested and not revoked up to `toBlock`, by id. */
  contributions: ChainContribution[];
  /** Revenue paid in `[fromBlock, toBlock]`, in chain order. */
  revenue: ChainRevenue[];
  /** Epochs finalised up to `toBlock` and not revoked since, ascending. */
  epochs: ChainEpoch[];
  /** Every proposal made up to `toBlock` (pending, vetoed or finalised), ascending by epoch. */
  proposals: (ChainEpoch & { status: ProposalStatus })[];
};

const EVENTS = [
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

/**
 * Reads assets, contributions (minus revocations), revenue and finalised epochs from the chain's logs.
 *
 * @example
 * const chain = await readChain({ client, deployment, fromBlock: 101n, toBlock: 200n });
 * chain.revenue.filter((r) => r.assetId === 1n);
 */
export async function readChain(parameters: ReadChainParameters): Promise<ReadChainReturnType> {
  const { client, deployment, fromBlock, toBlock } = parameters;
  if (fromBlock > toBlock) throw new ChainDataError(`The block range ${fromBlock}..${toBlock} is empty.`);
  const contracts = deployment.contracts;
  const start = BigInt(Math.min(...Object.values(contracts).map((c) => c.startBlock)));
  const logs = await getLogsPaginated(client, {
    address: Object.values(contracts).map((c) => c.address),
    fromBlock: start,
    toBlock,
    maxBlockRange: parameters.maxBlockRange ?? 10_000n,
    onProgress: parameters.onProgress,
  });

  const assets = new Map<bigint, ChainAsset>();
  const attested = new Map<Hex, ChainContribution>();
  const revenue: ChainRevenue[] = [];
  const proposals = new Map<Hex, ChainEpoch & { status: ProposalStatus }>();
  const epochs: ChainEpoch[] = [];
  for (const log of logs) {
    const at = { blockNumber: log.blockNumber!, logIndex: log.logIndex! };
    switch (log.eventName) {
      case "AssetRegistered": {
        const a = log.args;
        assets.set(a.assetId!, {
          id: a.assetId!,
          owner: a.owner!,
          contentHash: a.contentHash!,
          kind: a.kind!,
          uri: a.uri!,
          parents: parentsOf(a.parents!, a.parentWeightsBps!),
          upstreamShareBps: a.upstreamShareBps!,
          rateCardHash: null,
          blockNumber: at.blockNumber,
        });
        break;
      }
      case "RateCardSet": {
        const hash = log.args.rateCardHash!;
        assetAt(assets, log.args.assetId!).rateCardHash = /^0x0{64}$/.test(hash) ? null : hash;
        break;
      }
      // A verified author's reclaim: its lineage flows the revenue of the epoch it falls in and of every later one;
      // epochs computed before it keep the lineage they were computed (and audited) with.
      case "AuthorshipVerified":
        assetAt(assets, log.args.assetId!).owner = log.args.author!;
        break;
      case "LineageReset": {
        const asset = assetAt(assets, log.args.assetId!);
        asset.parents = parentsOf(log.args.parents!, log.args.parentWeightsBps!);
        asset.upstreamShareBps = log.args.upstreamShareBps!;
        break;
      }
      case "ContributionAttested": {
        const a = log.args;
        attested.set(a.id!, {
          id: a.id!,
          assetId: a.assetId!,
          contributor: a.contributor!,
          attester: a.attester!,
          laborMicroUsd: a.laborMicroUsd!,
          toolsMicroUsd: a.toolsMicroUsd!,
          computeMicroUsd: a.computeMicroUsd!,
          evidenceHash: a.evidenceHash!,
          evidenceUri: a.evidenceUri!,
          rateCardHash: assetAt(assets, a.assetId!).rateCardHash,
          ...at,
        });
        break;
      }
      case "ContributionRevoked":
        attested.delete(log.args.id!);
        break;
      case "RevenuePaid": {
        if (at.blockNumber < fromBlock) break;
        const a = log.args;
        revenue.push({
          assetId: a.assetId!,
          token: a.token!,
          payer: a.payer!,
          amount: a.amount!,
          fee: a.fee!,
          reserve: a.reserve!,
          pool: a.pool!,
          ...at,
          transactionHash: log.transactionHash!,
        });
        break;
      }
      case "EpochProposed": {
        const p = log.args.proposal!;
        proposals.set(log.args.proposalHash!, {
          epoch: p.epoch,
          fromBlock: p.fromBlock,
          toBlock: p.toBlock,
          payoutRoot: p.payoutRoot,
          scoresRoot: p.scoresRoot,
          manifestHash: p.manifestHash,
          tokens: [...p.tokens],
          totals: [...p.totals],
          signers: [...log.args.signers!],
          proposalHash: log.args.proposalHash!,
          status: "pending",
        });
        break;
      }
      case "EpochVetoed": {
        const proposal = proposals.get(log.args.proposalHash!);
        if (proposal !== undefined) proposal.status = "vetoed";
        break;
      }
      case "EpochFinalised": {
        const proposal = proposals.get(log.args.proposalHash!);
        if (proposal === undefined) {
          throw new ChainDataError(`Epoch ${log.args.epoch} was finalised without a proposal in the logs.`, {
            details: `proposal hash ${log.args.proposalHash} at block ${at.blockNumber}`,
          });
        }
        proposal.status = "finalised";
        const { status: _, ...epoch } = proposal;
        epochs.push(epoch);
        break;
      }
      // Governance took claims back to an earlier epoch: the later ones no longer count, and the next epoch
      // covers their blocks again.
      case "FinalisedRootRevoked": {
        const restored = log.args.restoredEpoch!;
        for (const proposal of proposals.values()) {
          if (proposal.status === "finalised" && proposal.epoch > restored) proposal.status = "revoked";
        }
        const firstRevoked = epochs.findIndex((e) => e.epoch > restored);
        if (firstRevoked !== -1) epochs.splice(firstRevoked);
        break;
      }
    }
  }
  return {
    assets: [...assets.values()],
    contributions: [...attested.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    revenue,
    epochs,
    proposals: [...proposals.values()].sort((a, b) => (a.epoch < b.epoch ? -1 : 1)),
  };
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

/** Messages nodes use to refuse a range as too large or too many results (geth, erigon, Alchemy, Infura…). */
const RANGE_TOO_LARGE = /range|too many|more than|limit exceeded|response size|-32005|exceed/i;

type PaginationParameters = {
  address: Address[];
  fromBlock: bigint;
  toBlock: bigint;
  maxBlockRange: bigint;
  onProgress?: OnProgress | undefined;
};

/** Fetches decoded logs in chain order, `maxBlockRange` blocks at a time, halving a range the node refuses. */
async function getLogsPaginated(client: PublicClient, parameters: PaginationParameters) {
  const { address, fromBlock, toBlock, maxBlockRange, onProgress } = parameters;
  const all = [];
  const total = Number(toBlock - fromBlock + 1n);
  onProgress?.({ phase: "reading the chain (blocks)", done: 0, total });
  for (let from = fromBlock; from <= toBlock; from += maxBlockRange) {
    const to = from + maxBlockRange - 1n < toBlock ? from + maxBlockRange - 1n : toBlock;
    all.push(...(await getLogsSplitting(client, address, from, to)));
    onProgress?.({ phase: "reading the chain (blocks)", done: Number(to - fromBlock + 1n), total });
  }
  return all.sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex! - b.logIndex! : a.blockNumber! < b.blockNumber! ? -1 : 1,
  );
}

type EventLogs = Awaited<ReturnType<typeof fetchLogs>>;

function fetchLogs(client: PublicClient, address: Address[], from: bigint, to: bigint) {
  return client.getLogs({ address, events: EVENTS, fromBlock: from, toBlock: to, strict: true });
}

async function getLogsSplitting(
  client: PublicClient,
  address: Address[],
  from: bigint,
  to: bigint,
): Promise<EventLogs> {
  try {
    return await fetchLogs(client, address, from, to);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (from < to && RANGE_TOO_LARGE.test(message) && !/fetch failed|ECONNREFUSED|timed? ?out/i.test(message)) {
      const middle = from + (to - from) / 2n;
      return [
        ...(await getLogsSplitting(client, address, from, middle)),
        ...(await getLogsSplitting(client, address, middle + 1n, to)),
      ];
    }
    throw new RpcUnavailableError(rpcUrlOf(client), `reading logs of blocks ${from}..${to}`, { cause: error });
  }
}

/** The URL of the client's HTTP transport, for error messages. */
export function rpcUrlOf(client: PublicClient): string {
  const transport = client.transport as { url?: string };
  return transport.url ?? "(the configured RPC)";
}
