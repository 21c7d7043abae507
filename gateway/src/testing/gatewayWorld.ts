/**
 * A gateway on a real chain, for the system test and the benchmark: a Hardhat node with the local deployment;
 * bigint-math registered from its bundle by its owner, who chooses the runner and publishes terms (1 dUSD per
 * call, two free calls per period); a payer with 10 dUSD in the MeteringEscrow; and the gateway serving the pinned
 * composable over HTTP. Its clock stands still at the chain's time, so no period boundary falls inside a run.
 */
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { deployLocal, freePort, REPOSITORY_ROOT, startHardhatNode } from "@coherence/devnet";
import {
  bundleContent,
  composableRunner,
  HARDHAT_MNEMONIC,
  pinBundle,
  publicClientOf,
  type RunResult,
  walletClientOf,
} from "@coherence/oracle";
import {
  bundleManifestSchema,
  type Deployment,
  demoTokenAbi,
  type Hex,
  type MeteringEscrowRef,
  meteringEscrowAbi,
  type Session,
  signMetering,
} from "@coherence/protocol";
import { registerAsset, sendContract } from "@coherence/protocol/actions";
import { readJsonFile } from "@coherence/protocol/node";
import { serve } from "@hono/node-server";
import type { Abi, Address, LocalAccount, PublicClient, TransactionReceipt } from "viem";
import { type HDAccount, mnemonicToAccount } from "viem/accounts";

import { type Anchoring, anchorPeriods } from "../anchor/anchorPeriods.ts";
import { escrowReader } from "../chain/escrowReader.ts";
import { gatewayApp } from "../http/gatewayApp.ts";
import { type CommittedRun, UsageBook } from "../metering/usageBook.ts";
import { sessionChecker } from "../session/sessionChecker.ts";
import { SESSION_SCHEME, sessionToken } from "../session/sessionToken.ts";
import { type Redemption, redeemVouchers } from "../vouchers/redeemVouchers.ts";

/** Hardhat accounts with no role in the local deployment (its parameters name the others). */
export const WORLD_ACCOUNTS = {
  owner: 10,
  payer: 11,
  poorPayer: 12,
  clientPayer: 13,
  restartPayer: 14,
  killPayer: 15,
  mallory: 16,
  runner: 17,
  liedToPayer: 18,
} as const;
export const accountOf = (name: keyof typeof WORLD_ACCOUNTS): HDAccount =>
  mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: WORLD_ACCOUNTS[name] });

/** 1 dUSD, at 6 decimals: the price of a paid call. */
export const PRICE = 1_000_000n;
export const FREE_CALLS = 2n;
export const HOSTING_FEE_BPS = 1_000n;

export type GatewayWorld = {
  readonly rpcUrl: string;
  /** Where the deployment file is, for a gateway process of its own. */
  readonly deploymentsDir: string;
  /** The bundle manifest of the registered composable, and its content hash. */
  readonly manifestFile: string;
  readonly contentHash: Hex;
  readonly client: PublicClient;
  readonly deployment: Deployment;
  readonly escrow: MeteringEscrowRef;
  readonly token: Address;
  readonly assetId: bigint;
  /** The gateway's base URL. */
  readonly url: string;
  /** The gateway's (still) clock, Unix seconds. */
  readonly now: bigint;
  /**
   * The owner registers the bundle of `manifestFile` as a Code asset, chooses the world's runner for it and
   * publishes `terms` in dUSD (the world's gateway does not serve it; a gateway service of its own can).
   */
  publish(
    manifestFile: string,
    terms: { pricePerUnit: bigint; freeUnitsPerPeriod: bigint },
  ): Promise<{ assetId: bigint; contentHash: Hex }>;
  /** Calls the pinned composable directly, as the gateway does, for comparison. */
  direct(input: unknown): Promise<RunResult>;
  /** An Authorization header with a session `by` signed (for the runner, an hour long, unless changed). */
  sessionHeader(by: LocalAccount, session?: Partial<Session>): Promise<string>;
  /** The period's runs in the gateway's book: what the runner anchors (`periodRecords`). */
  runsOf(period: bigint): CommittedRun[];
  /** The runner anchors every period before `currentPeriod` with runs and no anchor yet. */
  anchor(currentPeriod: bigint): Promise<Anchoring[]>;
  /** The runner redeems every channel's latest voucher not yet redeemed. */
  redeem(): Promise<Redemption[]>;
  send(
    account: LocalAccount,
    address: Address,
    abi: Abi,
    functionName: string,
    args: readonly unknown[],
  ): Promise<{ receipt: TransactionReceipt }>;
  stop(): Promise<void>;
};

