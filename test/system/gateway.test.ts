/**
 * The metering gateway on a real chain (a Hardhat node with the local deployment) over real HTTP: an owner
 * registers bigint-math from its bundle, chooses a runner and publishes terms; a payer deposits dUSD in the
 * MeteringEscrow and calls the pinned composable through the gateway: free calls, then paid ones answered with
 * signed records of run, a counter-signed voucher, and the runner's redemption, which pays the asset through the
 * RevenueRouter and the runner its hosting fee. Bad input is refused by code and pays nothing.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { deployLocal, freePort, type ManagedProcess, REPOSITORY_ROOT, startHardhatNode } from "@coherence/devnet";
import {
  composableRunner,
  escrowReader,
  gatewayApp,
  pinBundle,
  SESSION_SCHEME,
  sessionChecker,
  sessionToken,
  UsageBook,
} from "@coherence/gateway";
import { keyOf } from "@coherence/intake/testing";
import { bundleContent, publicClientOf, walletClientOf } from "@coherence/oracle";
import {
  bundleManifestSchema,
  type Deployment,
  demoTokenAbi as erc20Abi,
  type MeteringEscrowRef,
  meteringEscrowAbi,
  type RecordOfRun,
  revenueRouterAbi,
  type Session,
  signMetering,
  type Voucher,
  verifyMetering,
} from "@coherence/protocol";
import { registerAsset, sendContract } from "@coherence/protocol/actions";
import { readJsonFile } from "@coherence/protocol/node";
import { serve } from "@hono/node-server";
import { type Address, type Hex, type PublicClient, parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";

const owner = privateKeyToAccount(keyOf(10));
const payer = privateKeyToAccount(keyOf(11));
const poorPayer = privateKeyToAccount(keyOf(12));
const runner = privateKeyToAccount(keyOf(17));
const mallory = privateKeyToAccount(keyOf(16));
/** A gateway answer, as JSON: a run's (numbers as decimal strings) or an error. */
type Answer = {
  error?: { code: string };
  output?: unknown;
  record?: Record<string, string>;
  signature?: Hex;
  owed?: Record<string, string>;
  period?: string;
};

const PRICE = 1_000_000n; // 1 dUSD per call, at 6 decimals.
const FEE_BPS = 1_000n;

