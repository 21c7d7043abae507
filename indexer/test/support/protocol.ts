/**
 * The deployed protocol as seen from a test: viem clients on the local node, the protocol's typed ABIs,
 * Hardhat's default accounts by role, and a transaction helper that records every protocol event it caused
 * (decoded from the receipt) for the reference model.
 */

import { readFileSync } from "node:fs";
import path from "node:path";
import {
  assetRegistryAbi,
  coherenceTimelockAbi,
  contributionLedgerAbi,
  type Deployment,
  demoTokenAbi,
  networkOf,
  payoutDistributorAbi,
  revenueRouterAbi,
} from "@coherence/protocol";
import {
  type Abi,
  type Address,
  type Chain,
  type ContractEventArgsFromTopics,
  type ContractEventName,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  http,
  keccak256,
  type Log,
  type PublicClient,
  parseEventLogs,
  type TransactionReceipt,
  toHex,
  type WalletClient,
  zeroHash,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";

import { REPO_ROOT } from "../../config/env.ts";

/** Hardhat's default mnemonic: its node's accounts are these, unlocked. */
const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/** Who is who among Hardhat's default accounts (deploy/parameters/local.json fixes 0..9, 18 and 19). */
export const ROLES = {
  /** Deployed everything and holds no role: a plain sender. */
  deployer: 0,
  guardian: 1,
  oracles: [2, 3, 4, 5, 6],
  attester: 7,
  treasury: 8,
  reserve: 9,
  alice: 10,
  bob: 11,
  carol: 12,
  dave: 13,
  payer: 14,
  extraAttester: 15,
  recipient: 16,
  newOracle: 17,
  /** Signs authorship statements (the registry's `VERIFIER_ROLE`). */
  verifier: 18,
  /** Schedules privileged changes on the timelock. */
  governor: 19,
  /** Disputes pending epochs: past the node's 20 unlocked accounts, so it signs locally (funded by the scenario). */
  disputer: 20,
  /** Becomes the router's treasury for a while; never sends a transaction. */
  newTreasury: 21,
} as const;

/** Hardhat's node unlocks its first 20 accounts; later ones sign locally. */
const UNLOCKED_ACCOUNTS = 20;

/** The local account (for signing) of Hardhat default account `index`. */
export function signer(index: number) {
  return mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index });
}

/** The lower-case address of Hardhat default account `index`. */
export function addressOf(index: number): Address {
  return signer(index).address.toLowerCase() as Address;
}

export const ABIS = {
  AssetRegistry: assetRegistryAbi,
  ContributionLedger: contributionLedgerAbi,
  PayoutDistributor: payoutDistributorAbi,
  RevenueRouter: revenueRouterAbi,
  CoherenceTimelock: coherenceTimelockAbi,
  DemoToken: demoTokenAbi,
};

export type ProtocolContract =
  | "AssetRegistry"
  | "ContributionLedger"
  | "PayoutDistributor"
  | "RevenueRouter"
  | "CoherenceTimelock";
export const PROTOCOL_CONTRACTS: readonly ProtocolContract[] = [
  "AssetRegistry",
  "ContributionLedger",
  "PayoutDistributor",
  "RevenueRouter",
  "CoherenceTimelock",
];

/** One call a timelock operation makes: a protocol contract's function and its arguments. */
export type GovernedCall = { contract: ProtocolContract; functionName: string; args: readonly unknown[] };

/** A timelock operation as scheduled: its id, what it calls, and what tells it apart. */
export type ScheduledOperation = {
  id: Hex;
  targets: Address[];
  payloads: Hex[];
  predecessor: Hex;
  salt: Hex;
};

type ProtocolAbis = { [C in ProtocolContract]: (typeof ABIS)[C] };

/** One event of one protocol contract: its name and its arguments, decoded and typed from the contract's ABI. */
export type ProtocolEvent = {
  [C in ProtocolContract]: {
    [N in ContractEventName<ProtocolAbis[C]>]: {
      contract: C;
      eventName: N;
      args: ContractEventArgsFromTopics<ProtocolAbis[C], N, true>;
    };
  }[ContractEventName<ProtocolAbis[C]>];
}[ProtocolContract];