export async function startGatewayWorld(): Promise<GatewayWorld> {
  const work = await mkdtemp(path.join(tmpdir(), "ccn-gateway-"));
  const chain = await startHardhatNode(await freePort());
  const deployment = await deployLocal(chain.rpcUrl, path.join(work, "deployments"));
  const client = publicClientOf(deployment.chainId, chain.rpcUrl);
  const escrow = { chainId: deployment.chainId, address: deployment.contracts.MeteringEscrow!.address };
  const token = deployment.tokens.find((t) => t.symbol === "dUSD")!.address;
  const owner = accountOf("owner");
  const payer = accountOf("payer");
  const runner = accountOf("runner");

  const send: GatewayWorld["send"] = (account, address, abi, functionName, args) =>
    sendContract({
      publicClient: client,
      walletClient: walletClientOf(deployment.chainId, chain.rpcUrl, account),
      address,
      abi,
      functionName,
      args,
    } as never);

  const publish: GatewayWorld["publish"] = async (manifestFile, terms) => {
    const { contentHash } = await bundleContent(manifestFile, await readJsonFile(bundleManifestSchema, manifestFile));
    const { assetId } = await registerAsset({
      publicClient: client,
      walletClient: walletClientOf(deployment.chainId, chain.rpcUrl, owner),
      deployment,
      registration: { contentHash, kind: "Code", uri: "", parents: [] },
      source: manifestFile,
    });
    await send(owner, escrow.address, meteringEscrowAbi, "setRunner", [assetId, runner.address, true]);
    await send(owner, escrow.address, meteringEscrowAbi, "setTerms", [assetId, token, terms]);
    return { assetId, contentHash };
  };

  const manifestFile = path.join(REPOSITORY_ROOT, "scenarios", "demo", "bigint-math", "coherence.bundle.json");
  const { assetId, contentHash } = await publish(manifestFile, { pricePerUnit: PRICE, freeUnitsPerPeriod: FREE_CALLS });
  await send(payer, token, demoTokenAbi, "mint", [payer.address, 100n * PRICE]);
  await send(payer, token, demoTokenAbi, "approve", [escrow.address, 100n * PRICE]);
  await send(payer, escrow.address, meteringEscrowAbi, "deposit", [token, 10n * PRICE]);

  const now = (await client.getBlock()).timestamp;
  const pinned = await pinBundle(manifestFile, contentHash, path.join(work, "pins"));
  const book = UsageBook.open(path.join(work, "usage.sqlite"));
  const composable = composableRunner(pinned);
  // A second process of the same pin, so a direct call never waits behind the gateway's.
  const direct = composableRunner(pinned);
  const app = gatewayApp({
    escrow,
    account: runner,
    token,
    hostingFeeBps: HOSTING_FEE_BPS,
    composables: new Map([[assetId, { bundle: pinned, runner: composable }]]),
    book,
    chain: escrowReader(client, escrow.address),
    checkSession: sessionChecker({ escrow, runner: runner.address, now: () => now }),
    now: () => now,
    recordsDir: path.join(work, "records"),
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    rpcUrl: chain.rpcUrl,
    deploymentsDir: path.join(work, "deployments"),
    manifestFile,
    contentHash,
    client,
    deployment,
    escrow,
    token,
    assetId,
    url,
    now,
    publish,
    direct: (input) => direct.run(input as never),
    async sessionHeader(by, session = {}) {
      const value: Session = { payer: by.address, runner: runner.address, expiry: now + 3600n, nonce: 1n, ...session };
      const signature = await signMetering(by, escrow, { kind: "session", value });
      return `${SESSION_SCHEME} ${sessionToken({ session: value, signature })}`;
    },
    runsOf: (period) => book.runsOf(period),
    anchor: (currentPeriod) =>
      anchorPeriods(
        book,
        {
          publicClient: client,
          walletClient: walletClientOf(deployment.chainId, chain.rpcUrl, runner),
          escrow,
          runner: runner.address,
        },
        { recordsDir: path.join(work, "records"), publicUrl: url, currentPeriod },
      ),
    redeem: () =>
      redeemVouchers(book, {
        publicClient: client,
        walletClient: walletClientOf(deployment.chainId, chain.rpcUrl, runner),
        escrow,
      }),
    send,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await composable.close();
      await direct.close();
      book.close();
      await chain.process.stop();
      await rm(work, { recursive: true, force: true });
    },
  };
}
