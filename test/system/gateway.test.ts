/**
 * The metering gateway on a real chain (a Hardhat node with the local deployment) over real HTTP: an owner
 * registers bigint-math from its bundle, chooses a runner and publishes terms; a payer deposits dUSD in the
 * MeteringEscrow and calls the pinned composable through the gateway: free calls, then paid ones answered with
 * signed records of run, a counter-signed voucher, and the runner's redemption, which pays the asset through the
 * RevenueRouter and the runner its hosting fee. Bad input is refused by code and pays nothing.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { freePort, REPOSITORY_ROOT, startProcess, waitFor } from "@coherence/devnet";
import { payerClient } from "@coherence/gateway";
import { accountOf, type GatewayWorld, HOSTING_FEE_BPS, PRICE, startGatewayWorld } from "@coherence/gateway/testing";
import {
  canonicalHash,
  demoTokenAbi,
  jsonText,
  meteringEscrowAbi,
  type RecordOfRun,
  revenueRouterAbi,
  signMetering,
  type Voucher,
  verifyMetering,
} from "@coherence/protocol";
import { type Hex, parseEventLogs } from "viem";

/** A gateway answer, as JSON: a run's (numbers as decimal strings) or an error. */
type Answer = {
  error?: { code: string };
  output?: unknown;
  record?: Record<string, string>;
  signature?: Hex;
  owed?: Record<string, string>;
  period?: string;
};

const shown = (value: unknown) => jsonText(value);

const payer = accountOf("payer");
const poorPayer = accountOf("poorPayer");
const runner = accountOf("runner");
const mallory = accountOf("mallory");