/** The arguments of event `N` of contract `C`. */
export type ProtocolEventArgs<C extends ProtocolContract, N extends ContractEventName<ProtocolAbis[C]>> = Extract<
  ProtocolEvent,
  { contract: C; eventName: N }
>["args"];

/**
 * A log decoded with `contract`'s ABI as the {@link ProtocolEvent} it is (TypeScript cannot correlate the
 * contract with the union of ABIs it indexes).
 */
function protocolEvent(contract: ProtocolContract, log: { eventName: string; args: unknown }): ProtocolEvent {
  return { contract, eventName: log.eventName, args: log.args } as ProtocolEvent;
}

/** A protocol event as the test saw it in a receipt. */
export type RecordedEvent = ProtocolEvent & {
  blockNumber: bigint;
  blockTimestamp: bigint;
  logIndex: number;
  transactionHash: Hex;
  from: Address;
  /** The function the transaction called on `to`, when it was sent by {@link Protocol.send}. */
  call?: { to: Address; functionName: string };
};

export class Protocol {
  readonly chain: Chain;
  readonly public: PublicClient;
  readonly wallet: WalletClient;
  readonly deployment: Deployment;
  readonly addresses: Record<ProtocolContract, Address>;
  readonly tokens: { usd: Address; eth: Address };
  /** Every protocol event of every transaction sent through {@link send}, in chain order. */
  events: RecordedEvent[] = [];
  readonly #byAddress: Map<string, ProtocolContract>;
  readonly #timestamps = new Map<bigint, bigint>();
  /** Makes every operation's default salt different. */
  #operations = 0;

  constructor(url: string, deployment: Deployment) {
    this.deployment = deployment;
    this.chain = networkOf(deployment.chainId, url).chain;
    this.public = createPublicClient({ chain: this.chain, transport: http(url), pollingInterval: 50 });
    this.wallet = createWalletClient({ chain: this.chain, transport: http(url) });
    this.addresses = Object.fromEntries(
      PROTOCOL_CONTRACTS.map((name) => [name, deployment.contracts[name].address.toLowerCase()]),
    ) as Record<ProtocolContract, Address>;
    this.#byAddress = new Map(PROTOCOL_CONTRACTS.map((name) => [this.addresses[name], name]));
    const token = (symbol: string) => {
      const t = deployment.tokens.find((x) => x.symbol === symbol);
      if (!t) throw new Error(`the deployment has no ${symbol}`);
      return t.address.toLowerCase() as Address;
    };
    this.tokens = { usd: token("dUSD"), eth: token("dETH") };
  }

