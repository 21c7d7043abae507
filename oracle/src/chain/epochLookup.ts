/**
 * One epoch's proposal and what became of it, from the distributor's own logs filtered by the epoch's number (its
 * `EpochFinalised`, `EpochVetoed` and `EpochExpired` index it) and by its proposal hash, and from the distributor's
 * views: a handful of requests returning that epoch's few logs, however many logs the chain holds. Its answers are
 * what folding every log since deployment gives (./chainState.ts), as of one block: `ccn verify`, `ccn slice cut`
 * and `ccn audit` find their epoch this way, and only the audit's range read (and `--full`) reads more.
 *
 * A node that refuses a range from the deployment as too large is asked again in halves (as `readChain` is): still
 * filtered, so what comes back stays the epoch's own logs.
 */

import { type Deployment, payoutDistributorAbi } from "@coherence/protocol";
import {
  encodeEventTopics,
  formatLog,
  type Hex,
  type Log,
  numberToHex,
  type PublicClient,
  parseEventLogs,
  type RpcLog,
} from "viem";
import { type ChainEpoch, type ChainProposal, epochOf, proposalOf } from "./chainState.ts";
import { ChainDataError } from "./errors.ts";
import { getLogsSplitting } from "./readChain.ts";

export type EpochLookupParameters = {
  client: PublicClient;
  deployment: Deployment;
  /** Everything is read as of this block. */
  blockNumber: bigint;
};

export type EpochLookup = {
  /** Epoch `epoch`'s proposal and its status, or undefined if it was never proposed. */
  proposal: (epoch: bigint) => Promise<ChainProposal | undefined>;
  /** The latest epoch below `epoch` that is finalised and not revoked. */
  finalisedBefore: (epoch: bigint) => Promise<ChainEpoch | undefined>;
  /** The latest epoch finalised and not revoked: the one claims are checked against. */
  latestFinalised: () => Promise<ChainEpoch | undefined>;
  /** Every proposal, whatever became of it, ascending by epoch (one request for the distributor's proposals). */
  proposals: () => Promise<ChainEpoch[]>;
};

type FateEvent = "EpochFinalised" | "EpochVetoed" | "EpochExpired";
const FATE_EVENTS: readonly FateEvent[] = ["EpochFinalised", "EpochVetoed", "EpochExpired"];
/** How a proposal ended, and where. */
type Fate = { event: FateEvent; proposalHash: Hex; at: Position };

/**
 * @example
 * const epochs = epochLookup({ client, deployment, blockNumber: await client.getBlockNumber() });
 * const proposal = await epochs.proposal(3n); // status "finalised", "vetoed", "pending" or "revoked"
 */
