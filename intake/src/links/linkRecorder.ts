/**
 * The link recorder: what `/ccn link` and `/ccn unlink` decided, recorded in the chain's ForgeLinkRegistry by the
 * linker (the attester's key, which governance made a linker). Each stored link whose latest change the chain does
 * not have yet is settled from what the chain says, never from what this process remembers sending:
 *
 * - a live link is `linked` once the registry's active link of the forge account is this statement (its nonce), or
 *   once a `ForgeLinked` event shows it was recorded (and has since ended on-chain: the address unlinked itself or a
 *   newer link replaced it); otherwise it is sent, or `refused` with the registry's custom error when simulation
 *   says it would revert (an address that signed again meanwhile, a linker without the role);
 * - a revoked link is `unlinked` once the registry's active link is not this one; otherwise `unlinkForgeAccount`
 *   is sent, except while a newer link of the account waits to be recorded, which replaces it in one transaction.
 *
 * Exactly once across a `kill -9` anywhere: a statement's nonce is spent when it is recorded, so the registry never
 * records one twice; a transaction sent before a crash and still pending after it is answered by a second one that
 * reverts (and is settled by the state it left), never by a second link.
 */
import { type Deployment, forgeLinkRegistryAbi } from "@coherence/protocol";
import { CallRefusedError, sendContract, TransactionRevertedError } from "@coherence/protocol/actions";
import {
  type Address,
  createWalletClient,
  custom,
  isAddressEqual,
  type LocalAccount,
  type PublicClient,
  type WalletClient,
} from "viem";

import { Backoff, type Wakeup } from "../service/wakeup.ts";

import type { IntakeStore, Link, LinkOnChain, UnsettledLink } from "../store/intakeStore.ts";
import { type ForgeLinkStatement, linkRegistryOf, statementOf } from "./forgeLink.ts";

export type LinkRecorderParameters = {
  store: IntakeStore;
  client: PublicClient;
  deployment: Deployment;
  /** Sends as the linker: its account holds the registry's `LINKER_ROLE`. */
  linker: WalletClient;
  now: () => number;
};

export type RecordLinksResult = Record<LinkOnChain, number>;

/** How many links one pass settles at most. */
const PASS = 20;

/**
 * Settles up to 20 unsettled links against the registry, sending what the chain lacks, and says how each ended.
 *
 * @example
 * const { linked, unlinked, refused } = await recordLinks({ store, client, deployment, linker, now });
 */
export async function recordLinks(p: LinkRecorderParameters): Promise<RecordLinksResult> {
  const result: RecordLinksResult = { linked: 0, unlinked: 0, refused: 0 };
  for (const unsettled of await p.store.unsettledLinks(PASS)) {
    const settled = await settle(p, unsettled);
    if (settled !== undefined) result[settled]++;
  }
  return result;
}

/** The linker's wallet: `account` (the attester's key) sending through the intake's RPC client. */
export function linkerWallet(client: PublicClient, account: LocalAccount): WalletClient {
  return createWalletClient({ account, chain: client.chain, transport: custom({ request: client.request }) });
}

export type LinkRecorderLoop = {
  running: () => boolean;
  /** Notified when a delivery's outcome links or unlinks. */
  wakeup: Wakeup;
  idleMs: number;
  log: (event: string, fields?: Record<string, unknown>) => void;
};

/**
 * Records links until `running()` is false: a pass whenever a link or unlink is stored (or every `idleMs`), retried
 * with back-off while the chain cannot be reached. A deployment without a registry has no links to record.
 */
