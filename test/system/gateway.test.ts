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
import { freePort, type ManagedProcess, REPOSITORY_ROOT, startProcess, waitFor } from "@coherence/devnet";
import { escrowReader, gatewayApp, payerClient, sessionChecker, UsageBook } from "@coherence/gateway";
import { accountOf, type GatewayWorld, HOSTING_FEE_BPS, PRICE, startGatewayWorld } from "@coherence/gateway/testing";
import { composableRunner, pinBundle } from "@coherence/oracle";
import { runnableBundle } from "@coherence/oracle/testing";
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
import { serve } from "@hono/node-server";
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

  /** `npm run gateway`'s process on `dir`, serving `composables`: started (again) by `start`, on one port. */
  const gatewayService = async (dir: string, composables: [bigint, string][]) => {
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
          CCN_GATEWAY_COMPOSABLES: composables.map(([id, manifestFile]) => `${id}=${manifestFile}`).join(","),
          CCN_GATEWAY_TOKEN: "dUSD",
          CCN_GATEWAY_PORT: String(port),
          CCN_GATEWAY_DIR: dir,
          CCN_GATEWAY_REDEEM_INTERVAL_MS: "500",
        },
      });
      await waitFor(
        "the gateway to answer",
        async () => (await fetch(`${gatewayUrl}/health`).catch(() => undefined))?.ok || undefined,
        { timeoutMs: 60_000, process: service },
      );
      return service;
    };
    return { url: gatewayUrl, start };
  };

  /** Kills the service's process group (the gateway and its composables' processes) with SIGKILL. */
  const killHard = async (service: ManagedProcess) => {
    process.kill(-service.pid, "SIGKILL");
    await service.exited;
  };

  const fund = async (who: typeof payer, amount: bigint) => {
    await send(who, token, demoTokenAbi, "mint", [who.address, amount]);
    await send(who, token, demoTokenAbi, "approve", [escrow.address, amount]);
    await send(who, escrow.address, meteringEscrowAbi, "deposit", [token, amount]);
  };

  const channelOf = async (who: Hex, asset: bigint) =>
    (await client().readContract({
      address: escrow.address,
      abi: meteringEscrowAbi,
      functionName: "channelOf",
      args: [who, runner.address, asset, token],
    })) as { nonce: bigint; amount: bigint; hostingFee: bigint };

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
      publicClient: world.client,
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

  test("a payer's client reads the terms on-chain: it refuses a gateway listing other terms, and a record priced above them, signing nothing", async () => {
    const liedTo = accountOf("liedToPayer");
    await fund(liedTo, 10n * PRICE);
    const honest = escrowReader(world.client, escrow.address);
    const doubled = { pricePerUnit: 2n * PRICE, freeUnitsPerPeriod: 0n };
    const pins = await mkdtemp(path.join(tmpdir(), "ccn-gateway-liar-"));
    const bundle = await pinBundle(world.manifestFile, world.contentHash, pins);
    /** A gateway of the same runner whose terms are `lie(read)` for the read-th read, the chain's otherwise. */
    const lyingGateway = (lie: (read: number) => boolean) => {
      let reads = 0;
      const book = UsageBook.open(":memory:");
      const composable = composableRunner(bundle);
      const app = gatewayApp({
        escrow,
        account: runner,
        token,
        hostingFeeBps: HOSTING_FEE_BPS,
        composables: new Map([[assetId, { bundle, runner: composable }]]),
        book,
        chain: { ...honest, terms: async (id, t) => (lie(++reads) ? doubled : await honest.terms(id, t)) },
        checkSession: sessionChecker({ escrow, runner: runner.address, now: () => now }),
        now: () => now,
      });
      const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
      const started = new Promise<string>((resolve) =>
        server.once("listening", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      );
      const stop = async () => {
        await new Promise((resolve) => server.close(resolve));
        await composable.close();
        book.close();
      };
      return { started, book, stop };
    };
    const clientOf = (gatewayUrl: string) =>
      payerClient({
        url: gatewayUrl,
        account: liedTo,
        escrow,
        runner: runner.address,
        token,
        publicClient: world.client,
        now: () => now,
      });
    const input = { amount: "9", weights: [1, 2] };
    try {
      // Lists (and would charge) twice the price: refused before any call, so the gateway ran nothing.
      const listsDouble = lyingGateway(() => true);
      try {
        await assert.rejects(clientOf(await listsDouble.started).call(assetId, input), {
          name: "TermsDisagreeError",
          code: "listing",
        });
        assert.equal(listsDouble.book.nextNonce(liedTo.address), 1n);
      } finally {
        await listsDouble.stop();
      }
      // Lists the chain's terms, then charges double: the record is refused and no voucher is signed for it.
      const chargesDouble = lyingGateway((read) => read > 1);
      try {
        await assert.rejects(clientOf(await chargesDouble.started).call(assetId, input), {
          name: "TermsDisagreeError",
          code: "record-price",
        });
        assert.equal(chargesDouble.book.nextNonce(liedTo.address), 2n, "the gateway ran and recorded the call");
        assert.equal(chargesDouble.book.latestVoucher(liedTo.address, assetId, token), undefined);
      } finally {
        await chargesDouble.stop();
      }
    } finally {
      await rm(pins, { recursive: true, force: true });
    }
  });

  test("the gateway service killed with SIGKILL and restarted on its directory keeps every run and charges none twice", async () => {
    const restartPayer = accountOf("restartPayer");
    await fund(restartPayer, 10n * PRICE);
    const dir = await mkdtemp(path.join(tmpdir(), "ccn-gateway-service-"));
    const { url: gatewayUrl, start } = await gatewayService(dir, [[assetId, world.manifestFile]]);
    let service = await start();
    try {
      // The service keeps the wall clock; the chain here does too (no time travel).
      const payerApp = payerClient({
        url: gatewayUrl,
        account: restartPayer,
        escrow,
        runner: runner.address,
        token,
        publicClient: world.client,
        now: () => BigInt(Math.floor(Date.now() / 1000)),
      });
      const input = { amount: "7", weights: [1, 1] };
      for (let i = 0; i < 3; i++) await payerApp.call(assetId, input); // Two free, one paid and vouchered.

      await killHard(service);
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
          const channel = await channelOf(restartPayer.address, assetId);
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

  test("the gateway service killed with SIGKILL inside a paid call keeps no half of it: restarted, the payer's next voucher is taken and the runner redeems exactly the committed runs once", async (t) => {
    const killPayer = accountOf("killPayer");
    await fund(killPayer, 10n * PRICE);
    // A composable that holds its call for as long as it is asked, so the kill lands while the call is in flight.
    const hold = await runnableBundle(
      {
        "src/index.ts":
          "export function hold({ ms }) { const until = Date.now() + ms; while (Date.now() < until); return { held: ms }; }\n",
      },
      "hold",
    );
    const { assetId: holdAsset } = await world.publish(hold.manifestFile, {
      pricePerUnit: PRICE,
      freeUnitsPerPeriod: 0n,
    });
    const dir = await mkdtemp(path.join(tmpdir(), "ccn-gateway-service-"));
    const { url: gatewayUrl, start } = await gatewayService(dir, [[holdAsset, hold.manifestFile]]);
    const clientOf = () =>
      payerClient({
        url: gatewayUrl,
        account: killPayer,
        escrow,
        runner: runner.address,
        token,
        publicClient: world.client,
        now: () => BigInt(Math.floor(Date.now() / 1000)),
      });
    let service = await start();
    try {
      let payerApp = clientOf();
      const first = await payerApp.call(holdAsset, { ms: 0 });
      assert.equal(first.voucher?.amount, PRICE);
      const period = first.voucher!.period;

      // The call holds 8 s (inside the gateway's 10 s run limit); the gateway is killed 1.5 s after it is sent.
      const inFlight = payerApp.call(holdAsset, { ms: 8_000 }).then(
        () => "answered",
        (error: unknown) => error,
      );
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await killHard(service);
      assert.notEqual(await inFlight, "answered", "the call was in flight when the gateway died");

      // The book as the dead process left it: each run wholly in (record, usage and channel agree) or not at all.
      const book = UsageBook.open(path.join(dir, "usage.sqlite"));
      const runs = book.nextNonce(killPayer.address) - 1n;
      const owed = book.owed(killPayer.address, holdAsset, token);
      const committed = runs === 2n;
      t.diagnostic(committed ? "the run in flight was committed" : "the run in flight left nothing in the book");
      try {
        assert.ok(runs === 1n || committed, `runs ${runs}`);
        const charged = { units: runs, amount: runs * PRICE, hostingFee: (runs * PRICE * HOSTING_FEE_BPS) / 10_000n };
        assert.deepEqual(owed, charged);
        assert.deepEqual(book.owedAt(killPayer.address, holdAsset, token, runs)?.owed, charged);
        assert.equal(book.usedThisPeriod(killPayer.address, holdAsset, period), runs);
        assert.equal(book.latestVoucher(killPayer.address, holdAsset, token)?.voucher.nonce, 1n);
      } finally {
        book.close();
      }

      service = await start();
      // A run committed whose answer was lost is the gateway's to show: a new client takes its total as said.
      if (committed) payerApp = clientOf();
      const next = await payerApp.call(holdAsset, { ms: 0 });
      assert.equal(next.record.nonce, runs + 1n, "no nonce skipped, none used twice");
      assert.equal(next.voucher?.amount, (runs + 1n) * PRICE, "the payer's next voucher is taken");
      const redeemed = await waitFor(
        "the restarted gateway to redeem the voucher",
        async () => {
          const channel = await channelOf(killPayer.address, holdAsset);
          return channel.nonce === runs + 1n ? channel : undefined;
        },
        { timeoutMs: 60_000, process: service },
      );
      assert.equal(redeemed.amount, (runs + 1n) * PRICE, "the committed runs, each paid once");
      const [balance] = await client().readContract({
        address: escrow.address,
        abi: meteringEscrowAbi,
        functionName: "escrowOf",
        args: [killPayer.address, token],
      });
      assert.equal(balance, 10n * PRICE - redeemed.amount - redeemed.hostingFee);
    } finally {
      await service.stop();
      await rm(dir, { recursive: true, force: true });
      await rm(hold.root, { recursive: true, force: true });
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