export function epochLookup(parameters: EpochLookupParameters): EpochLookup {
  const { client, deployment, blockNumber } = parameters;
  const distributor = deployment.contracts.PayoutDistributor.address;
  const firstBlock = BigInt(deployment.contracts.PayoutDistributor.startBlock);

  /** The distributor's logs matching `topics` in `from..to`, decoded, in chain order. */
  const logs = async (topics: (Hex | Hex[] | null)[], from: bigint, to: bigint) => {
    const raw = await getLogsSplitting(
      client,
      from,
      to,
      (f, t) =>
        client.request({
          method: "eth_getLogs",
          params: [{ address: distributor, topics, fromBlock: numberToHex(f), toBlock: numberToHex(t) }],
        }) as Promise<RpcLog[]>,
    );
    return parseEventLogs({ abi: payoutDistributorAbi, logs: raw.map((log) => formatLog(log)), strict: true });
  };
  const topicsOf = (eventName: FateEvent | "EpochProposed" | "FinalisedRootRevoked", args?: object) =>
    encodeEventTopics({ abi: payoutDistributorAbi, eventName, args } as Parameters<typeof encodeEventTopics>[0]);
  const view = <F extends "pendingProposal" | "finalisedEpoch">(functionName: F) =>
    client.readContract({ address: distributor, abi: payoutDistributorAbi, functionName, blockNumber });

  // Revocations are governance's rare acts: all of them, read once.
  let revocations: Promise<{ restoredEpoch: bigint; at: Position }[]> | undefined;
  const revocationsOnce = () => {
    revocations ??= logs(topicsOf("FinalisedRootRevoked"), firstBlock, blockNumber).then((found) =>
      found.flatMap((log) =>
        log.eventName === "FinalisedRootRevoked"
          ? [{ restoredEpoch: log.args.restoredEpoch, at: positionOf(log) }]
          : [],
      ),
    );
    return revocations;
  };

  /** How the epoch's proposal ended (finalised, vetoed, expired), with its hash; undefined while none did. */
  const fateOf = async (epoch: bigint): Promise<Fate | undefined> => {
    const [epochTopic] = topicsOf("EpochFinalised", { epoch }).slice(1);
    const found = await logs([FATE_EVENTS.map((event) => topicsOf(event)[0]!), epochTopic!], firstBlock, blockNumber);
    const log = found[0];
    if (log === undefined) return undefined;
    if (log.eventName !== "EpochFinalised" && log.eventName !== "EpochVetoed" && log.eventName !== "EpochExpired")
      throw new ChainDataError(`The distributor's ${log.eventName} log was returned for epoch ${epoch}'s outcome.`);
    return { event: log.eventName, proposalHash: log.args.proposalHash, at: positionOf(log) };
  };

  /** Whether a revocation after `at` took claims back below `epoch`. */
  const revokedAfter = async (epoch: bigint, at: Position) =>
    (await revocationsOnce()).some((r) => r.restoredEpoch < epoch && isAfter(r.at, at));

  const proposedWith = async (proposalHash: Hex, toBlock: bigint) => {
    const [log] = await logs(topicsOf("EpochProposed", { proposalHash }), firstBlock, toBlock);
    return log?.eventName === "EpochProposed" ? log.args : undefined;
  };

  /** Epoch `epoch`'s proposal, given how it ended (undefined: it did not yet, or it was never proposed). */
  const proposalOfFate = async (epoch: bigint, fate: Fate | undefined): Promise<ChainProposal | undefined> => {
    let proposalHash: Hex;
    if (fate !== undefined) proposalHash = fate.proposalHash;
    else {
      const [pendingEpoch, pendingHash] = await view("pendingProposal");
      if (pendingEpoch !== epoch || pendingEpoch === 0n) return undefined;
      proposalHash = pendingHash;
    }
    const proposed = await proposedWith(proposalHash, fate?.at.blockNumber ?? blockNumber);
    if (proposed === undefined) {
      if (fate?.event !== "EpochFinalised") return undefined;
      throw new ChainDataError(`Epoch ${epoch} was finalised without a proposal in the logs.`, {
        details: `proposal hash ${proposalHash} at block ${fate.at.blockNumber}`,
      });
    }
    // An expired proposal is still "pending" to the fold of every log, which does not read `EpochExpired`.
    const status =
      fate?.event === "EpochFinalised"
        ? (await revokedAfter(epoch, fate.at))
          ? "revoked"
          : "finalised"
        : fate?.event === "EpochVetoed"
          ? "vetoed"
          : "pending";
    return proposalOf(proposed.proposal, proposed.signers, proposalHash, status);
  };

  const finalisedBefore = async (epoch: bigint): Promise<ChainEpoch | undefined> => {
    // Epoch numbers are used once each, in order: the previous finalised one is the first found walking down, and
    // a vetoed or revoked number costs one request.
    for (let k = epoch - 1n; k > 0n; --k) {
      const fate = await fateOf(k);
      if (fate?.event !== "EpochFinalised" || (await revokedAfter(k, fate.at))) continue;
      const found = await proposalOfFate(k, fate);
      if (found !== undefined) return epochOf(found);
    }
    return undefined;
  };

  return {
    proposal: async (epoch) => proposalOfFate(epoch, await fateOf(epoch)),
    finalisedBefore,
    // No epoch above the distributor's finalised one stands: a revocation lowers it, a finalisation raises it.
    latestFinalised: async () => finalisedBefore((await view("finalisedEpoch"))[0] + 1n),
    proposals: async () => {
      const found = await logs(topicsOf("EpochProposed"), firstBlock, blockNumber);
      return found
        .flatMap((log) =>
          log.eventName === "EpochProposed"
            ? [epochOf(proposalOf(log.args.proposal, log.args.signers, log.args.proposalHash, "pending"))]
            : [],
        )
        .sort((a, b) => (a.epoch < b.epoch ? -1 : 1));
    },
  };
}

type Position = { blockNumber: bigint; logIndex: number };

function positionOf(log: Log<bigint, number, false>): Position {
  return { blockNumber: log.blockNumber, logIndex: log.logIndex };
}

function isAfter(a: Position, b: Position): boolean {
  return a.blockNumber !== b.blockNumber ? a.blockNumber > b.blockNumber : a.logIndex > b.logIndex;
}