export async function runLinkRecorder(p: LinkRecorderParameters, loop: LinkRecorderLoop): Promise<void> {
  if (p.deployment.contracts.ForgeLinkRegistry === undefined) {
    loop.log("links-off-chain", { reason: `chain ${p.deployment.chainId}'s deployment has no ForgeLinkRegistry` });
    return;
  }
  const backoff = new Backoff(500, 60_000);
  while (loop.running()) {
    try {
      const result = await recordLinks(p);
      backoff.reset();
      if (result.linked + result.unlinked + result.refused > 0) loop.log("links-recorded", { ...result });
      else await loop.wakeup.sleep(loop.idleMs);
    } catch (error) {
      const delay = backoff.next();
      loop.log("links-retrying", { inMs: delay, error: (error as Error).message });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Settles one link, sending what it takes; undefined when it stays unsettled for now. */
async function settle(p: LinkRecorderParameters, { seq, link }: UnsettledLink): Promise<LinkOnChain | undefined> {
  const revoked = link.revokedAt !== undefined;
  // The forge as the statement names it, a self-managed one by its own host: where the login is an account.
  const { forge: host } = JSON.parse(link.statement) as { forge?: string };
  const done = async (onChain: LinkOnChain, reason?: string) => {
    const refusal =
      reason === undefined
        ? undefined
        : {
            deliveryId: undefined,
            stage: "link" as const,
            code: "link-refused-on-chain",
            subject: link.login,
            reason,
            host,
          };
    await p.store.settleLink(seq, revoked, onChain, refusal, p.now());
    return onChain;
  };
  let statement: ForgeLinkStatement;
  try {
    statement = statementOf(link);
  } catch {
    // Kept before links went on-chain: it was never recorded, and its signature has no nonce to record it with.
    return revoked
      ? done("unlinked")
      : done("refused", `${link.login}'s link was signed before links were on-chain: post /ccn link again`);
  }
  const registry = { address: linkRegistryOf(p.deployment).address, abi: forgeLinkRegistryAbi } as const;
  const { forge } = statement;
  const forgeAccountId = BigInt(link.accountId);
  const [account, nonce] = await p.client.readContract({
    ...registry,
    functionName: "linkOf",
    args: [forge, forgeAccountId],
  });
  const active = isAddressEqual(account, link.address) && nonce === statement.nonce;

  if (!revoked) {
    if (active || (await wasRecorded(p, registry.address, link, statement))) return done("linked");
    return send(p, done, "linked", {
      ...registry,
      functionName: "link",
      args: [statement, forgeAccountId, link.signature],
    });
  }
  if (!active) return done("unlinked");
  const newer = await p.store.linkOf(link.forge, { accountId: link.accountId });
  // The newer link's transaction replaces this one (the registry keeps one link per forge account).
  if (newer !== undefined && newer.onChain === undefined) return undefined;
  return send(p, done, "unlinked", {
    ...registry,
    functionName: "unlinkForgeAccount",
    args: [forge, forgeAccountId],
  });
}

type RegistryCall =
  | { functionName: "link"; args: readonly [ForgeLinkStatement, bigint, `0x${string}`] }
  | { functionName: "unlinkForgeAccount"; args: readonly [string, bigint] };

/** Sends `call` and settles the link as `onChain` once mined, or as refused when the registry would revert it. */
async function send(
  p: LinkRecorderParameters,
  done: (onChain: LinkOnChain, reason?: string) => Promise<LinkOnChain>,
  onChain: LinkOnChain,
  call: RegistryCall & { address: Address; abi: typeof forgeLinkRegistryAbi },
): Promise<LinkOnChain | undefined> {
  try {
    await sendContract({ publicClient: p.client, walletClient: p.linker, ...call });
  } catch (error) {
    if (error instanceof CallRefusedError) return done("refused", `the ForgeLinkRegistry refuses: ${error.message}`);
    // Mined but reverted (a transaction of an earlier run got there first): the next pass reads what it left.
    if (error instanceof TransactionRevertedError) return undefined;
    throw error;
  }
  return done(onChain);
}

/** Whether the registry recorded this very statement for this forge account at some point. */
async function wasRecorded(
  p: LinkRecorderParameters,
  address: Address,
  link: Link,
  statement: ForgeLinkStatement,
): Promise<boolean> {
  const events = await p.client.getContractEvents({
    address,
    abi: forgeLinkRegistryAbi,
    eventName: "ForgeLinked",
    args: { account: link.address, forgeAccountId: BigInt(link.accountId) },
    fromBlock: BigInt(p.deployment.contracts.ForgeLinkRegistry?.startBlock ?? 0),
  });
  return events.some((e) => e.args.statement?.nonce === statement.nonce && e.args.statement.forge === statement.forge);
}