  /**
   * Sends a transaction from Hardhat account `from` (unlocked on the node) and waits for its receipt; records
   * its protocol events. Throws when it reverts. `dataSuffix` is appended to the calldata (a manifest's CID).
   */
  async send(
    from: number,
    to: Address,
    abi: Abi,
    functionName: string,
    args: readonly unknown[],
    options: { dataSuffix?: Hex } = {},
  ): Promise<TransactionReceipt> {
    const hash = await this.wallet.writeContract({
      account: from < UNLOCKED_ACCOUNTS ? addressOf(from) : signer(from),
      address: to,
      abi,
      functionName,
      args,
      chain: this.chain,
      ...options,
    } as never);
    const receipt = await this.public.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted (tx ${hash})`);
    await this.record(receipt, { to: to.toLowerCase() as Address, functionName });
    return receipt;
  }

  /** Sends to a protocol contract by name. */
  call(
    from: number,
    contract: ProtocolContract,
    functionName: string,
    args: readonly unknown[],
    options: { dataSuffix?: Hex } = {},
  ): Promise<TransactionReceipt> {
    return this.send(from, this.addresses[contract], ABIS[contract], functionName, args, options);
  }

  /**
   * Schedules `calls` on the timelock from the governor (`schedule` for one call, `scheduleBatch` for several),
   * with the timelock's current minimum delay. The salt is a fresh one unless given (zero included).
   */
  async schedule(
    calls: readonly GovernedCall[],
    options: { salt?: Hex; predecessor?: Hex } = {},
  ): Promise<ScheduledOperation> {
    const targets = calls.map((c) => this.addresses[c.contract]);
    const payloads = calls.map(
      (c) => encodeFunctionData({ abi: ABIS[c.contract], functionName: c.functionName, args: c.args } as never) as Hex,
    );
    const predecessor = options.predecessor ?? zeroHash;
    const salt = options.salt ?? keccak256(toHex(`indexer-test:operation:${++this.#operations}`));
    const delay = await this.timelockRead<bigint>("getMinDelay", []);
    const values = calls.map(() => 0n);
    const receipt =
      calls.length === 1
        ? await this.call(ROLES.governor, "CoherenceTimelock", "schedule", [
            targets[0],
            0n,
            payloads[0],
            predecessor,
            salt,
            delay,
          ])
        : await this.call(ROLES.governor, "CoherenceTimelock", "scheduleBatch", [
            targets,
            values,
            payloads,
            predecessor,
            salt,
            delay,
          ]);
    const scheduled = parseEventLogs({ abi: coherenceTimelockAbi, logs: receipt.logs, eventName: "CallScheduled" });
    if (scheduled.length !== calls.length) throw new Error(`scheduling emitted ${scheduled.length} CallScheduled`);
    return { id: scheduled[0]!.args.id, targets, payloads, predecessor, salt };
  }

  /** Moves the clock to the operation's ready time and executes it (anyone may: `from`, the deployer by default). */
  async execute(operation: ScheduledOperation, from: number = ROLES.deployer): Promise<TransactionReceipt> {
    const readyAt = await this.timelockRead<bigint>("getTimestamp", [operation.id]);
    const now = (await this.public.getBlock()).timestamp;
    if (readyAt > now) await this.increaseTime(Number(readyAt - now));
    const { targets, payloads, predecessor, salt } = operation;
    return targets.length === 1
      ? this.call(from, "CoherenceTimelock", "execute", [targets[0], 0n, payloads[0], predecessor, salt])
      : this.call(from, "CoherenceTimelock", "executeBatch", [
          targets,
          targets.map(() => 0n),
          payloads,
          predecessor,
          salt,
        ]);
  }

  /** Cancels a scheduled operation (a guardian or a governor: `CANCELLER_ROLE`). */
  cancel(from: number, operation: ScheduledOperation): Promise<TransactionReceipt> {
    return this.call(from, "CoherenceTimelock", "cancel", [operation.id]);
  }

  /**
   * Makes a privileged call as governance does: the governor schedules it on the timelock, the clock moves past
   * the delay, and it is executed. Records the events of both transactions.
   */
  async govern(
    contract: ProtocolContract,
    functionName: string,
    args: readonly unknown[],
  ): Promise<ScheduledOperation> {
    const operation = await this.schedule([{ contract, functionName, args }]);
    await this.execute(operation);
    return operation;
  }

  /** Sends `wei` from the deployer to Hardhat account `to` (for accounts the node does not fund). */
  async fundEth(to: number, wei: bigint): Promise<void> {
    const hash = await this.wallet.sendTransaction({
      account: addressOf(ROLES.deployer),
      chain: this.chain,
      to: addressOf(to),
      value: wei,
    });
    await this.public.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  }

  /** Deploys a new demo ERC-20 from the deployer (not allowlisted: governance has to add it). */
  async deployToken(name: string, symbol: string, decimals: number): Promise<Address> {
    const artifact = JSON.parse(
      readFileSync(path.join(REPO_ROOT, "artifacts/contracts/dev/DemoToken.sol/DemoToken.json"), "utf8"),
    ) as { bytecode: Hex };
    const hash = await this.wallet.deployContract({
      account: addressOf(ROLES.deployer),
      chain: this.chain,
      abi: demoTokenAbi,
      bytecode: artifact.bytecode,
      args: [name, symbol, decimals],
    });
    const receipt = await this.public.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== "success" || !receipt.contractAddress) throw new Error(`deploying ${symbol} failed`);
    return receipt.contractAddress.toLowerCase() as Address;
  }

  timelockRead<T>(functionName: string, args: readonly unknown[]): Promise<T> {
    return this.public.readContract({
      address: this.addresses.CoherenceTimelock,
      abi: coherenceTimelockAbi,
      functionName,
      args,
    } as never) as Promise<T>;
  }