describe("the metering gateway on a real chain", { timeout: 300_000 }, () => {
  let world: GatewayWorld;
  let url: string;
  let assetId: bigint;
  let token: Hex;
  let now: bigint;
  let escrow: GatewayWorld["escrow"];

  before(async () => {
    world = await startGatewayWorld();
    ({ url, assetId, token, now, escrow } = world);
  });

  after(() => world?.stop());

  const sessionHeader = (by = payer, session = {}) => world.sessionHeader(by, session);
  const client = () => world.client;
  const send = (...args: Parameters<GatewayWorld["send"]>) => world.send(...args);

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
      body: jsonText({ voucher, signature }),
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

  test("free calls, then paid ones with signed records; a voucher; the runner redeems it through the router and anchors the period, whose records anyone proves on-chain", async () => {
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

    const runnerBefore = await client().readContract({
      address: token,
      abi: demoTokenAbi,
      functionName: "balanceOf",
      args: [runner.address],
    });
    const { receipt } = await send(runner, escrow.address, meteringEscrowAbi, "redeem", [voucher, signature]);
    const [revenue] = parseEventLogs({ abi: revenueRouterAbi, eventName: "RevenuePaid", logs: receipt.logs });
    assert.equal(revenue?.args.assetId, assetId);
    assert.equal(revenue?.args.amount, PRICE);
    const [balance] = await client().readContract({
      address: escrow.address,
      abi: meteringEscrowAbi,
      functionName: "escrowOf",
      args: [payer.address, token],
    });
    assert.equal(balance, 10n * PRICE - PRICE - PRICE / 10n);
    // The period closed (as the runner's clock would say), the runner anchors its records; anyone proves one.
    const period = BigInt(paid.body.period!);
    const [anchoring] = await world.anchor(period + 1n);
    assert.ok(anchoring !== undefined && "transactionHash" in anchoring, shown(anchoring));
    const published = (await (await fetch(anchoring.uri)).json()) as {
      root: Hex;
      records: { record: Record<string, string>; input: unknown; output: unknown; proof: Hex[] }[];
    };
    assert.equal(published.root, anchoring.root);
    const [first] = published.records;
    const proven = recordOf({ record: first!.record });
    // What it ran on and answered are published with it, so anyone can replay the run.
    assert.equal(canonicalHash(first!.input as never), proven.inputHash);
    assert.equal(canonicalHash(first!.output as never), proven.outputHash);
    const verify = (record: RecordOfRun) =>
      client().readContract({
        address: escrow.address,
        abi: meteringEscrowAbi,
        functionName: "verifyRecord",
        args: [runner.address, period, record, first!.proof],
      });
    assert.equal(await verify(proven), true);
    assert.equal(await verify({ ...proven, units: proven.units + 1n }), false);
    assert.deepEqual(await world.anchor(period + 1n), [], "a period is anchored once");

    const runnerAfter = await client().readContract({
      address: token,
      abi: demoTokenAbi,
      functionName: "balanceOf",
      args: [runner.address],
    });
    assert.equal(runnerAfter - runnerBefore, PRICE / 10n);
  });

  test("a payer's client checks each record and owed total and vouchers as it goes; the runner redeems them all", async () => {
    const clientPayer = accountOf("clientPayer");
    await send(clientPayer, token, demoTokenAbi, "mint", [clientPayer.address, 10n * PRICE]);
    await send(clientPayer, token, demoTokenAbi, "approve", [escrow.address, 10n * PRICE]);
    await send(clientPayer, escrow.address, meteringEscrowAbi, "deposit", [token, 10n * PRICE]);
    const payerApp = payerClient({
      url,
      account: clientPayer,
      escrow,
      runner: runner.address,
      token,
      termsOf: async () => ({ pricePerUnit: PRICE, hostingFeeBps: HOSTING_FEE_BPS }),
      now: () => now,
    });
    const vouchers = [];
    for (let i = 0; i < 5; i++) {
      const { output, voucher } = await payerApp.call(assetId, { amount: String(100 + i), weights: [1, 3] });
      assert.equal(
        (output as { shares: string[] }).shares.reduce((sum, share) => sum + BigInt(share), 0n),
        BigInt(100 + i),
      );
      if (voucher !== undefined) vouchers.push(voucher);
    }
    assert.deepEqual(
      vouchers.map((v) => v.amount),
      [PRICE, 2n * PRICE, 3n * PRICE],
    );

    const redeemed = await world.redeem();
    const mine = redeemed.filter((r) => r.payer === clientPayer.address);
    assert.equal(mine.length, 1, shown(redeemed));
    assert.ok("transactionHash" in mine[0]!, shown(mine[0]));
    const [balance] = await client().readContract({
      address: escrow.address,
      abi: meteringEscrowAbi,
      functionName: "escrowOf",
      args: [clientPayer.address, token],
    });
    assert.equal(balance, 10n * PRICE - 3n * PRICE - (3n * PRICE) / 10n);
    // Everything is redeemed: a second round sends nothing for this payer.
    assert.equal((await world.redeem()).filter((r) => r.payer === clientPayer.address).length, 0);
  });

  test("the gateway service killed with SIGKILL and restarted on its directory keeps every run and charges none twice", async () => {
    const restartPayer = accountOf("restartPayer");
    await send(restartPayer, token, demoTokenAbi, "mint", [restartPayer.address, 10n * PRICE]);
    await send(restartPayer, token, demoTokenAbi, "approve", [escrow.address, 10n * PRICE]);
    await send(restartPayer, escrow.address, meteringEscrowAbi, "deposit", [token, 10n * PRICE]);
    const dir = await mkdtemp(path.join(tmpdir(), "ccn-gateway-service-"));
    const port = await freePort();
    const gatewayUrl = `http://127.0.0.1:${port}`;
    const start = async () => {
      const service = startProcess({
        name: "gateway",
        command: process.execPath,
        args: [path.join(REPOSITORY_ROOT, "gateway", "src", "cli", "gateway.ts")],
        cwd: REPOSITORY_ROOT,
        env: {
          ...process.env,
          CCN_RPC_URL: world.rpcUrl,
          CCN_DEPLOYMENTS_DIR: world.deploymentsDir,
          CCN_GATEWAY_PRIVATE_KEY: `0x${Buffer.from(runner.getHdKey().privateKey!).toString("hex")}`,
          CCN_GATEWAY_COMPOSABLES: `${assetId}=${world.manifestFile}`,
          CCN_GATEWAY_TOKEN: "dUSD",
          CCN_GATEWAY_PORT: String(port),
          CCN_GATEWAY_DIR: dir,
          CCN_GATEWAY_REDEEM_INTERVAL_MS: "500",
        },
      });
      await waitFor(
        "the gateway to answer",
        async () => (await fetch(`${gatewayUrl}/health`).catch(() => undefined))?.ok || undefined,
        {
          timeoutMs: 60_000,
          process: service,
        },
      );
      return service;
    };
    let service = await start();
    try {
      // The service keeps the wall clock; the chain here does too (no time travel).
      const payerApp = payerClient({
        url: gatewayUrl,
        account: restartPayer,
        escrow,
        runner: runner.address,
        token,
        termsOf: async () => ({ pricePerUnit: PRICE, hostingFeeBps: HOSTING_FEE_BPS }),
        now: () => BigInt(Math.floor(Date.now() / 1000)),
      });
      const input = { amount: "7", weights: [1, 1] };
      for (let i = 0; i < 3; i++) await payerApp.call(assetId, input); // Two free, one paid and vouchered.

      const exited = new Promise((resolve) => service.child.once("exit", resolve));
      process.kill(-service.child.pid!, "SIGKILL");
      await exited;
      service = await start();

      // The book survived: nonces go on from 4, and the client's own running total (kept across the restart)
      // agrees with the owed figures the restarted gateway answers, so its vouchers are taken.
      const { record } = await payerApp.call(assetId, input);
      assert.equal(record.nonce, 4n);
      const last = await payerApp.call(assetId, input);
      assert.equal(last.voucher?.amount, 3n * PRICE);
      const redeemed = await waitFor(
        "the restarted gateway to redeem the last voucher",
        async () => {
          const channel = (await client().readContract({
            address: escrow.address,
            abi: meteringEscrowAbi,
            functionName: "channelOf",
            args: [restartPayer.address, runner.address, assetId, token],
          })) as { nonce: bigint; amount: bigint };
          return channel.nonce === 5n ? channel.amount : undefined;
        },
        { timeoutMs: 60_000, process: service },
      );
      assert.equal(redeemed, 3n * PRICE, "three paid runs, each charged once");
    } finally {
      await service.stop();
      await rm(dir, { recursive: true, force: true });
    }
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
