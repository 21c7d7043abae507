/**
 * The relayer: pending contributions to the ledger, in batches. When the sending key is the attester's, a batch
 * is `attestBatch`; when a relayer sends for the attester, the attester signs the batch (EIP-712
 * `AttestContributions`) and the relayer sends `attestWithSig`, so the attester key never pays gas.
 *
 * Exactly once, across a `kill -9` anywhere: the ledger refuses a second attestation of an (asset, contributor,
 * evidence) id, and a batch is all or nothing, so before each batch every contribution's status is read and
 * those already attested are recorded, not sent. The transaction is signed here and its hash recorded before it
 * is sent: after a restart the relayer waits for that transaction, or sees it was never sent, instead of sending
 * the batch a second time.
 */
import {
  ATTEST_CONTRIBUTIONS_TYPES,
  ATTESTER_STATUSES,
  assetRegistryAbi,
  CONTRIBUTION_STATUSES,
  contributionLedgerAbi,
  type Deployment,
  LEDGER_DOMAIN,
} from "@coherence/protocol";
import { CallRefusedError } from "@coherence/protocol/actions";
import {
  type Address,
  type ContractFunctionArgs,
  ContractFunctionRevertedError,
  encodeFunctionData,
  type Hex,
  keccak256,
  type LocalAccount,
  type PublicClient,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  BaseError as ViemError,
  type WalletClient,
} from "viem";

import { forgeHostOf } from "../links/forgeLink.ts";
import type { Contribution, IntakeStore, Refusal } from "../store/intakeStore.ts";

export type RelayerParameters = {
  store: IntakeStore;
  client: PublicClient;
  deployment: Deployment;
  /** The attester whose role attests. */
  attester: LocalAccount;
  /** Sends the batches; its account is the attester's, or a relayer's that sends the attester's signature. */
  sender: WalletClient;
  batchSize: number;
  /** How long an attester's batch signature is valid, in seconds of chain time. */
  signatureSeconds: number;
  now: () => number;
};

export type RelayResult = { attested: number; refused: number };

const ledgerOf = (deployment: Deployment) =>
  ({ address: deployment.contracts.ContributionLedger.address, abi: contributionLedgerAbi }) as const;

/** The transaction of an attestation made outside this batch (another run, another relayer), from its event. */
async function attestingTransaction(p: RelayerParameters, id: Hex): Promise<Hex | undefined> {
  const events = await p.client.getContractEvents({
    ...ledgerOf(p.deployment),
    eventName: "ContributionAttested",
    args: { id },
    fromBlock: BigInt(p.deployment.contracts.ContributionLedger.startBlock),
  });
  return events.at(-1)?.transactionHash ?? undefined;
}

/** Records what the chain already decided about `ids` and returns the ids still to attest. */
async function settle(p: RelayerParameters, contributions: readonly Contribution[], result: RelayResult) {
  const ledger = ledgerOf(p.deployment);
  const registry = { address: p.deployment.contracts.AssetRegistry.address, abi: assetRegistryAbi } as const;
  // Read all at once: a batch's statuses cost one round trip, not one per contribution.
  const looked = await Promise.all(
    contributions.map(async (c) => ({
      c,
      status: CONTRIBUTION_STATUSES[await p.client.readContract({ ...ledger, functionName: "statusOf", args: [c.id] })],
      allowance:
        ATTESTER_STATUSES[
          await p.client.readContract({
            ...registry,
            functionName: "attesterStatus",
            args: [c.assetId, p.attester.address],
          })
        ],
    })),
  );
  const open: Contribution[] = [];
  for (const { c, status, allowance } of looked) {
    const refuse = async (code: string, reason: string) => {
      const host = forgeHostOf(c.repository);
      const refusal: Refusal = { deliveryId: c.deliveryId, stage: "relay", code, subject: c.id, reason, host };
      await p.store.markRefused([c.id], refusal, p.now());
      result.refused++;
    };
    if (status === "Attested") {
      await p.store.markAttested([c.id], await attestingTransaction(p, c.id));
      result.attested++;
    } else if (status === "Struck") {
      await refuse("struck", `contribution ${c.id} was struck by governance, for good`);
    } else if (allowance !== "Allowed") {
      await refuse(
        "attester-not-allowed",
        allowance === "UnknownAsset"
          ? `asset ${c.assetId} is not registered`
          : `asset ${c.assetId}'s owner does not take attestations from ${p.attester.address}`,
      );
    } else {
      open.push(c);
    }
  }
  return open;
}

type AttestCall =
  | {
      functionName: "attestBatch";
      args: ContractFunctionArgs<typeof contributionLedgerAbi, "nonpayable", "attestBatch">;
    }
  | {
      functionName: "attestWithSig";
      args: ContractFunctionArgs<typeof contributionLedgerAbi, "nonpayable", "attestWithSig">;
    };

