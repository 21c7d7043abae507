/**
 * Load for the indexer benchmark: many protocol transactions sent fast to a local Hardhat node (unlocked
 * accounts, JSON-RPC batches, automine off, blocks packed by gas limit and mined explicitly), generating a
 * mixed history of registrations with lineage, batch attestations, revocations and payments in two tokens.
 */
import http from "node:http";

import {
  type Abi,
  type Address,
  encodeFunctionData,
  type Hex,
  keccak256,
  maxUint256,
  numberToHex,
  stringToHex,
} from "viem";

import { ABIS, addressOf, type Protocol, ROLES } from "../test/support/protocol.ts";

type Tx = { from: Address; to: Address; data: Hex; gas: bigint };

/**
 * POSTs on a fresh connection: a kept-alive socket that the node closes between two long batches would lose
 * a batch of transactions ("other side closed"), and resending them is not safe.
 */
function post(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: "POST",
        agent: false,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

async function rpcBatch<T>(url: string, calls: { method: string; params: unknown[] }[]): Promise<T[]> {
  if (calls.length === 0) return [];
  const text = await post(url, JSON.stringify(calls.map((c, id) => ({ jsonrpc: "2.0", id, ...c }))));
  const answers = JSON.parse(text) as { id: number; result?: T; error?: { message: string } }[];
  answers.sort((a, b) => a.id - b.id);
  return answers.map((a, i) => {
    if (a.error) throw new Error(`${calls[i]!.method}: ${a.error.message}`);
    return a.result as T;
  });
}

/**
 * Sends `txs` in order and mines them, packing each block up to 90% of its gas limit. Throws if one reverts.
 * Transactions of one block must not depend on each other's success beyond nonce order.
 */
export async function sendAll(url: string, txs: readonly Tx[]): Promise<void> {
  const [latest] = await rpcBatch<{ gasLimit: Hex }>(url, [
    { method: "eth_getBlockByNumber", params: ["latest", false] },
  ]);
  const budget = (BigInt(latest!.gasLimit) * 9n) / 10n;
  await rpcBatch(url, [{ method: "evm_setAutomine", params: [false] }]);
  try {
    for (let start = 0; start < txs.length; ) {
      let gas = 0n;
      let end = start;
      while (end < txs.length && end - start < 500 && gas + txs[end]!.gas <= budget) gas += txs[end++]!.gas;
      if (end === start) end++;
      const hashes = await rpcBatch<Hex>(
        url,
        txs.slice(start, end).map((tx) => ({
          method: "eth_sendTransaction",
          params: [{ from: tx.from, to: tx.to, data: tx.data, gas: numberToHex(tx.gas) }],
        })),
      );
      for (let attempt = 0; ; attempt++) {
        await rpcBatch(url, [{ method: "evm_mine", params: [] }]);
        const receipts = await rpcBatch<{ status: Hex } | null>(
          url,
          hashes.map((h) => ({ method: "eth_getTransactionReceipt", params: [h] })),
        );
        const failed = receipts.findIndex((r) => r !== null && r.status !== "0x1");
        if (failed !== -1) throw new Error(`transaction ${hashes[failed]} reverted`);
        if (receipts.every((r) => r !== null)) break;
        if (attempt > 20) throw new Error("transactions are not being mined");
      }
      start = end;
    }
  } finally {
    await rpcBatch(url, [{ method: "evm_setAutomine", params: [true] }]);
  }
}

const call = (
  from: number,
  contract: keyof typeof ABIS,
  to: Address,
  functionName: string,
  args: readonly unknown[],
  gas: bigint,
): Tx => ({
  from: addressOf(from),
  to,
  data: encodeFunctionData({ abi: ABIS[contract] as Abi, functionName, args } as never),
  gas,
});

/** A deterministic pseudo-random sequence. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A contributor address of its own for index `i` (contributors never sign; any address will do). */
export const contributorAddress = (i: number): Address =>
  `0x${keccak256(stringToHex(`bench-contributor-${i}`)).slice(-40)}` as Address;

export type MixOptions = {
  assets: number;
  contributions: number;
  batchSize: number;
  payments: number;
  revocations: number;
  contributors: number;
};

/**
 * Generates the mix. Event counts: 2 per asset (AssetRegistered, Transfer), 1 per contribution and revocation,
 * 2 per payment (RevenuePaid, Funded).
 *
 * @returns the number of protocol events generated.
 */
export async function generateMix(
  protocol: Protocol,
  url: string,
  options: MixOptions,
  firstAssetId: bigint,
): Promise<number> {
  const next = random(42);
  const registry = protocol.addresses.AssetRegistry;
  const ledger = protocol.addresses.ContributionLedger;
  const owners = [ROLES.alice, ROLES.bob, ROLES.carol, ROLES.dave];

  const registrations: Tx[] = [];
  for (let i = 0; i < options.assets; i++) {
    const id = firstAssetId + BigInt(i);
    const parents: bigint[] = [];
    if (i > 0 && next() > 0.2) {
      const count = 1 + Math.floor(next() * 2);
      for (let p = 0; p < count; p++) {
        const candidate = id - 1n - BigInt(Math.floor(next() * Math.min(i, 20)));
        if (candidate >= firstAssetId && !parents.includes(candidate)) parents.push(candidate);
      }
    }
    registrations.push(
      call(
        owners[i % owners.length]!,
        "AssetRegistry",
        registry,
        "register",
        [keccak256(stringToHex(`bench-asset-${i}`)), `ipfs://bench/${i}`, i % 7, parents, parents.map(() => 500)],
        400_000n,
      ),
    );
  }
  await sendAll(url, registrations);

  const attestations: Tx[] = [];
  const ids: { assetId: bigint; contributor: Address; evidence: Hex }[] = [];
  for (let start = 0; start < options.contributions; start += options.batchSize) {
    const batch = [];
    for (let k = start; k < Math.min(start + options.batchSize, options.contributions); k++) {
      const assetId = firstAssetId + BigInt(Math.floor(next() * options.assets));
      const contributor = contributorAddress(Math.floor(next() * options.contributors));
      const evidence = keccak256(stringToHex(`bench-evidence-${k}`));
      ids.push({ assetId, contributor, evidence });
      batch.push({
        contributor,
        assetId,
        laborMicroUsd: BigInt(1 + Math.floor(next() * 5_000_000)),
        toolsMicroUsd: BigInt(Math.floor(next() * 100_000)),
        computeMicroUsd: 0n,
        evidenceHash: evidence,
        evidenceUri: `git:bench/${k}`,
      });
    }
    attestations.push(
      call(
        ROLES.attester,
        "ContributionLedger",
        ledger,
        "attestBatch",
        [batch],
        BigInt(batch.length) * 80_000n + 100_000n,
      ),
    );
  }
  await sendAll(url, attestations);

  const tokens = [protocol.tokens.usd, protocol.tokens.eth];
  const setup: Tx[] = tokens.flatMap((token) => [
    call(ROLES.payer, "DemoToken", token, "mint", [addressOf(ROLES.payer), 10n ** 40n], 100_000n),
    call(ROLES.payer, "DemoToken", token, "approve", [protocol.addresses.RevenueRouter, maxUint256], 100_000n),
  ]);
  await sendAll(url, setup);
  const payments: Tx[] = [];
  for (let i = 0; i < options.payments; i++) {
    const assetId = firstAssetId + BigInt(Math.floor(next() * options.assets));
    payments.push(
      call(
        ROLES.payer,
        "RevenueRouter",
        protocol.addresses.RevenueRouter,
        "pay",
        [assetId, tokens[i % 2]!, BigInt(1_000_000 + Math.floor(next() * 1e9))],
        300_000n,
      ),
    );
  }
  await sendAll(url, payments);

  const revocations: Tx[] = [];
  for (let i = 0; i < options.revocations; i++) {
    const c = ids[i * Math.floor(ids.length / options.revocations)]!;
    const id = await protocol.public.readContract({
      address: ledger,
      abi: ABIS.ContributionLedger,
      functionName: "contributionId",
      args: [c.assetId, c.contributor, c.evidence],
    });
    revocations.push(call(ROLES.attester, "ContributionLedger", ledger, "revoke", [id, "bench"], 150_000n));
  }
  await sendAll(url, revocations);
  return 2 * options.assets + options.contributions + 2 * options.payments + options.revocations;
}