  /** Decodes and records the protocol events of a receipt. */
  async record(receipt: TransactionReceipt, call?: RecordedEvent["call"]): Promise<RecordedEvent[]> {
    const recorded: RecordedEvent[] = [];
    for (const contract of PROTOCOL_CONTRACTS) {
      const logs = receipt.logs.filter((l) => this.#byAddress.get(l.address.toLowerCase()) === contract);
      for (const log of parseEventLogs({ abi: ABIS[contract], logs: logs as Log[] })) {
        recorded.push({
          ...protocolEvent(contract, log),
          blockNumber: receipt.blockNumber,
          blockTimestamp: await this.timestampOf(receipt.blockNumber),
          logIndex: log.logIndex,
          transactionHash: receipt.transactionHash,
          from: receipt.from.toLowerCase() as Address,
          ...(call ? { call } : {}),
        });
      }
    }
    recorded.sort((a, b) => a.logIndex - b.logIndex);
    this.events.push(...recorded);
    return recorded;
  }

  /** Records the protocol events of blocks `from..to` (e.g. the deployment's), read from the node's logs. */
  async recordBlocks(fromBlock: bigint, toBlock: bigint): Promise<void> {
    const hashes = new Set<Hex>();
    for (const address of Object.values(this.addresses)) {
      const logs = await this.public.getLogs({ address, fromBlock, toBlock });
      for (const log of logs) hashes.add(log.transactionHash!);
    }
    const receipts = await Promise.all([...hashes].map((hash) => this.public.getTransactionReceipt({ hash })));
    receipts.sort((a, b) =>
      a.blockNumber === b.blockNumber
        ? a.transactionIndex - b.transactionIndex
        : a.blockNumber < b.blockNumber
          ? -1
          : 1,
    );
    for (const receipt of receipts) await this.record(receipt);
  }

  /**
   * Records the protocol events of blocks `from..to` straight from `eth_getLogs` (no receipts, no calls, block
   * timestamps left at 0): the fast path for large histories, whose consumers need no timestamps. A range whose
   * answer is too large for the client is split in halves.
   */
  async recordLogs(fromBlock: bigint, toBlock: bigint): Promise<void> {
    const recorded: RecordedEvent[] = [];
    const fetchRange = async (contract: ProtocolContract, from: bigint, to: bigint): Promise<void> => {
      let logs: Log<bigint, number, false>[];
      try {
        logs = await this.public.getLogs({ address: this.addresses[contract], fromBlock: from, toBlock: to });
      } catch (error) {
        if (from === to || !/exceeded the size limit/.test((error as Error).message)) throw error;
        const middle = (from + to) / 2n;
        await fetchRange(contract, from, middle);
        await fetchRange(contract, middle + 1n, to);
        return;
      }
      for (const log of parseEventLogs({ abi: ABIS[contract], logs })) {
        recorded.push({
          ...protocolEvent(contract, log),
          blockNumber: log.blockNumber,
          blockTimestamp: 0n,
          logIndex: log.logIndex,
          transactionHash: log.transactionHash,
          from: "0x",
        });
      }
    };
    for (const contract of PROTOCOL_CONTRACTS) await fetchRange(contract, fromBlock, toBlock);
    recorded.sort((a, b) =>
      a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
    );
    this.events.push(...recorded);
  }

  /** Forgets the events of blocks after `block` (after a revert to a snapshot). */
  forgetAfter(block: bigint): void {
    this.events = this.events.filter((e) => e.blockNumber <= block);
    for (const b of [...this.#timestamps.keys()]) if (b > block) this.#timestamps.delete(b);
  }

  async timestampOf(blockNumber: bigint): Promise<bigint> {
    let ts = this.#timestamps.get(blockNumber);
    if (ts === undefined) {
      ts = (await this.public.getBlock({ blockNumber })).timestamp;
      this.#timestamps.set(blockNumber, ts);
    }
    return ts;
  }

  async blockNumber(): Promise<bigint> {
    return this.public.getBlockNumber({ cacheTime: 0 });
  }

  /** `evm_increaseTime` then one mined block. */
  async increaseTime(seconds: number): Promise<void> {
    await this.public.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
    await this.public.request({ method: "evm_mine" as never, params: [] as never });
  }
}