describe("the metering gateway on a real chain", { timeout: 300_000 }, () => {
  let work: string;
  let node: ManagedProcess;
  let rpcUrl: string;
  let client: PublicClient;
  let deployment: Deployment;
  let escrow: MeteringEscrowRef;
  let token: Address;
  let assetId: bigint;
  let url: string;
  let now: bigint;
  let stop: () => Promise<void>;

  const send = async (
    account: typeof owner,
    address: Address,
    abi: typeof meteringEscrowAbi | typeof erc20Abi,
    functionName: string,
    args: readonly unknown[],
  ) =>
    sendContract({
      publicClient: client,
      walletClient: walletClientOf(deployment.chainId, rpcUrl, account),
      address,
      abi,
      functionName,
      args,
    } as never);

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), "ccn-gateway-"));
    const chain = await startHardhatNode(await freePort());
    node = chain.process;
    rpcUrl = chain.rpcUrl;
    deployment = await deployLocal(chain.rpcUrl, path.join(work, "deployments"));
    client = publicClientOf(deployment.chainId, chain.rpcUrl);
    escrow = { chainId: deployment.chainId, address: deployment.contracts.MeteringEscrow!.address };
    token = deployment.tokens.find((t) => t.symbol === "dUSD")!.address;

    const manifestFile = path.join(REPOSITORY_ROOT, "scenarios", "demo", "bigint-math", "coherence.bundle.json");
    const { contentHash } = await bundleContent(manifestFile, await readJsonFile(bundleManifestSchema, manifestFile));
    ({ assetId } = await registerAsset({
      publicClient: client,
      walletClient: walletClientOf(deployment.chainId, chain.rpcUrl, owner),
      deployment,
      registration: { contentHash, kind: "Code", uri: "", parents: [] },
      source: manifestFile,
    }));
    await send(owner, escrow.address, meteringEscrowAbi, "setRunner", [assetId, runner.address, true]);
    await send(owner, escrow.address, meteringEscrowAbi, "setTerms", [
      assetId,
      token,
      { pricePerUnit: PRICE, freeUnitsPerPeriod: 2n },
    ]);
    await send(payer, token, erc20Abi, "mint", [payer.address, 100n * PRICE]);
    await send(payer, token, erc20Abi, "approve", [escrow.address, 100n * PRICE]);
    await send(payer, escrow.address, meteringEscrowAbi, "deposit", [token, 10n * PRICE]);

    // The gateway's clock stands still at the chain's time, so no period boundary falls inside the test.
    now = (await client.getBlock()).timestamp;
    const pinned = await pinBundle(manifestFile, contentHash, path.join(work, "pins"));
    const book = UsageBook.open(path.join(work, "usage.sqlite"));
    const composable = composableRunner(pinned);
    const app = gatewayApp({
      escrow,
      account: runner,
      token,
      hostingFeeBps: FEE_BPS,
      composables: new Map([[assetId, { bundle: pinned, runner: composable }]]),
      book,
      chain: escrowReader(client, escrow.address, 0),
      checkSession: sessionChecker({ escrow, runner: runner.address, now: () => now }),
      now: () => now,
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    stop = async () => {
      await new Promise((resolve) => server.close(resolve));
      await composable.close();
      book.close();
    };
  });

  after(async () => {
    await stop?.();
    await node?.stop();
    await rm(work, { recursive: true, force: true });
  });

  const sessionHeader = async (by = payer, session: Partial<Session> = {}) => {
    const value: Session = { payer: by.address, runner: runner.address, expiry: now + 3600n, nonce: 1n, ...session };
    return `${SESSION_SCHEME} ${sessionToken({ session: value, signature: await signMetering(by, escrow, { kind: "session", value }) })}`;
  };

  const call = async (authorization: string, input: unknown = { amount: "10", weights: [1, 1, 1] }) => {
    const response = await fetch(`${url}/v1/composables/${assetId}/run`, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify({ input }),
    });
    return { status: response.status, body: (await response.json()) as Answer };
  };

  const postVoucher = async (voucher: Voucher, signature: Hex) => {
    const response = await fetch(`${url}/v1/vouchers`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ voucher, signature }, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v)),
    });
    return { status: response.status, body: (await response.json()) as Answer };
  };

  const recordOf = (body: Answer): RecordOfRun =>
    Object.fromEntries(
      Object.entries(body.record!).map(([k, v]) => [
        k,
        ["assetId", "units", "price", "nonce", "time"].includes(k) ? BigInt(v) : v,
      ]),
    ) as RecordOfRun;

  test("free calls, then paid ones with signed records; a voucher; the runner redeems it through the router", async () => {
    const authorization = await sessionHeader();
    for (const nonce of [1n, 2n]) {
      const { status, body } = await call(authorization);
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual(body.output, { shares: ["4", "3", "3"] });
      const record = recordOf(body);
      assert.equal(record.nonce, nonce);
      assert.equal(record.price, 0n);
      assert.ok(await verifyMetering(escrow, { kind: "recordOfRun", value: record }, body.signature as Hex));
    }
    const paid = await call(authorization);
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    assert.equal(recordOf(paid.body).price, PRICE);
    assert.deepEqual(paid.body.owed, { units: "1", amount: String(PRICE), hostingFee: String(PRICE / 10n) });

    const unvouched = await call(authorization);
    assert.equal(unvouched.status, 402);
    assert.equal(unvouched.body.error?.code, "voucher-required");

    const voucher: Voucher = {
      payer: payer.address,
      runner: runner.address,
      assetId,
      token,
      units: 1n,
      amount: PRICE,
      hostingFee: PRICE / 10n,
      period: BigInt(paid.body.period!),
      nonce: 3n,
    };
    const signature = await signMetering(payer, escrow, { kind: "voucher", value: voucher });
    const accepted = await postVoucher(voucher, signature);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal((await call(authorization)).status, 200);

    const runnerBefore = await client.readContract({
      address: token,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [runner.address],
    });
    const { receipt } = await send(runner, escrow.address, meteringEscrowAbi, "redeem", [voucher, signature]);
    const [revenue] = parseEventLogs({ abi: revenueRouterAbi, eventName: "RevenuePaid", logs: receipt.logs });
    assert.equal(revenue?.args.assetId, assetId);
    assert.equal(revenue?.args.amount, PRICE);
    const [balance] = await client.readContract({
      address: escrow.address,
      abi: meteringEscrowAbi,
      functionName: "escrowOf",
      args: [payer.address, token],
    });
    assert.equal(balance, 10n * PRICE - PRICE - PRICE / 10n);
    const runnerAfter = await client.readContract({
      address: token,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [runner.address],
    });
    assert.equal(runnerAfter - runnerBefore, PRICE / 10n);
  });

  test("bad input is refused by code: sessions expired, for another runner or malformed; no escrow; forged and replayed vouchers; an unknown composable", async () => {
    assert.equal((await call(await sessionHeader(payer, { expiry: now }))).body.error?.code, "session-expired");
    assert.equal(
      (await call(await sessionHeader(payer, { runner: mallory.address }))).body.error?.code,
      "session-other-runner",
    );
    assert.equal((await call("Bearer x")).status, 401);

    const poor = await sessionHeader(poorPayer);
    let freeRun: Answer = {};
    for (let i = 0; i < 2; i++) {
      const { status, body } = await call(poor); // The free tier needs no escrow.
      assert.equal(status, 200);
      freeRun = body;
    }
    const refused = await call(poor);
    assert.equal(refused.status, 402);
    assert.equal(refused.body.error?.code, "no-escrow");

    const forged: Voucher = {
      payer: payer.address,
      runner: runner.address,
      assetId,
      token,
      units: 100n,
      amount: 100n * PRICE,
      hostingFee: 0n,
      period: 0n,
      nonce: 4n,
    };
    const byMallory = await postVoucher(
      forged,
      await signMetering(mallory, escrow, { kind: "voucher", value: forged }),
    );
    assert.equal(byMallory.status, 401);
    assert.equal(byMallory.body.error?.code, "voucher-bad-signature");
    const inflated = await postVoucher(forged, await signMetering(payer, escrow, { kind: "voucher", value: forged }));
    assert.equal(inflated.body.error?.code, "voucher-wrong-totals");
    // The poor payer's free runs owe nothing: its voucher for them is taken once, and refused when sent again.
    const free: Voucher = {
      ...forged,
      payer: poorPayer.address,
      units: 0n,
      amount: 0n,
      period: BigInt(freeRun.period!),
      nonce: 2n,
    };
    const freeSignature = await signMetering(poorPayer, escrow, { kind: "voucher", value: free });
    assert.equal((await postVoucher(free, freeSignature)).status, 200);
    assert.equal((await postVoucher(free, freeSignature)).body.error?.code, "voucher-stale");
    const notARoute = await fetch(`${url}/v1/vouchers`).then((r) => r.status);
    assert.equal(notARoute, 404);

    const unknown = await fetch(`${url}/v1/composables/999/run`, {
      method: "POST",
      headers: { authorization: poor },
      body: "{}",
    });
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, "unknown-composable");
  });
});