/** The call that attests `batch`: `attestBatch` from the attester, or `attestWithSig` with its signature. */
async function attestCall(p: RelayerParameters, batch: readonly Contribution[]): Promise<AttestCall> {
  // Grouped by asset: the ledger asks the registry once per run of one asset's items, so a batch of several
  // repositories' work pays for each asset's check once. The order within a batch is the intake's to choose.
  const byAsset = [...batch].sort((a, b) => (a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : 0));
  const contributions = byAsset.map((c) => ({
    contributor: c.contributor,
    assetId: c.assetId,
    laborMicroUsd: c.laborMicroUsd,
    toolsMicroUsd: c.toolsMicroUsd,
    computeMicroUsd: c.computeMicroUsd,
    evidenceHash: c.evidenceHash,
    evidenceUri: c.evidenceUri,
  }));
  const sender = p.sender.account!.address;
  if (sender.toLowerCase() === p.attester.address.toLowerCase())
    return { functionName: "attestBatch", args: [contributions] };
  const ledger = ledgerOf(p.deployment);
  const [nonce, block] = await Promise.all([
    p.client.readContract({ ...ledger, functionName: "nonces", args: [p.attester.address] }),
    p.client.getBlock(),
  ]);
  const deadline = block.timestamp + BigInt(p.signatureSeconds);
  const signature = await p.attester.signTypedData({
    domain: { ...LEDGER_DOMAIN, chainId: p.deployment.chainId, verifyingContract: ledger.address },
    types: ATTEST_CONTRIBUTIONS_TYPES,
    primaryType: "AttestContributions",
    message: { contributions, attester: p.attester.address, nonce, deadline },
  });
  return { functionName: "attestWithSig", args: [contributions, p.attester.address, deadline, signature] };
}

/** The receipt of a recorded transaction, `"unknown"` if no node has it (never sent, or dropped). */
async function receiptOf(client: PublicClient, hash: Hex) {
  try {
    return await client.getTransactionReceipt({ hash });
  } catch (error) {
    if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
  }
  try {
    await client.getTransaction({ hash });
  } catch (error) {
    if (error instanceof TransactionNotFoundError) return "unknown" as const;
    throw error;
  }
  return client.waitForTransactionReceipt({ hash });
}

/** Resolves a batch whose transaction was recorded: attested if it was mined, else back to pending. */
async function resolveSent(p: RelayerParameters, hash: Hex, ids: readonly Hex[], result: RelayResult): Promise<void> {
  const receipt = await receiptOf(p.client, hash);
  if (receipt !== "unknown" && receipt.status === "success") {
    await p.store.markAttested(ids, hash);
    result.attested += ids.length;
    return;
  }
  // Never sent, dropped, or reverted (another transaction attested one of them first): decided again, each by
  // its status on the chain.
  await p.store.markPending(ids);
}

/**
 * Resolves batches left sent by an earlier run, then attests up to `batchSize` pending contributions in one
 * transaction and waits until it is mined.
 *
 * @example
 * const { attested } = await relayOnce({ store, client, deployment, attester, sender, batchSize: 100,
 *   signatureSeconds: 3600, now });
 */
export async function relayOnce(p: RelayerParameters): Promise<RelayResult> {
  const result: RelayResult = { attested: 0, refused: 0 };
  for (const batch of await p.store.sentBatches()) await resolveSent(p, batch.transactionHash, batch.ids, result);
  const batch = await settle(p, await p.store.pending(p.batchSize), result);
  if (batch.length === 0) return result;

  const account = p.sender.account!;
  const to: Address = ledgerOf(p.deployment).address;
  const call = await attestCall(p, batch);
  // Simulated first, so what the ledger would refuse is refused with its custom error and nothing is sent.
  try {
    await p.client.simulateContract({
      account: account.address,
      address: to,
      abi: contributionLedgerAbi,
      ...call,
    } as Parameters<PublicClient["simulateContract"]>[0]);
  } catch (error) {
    const reverted = error instanceof ViemError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    const decoded = reverted instanceof ContractFunctionRevertedError ? reverted.data : undefined;
    throw new CallRefusedError(call.functionName, decoded?.errorName, decoded?.args ?? [], error);
  }
  const data = encodeFunctionData({ abi: contributionLedgerAbi, ...call } as Parameters<typeof encodeFunctionData>[0]);
  const request = await p.sender.prepareTransactionRequest({ account, chain: p.sender.chain, to, data });
  const serializedTransaction = await p.sender.signTransaction(
    request as Parameters<WalletClient["signTransaction"]>[0],
  );
  const hash = keccak256(serializedTransaction);
  await p.store.markSent({ transactionHash: hash, ids: batch.map((c) => c.id) });
  await p.sender.sendRawTransaction({ serializedTransaction });
  await resolveSent(
    p,
    hash,
    batch.map((c) => c.id),
    result,
  );
  return result;
}
