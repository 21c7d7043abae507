/**
 * Reads everything an epoch depends on from RPC logs over an exact block range: the oracle is trust-minimised,
 * so it never reads the indexer. It folds every log since the deployment, or only those after a state it is given
 * (./chainState.ts), which gives the same. Large ranges are paginated, and a range the node refuses as too large
 * is halved until it answers.
 */

import type { Deployment } from "@coherence/protocol";
import type { Address, PublicClient } from "viem";
import type { OnProgress } from "../progress/progress.ts";
import {
  CHAIN_EVENTS,
  type ChainAsset,
  type ChainContribution,
  type ChainEpoch,
  type ChainLog,
  type ChainProposal,
  type ChainRevenue,
  type ChainState,
  emptyChainState,
  foldLog,
} from "./chainState.ts";
import { ChainDataError, RpcUnavailableError } from "./errors.ts";

export type {
  ChainAsset,
  ChainContribution,
  ChainEpoch,
  ChainProposal,
  ChainRevenue,
  ChainState,
  ProposalStatus,
} from "./chainState.ts";

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
  /**
   * The state at a block before `fromBlock` (the previous epoch's last block, as its manifest committed it): only
   * the logs after it are read. Folded into, so a caller hands over one it will not use again. From the
   * deployment's first block when absent.
   */
  since?: ChainState | undefined;
};

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
  proposals: ChainProposal[];
  /** The state at `toBlock`, which the lists above are views of. */
  state: ChainState;
  /** How many logs were read (the ones after `since`, or since the deployment). */
  logsRead: number;
};

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
  const { since } = parameters;
  if (since !== undefined && since.block >= fromBlock) {
    throw new ChainDataError(`A state at block ${since.block} cannot start a read of revenue from block ${fromBlock}.`);
  }
  const state = since ?? emptyChainState(deployment);
  const logs =
    state.block < toBlock
      ? await getLogsPaginated(client, {
          address: Object.values(deployment.contracts).map((c) => c.address),
          fromBlock: state.block + 1n,
          toBlock,
          maxBlockRange: parameters.maxBlockRange ?? 10_000n,
          onProgress: parameters.onProgress,
        })
      : [];
  const revenue: ChainRevenue[] = [];
  for (const log of logs) {
    foldLog(state, log, (r) => {
      if (r.blockNumber >= fromBlock) revenue.push(r);
    });
  }
  state.block = toBlock;
  return {
    assets: [...state.assets.values()],
    contributions: [...state.contributions.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    revenue,
    epochs: [...state.epochs],
    proposals: [...state.proposals.values()].sort((a, b) => (a.epoch < b.epoch ? -1 : 1)),
    state,
    logsRead: logs.length,
  };
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
    all.push(...(await getLogsSplitting(client, from, to, (f, t) => fetchLogs(client, address, f, t))));
    onProgress?.({ phase: "reading the chain (blocks)", done: Number(to - fromBlock + 1n), total });
  }
  return all.sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex! - b.logIndex! : a.blockNumber! < b.blockNumber! ? -1 : 1,
  );
}

function fetchLogs(client: PublicClient, address: Address[], from: bigint, to: bigint): Promise<ChainLog[]> {
  return client.getLogs({ address, events: CHAIN_EVENTS, fromBlock: from, toBlock: to, strict: true });
}

/**
 * `fetch` over `from..to`, each half asked again while the node refuses a range as too large (logs in the order
 * fetched); any other failure is the node's.
 */
export async function getLogsSplitting<T>(
  client: PublicClient,
  from: bigint,
  to: bigint,
  fetch: (from: bigint, to: bigint) => Promise<T[]>,
): Promise<T[]> {
  try {
    return await fetch(from, to);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (from < to && RANGE_TOO_LARGE.test(message) && !/fetch failed|ECONNREFUSED|timed? ?out/i.test(message)) {
      const middle = from + (to - from) / 2n;
      return [
        ...(await getLogsSplitting(client, from, middle, fetch)),
        ...(await getLogsSplitting(client, middle + 1n, to, fetch)),
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
