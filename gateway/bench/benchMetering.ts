/**
 * Metering benchmark: what the gateway adds to a call of a composable, on a Hardhat node over real HTTP, beside the
 * peer, the same pinned composable called directly (`world.direct`, its own warm process, as the gateway's).
 *
 *   npm run bench:metering -- [--json] [--calls=N] [--free=N] [--payers=N] [--per-payer=N]
 *
 * - Latency: `--calls` direct calls and as many paid gateway calls, interleaved one for one so that load from other
 *   work on the machine falls on both alike; after each paid call the payer's client signs the voucher for what
 *   the channel owes and posts it (a paid call is refused until the previous one is vouchered). Paid calls are the
 *   path that meters, signs and records. Free calls are measured too, from fresh payers (two each, the free tier):
 *   the first of each checks a new session's signature, the second finds it checked. GC: this process's
 *   scavenges and other pauses while the latency calls ran, and how many paid and direct calls one started inside.
 * - Breakdown: the gateway's steps timed in isolation in this process (session check, book reads and charge,
 *   record signing as the gateway signs (`recordSigner`), `UsageBook.commit` on a file (write-ahead log,
 *   synchronous NORMAL, as the gateway's book), the answer's JSON, an HTTP round trip to
 *   `/health`), and the voucher's two signatures (payer's client, gateway's check).
 * - Throughput: `--payers` payers in parallel, each with its own session and escrow, `--per-payer` paid calls each
 *   through the gateway's `payerClient` (record checked, voucher signed and posted; a payer's calls are served one
 *   at a time), beside as many direct calls at the same concurrency.
 * - Gas from receipts: the runner's first redemption of a channel and a later one, beside the payer paying the same
 *   amount through `RevenueRouter.pay` by hand; one anchor of the period's records (every run of this bench).
 *
 * The HTTP client runs in the gateway's process, so its cost is inside the gateway figures (the `/health` round
 * trip shows how much). `--json` prints one JSON object on stdout; the readable report goes to stderr.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { constants, PerformanceObserver } from "node:perf_hooks";
import { parseArgs } from "node:util";
import {
  acceptVoucher,
  chargeOf,
  payerClient,
  readSessionHeader,
  recordSigner,
  sessionChecker,
  UsageBook,
} from "@coherence/gateway";
import { accountOf, type GatewayWorld, HOSTING_FEE_BPS, PRICE, startGatewayWorld } from "@coherence/gateway/testing";
import { periodRecords } from "@coherence/oracle";
import {
  canonicalJson,
  demoTokenAbi,
  jsonText,
  meteringEscrowAbi,
  type RecordOfRun,
  revenueRouterAbi,
  signMetering,
  type Voucher,
} from "@coherence/protocol";
import { type Hex, type LocalAccount, parseEventLogs, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { nextRun, TEST_TERMS } from "../src/testing/paidRuns.ts";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    calls: { type: "string", default: "1000" },
    free: { type: "string", default: "400" },
    payers: { type: "string", default: "8" },
    "per-payer": { type: "string", default: "100" },
  },
});
const CALLS = Number(values.calls);
const FREE = Number(values.free);
const PAYERS = Number(values.payers);
const PER_PAYER = Number(values["per-payer"]);
const WARMUP = 50;
const TARGET_P99_OVERHEAD_MS = 2;
const INPUT = { amount: "10", weights: [1, 1, 1] };

const say = (line: string) => process.stderr.write(`${line}\n`);
const round = (ms: number, digits = 3) => Math.round(ms * 10 ** digits) / 10 ** digits;

type Latency = { readonly p50: number; readonly p99: number; readonly max: number; readonly n: number };
function latencyOf(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { p50: round(at(50)), p99: round(at(99)), max: round(sorted.at(-1)!), n: sorted.length };
}

type Span = readonly [start: number, end: number];
async function timed<T>(samples: number[], work: () => Promise<T> | T, spans?: Span[]): Promise<T> {
  const start = performance.now();
  const result = await work();
  const end = performance.now();
  samples.push(end - start);
  spans?.push([start, end]);
  return result;
}

/** Garbage-collection pauses of this process (the gateway's and its client's), to tell GC from other load. */
const gcPauses: { start: number; duration: number; minor: boolean }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const { kind } = (e as PerformanceEntry & { detail: { kind: number } }).detail;
    gcPauses.push({ start: e.startTime, duration: e.duration, minor: kind === constants.NODE_PERFORMANCE_GC_MINOR });
  }
}).observe({ entryTypes: ["gc"] });

/** How many of the timed calls a GC pause started inside of. */
const callsWithGc = (spans: readonly Span[]) =>
  spans.filter(([from, to]) => gcPauses.some((g) => g.start >= from && g.start < to)).length;

/** A gateway answer to a run (numbers as decimal strings) or an error. */
type RunAnswer = {
  error?: { code: string; message: string };
  record?: Record<string, string>;
  owed?: { units: string; amount: string; hostingFee: string };
  period?: string;
};

const world: GatewayWorld = await startGatewayWorld();
const scratch = await mkdtemp(path.join(tmpdir(), "ccn-bench-metering-"));
try {
  const { url, assetId, token, escrow } = world;
  const runner = accountOf("runner");
  const periodLength = BigInt(
    await world.client.readContract({ address: escrow.address, abi: meteringEscrowAbi, functionName: "periodLength" }),
  );
  const period = world.now / periodLength;

  /** Funds `payer` (ETH for gas, then `calls` paid calls' worth of dUSD in the escrow, hosting fees included). */
  const fund = async (payer: LocalAccount, calls: number) => {
    await world.client.request({ method: "hardhat_setBalance", params: [payer.address, toHex(10n ** 20n)] } as never);
    const amount = (BigInt(calls) * PRICE * (10_000n + HOSTING_FEE_BPS)) / 10_000n;
    await world.send(payer, token, demoTokenAbi, "mint", [payer.address, amount]);
    await world.send(payer, token, demoTokenAbi, "approve", [escrow.address, amount]);
    await world.send(payer, escrow.address, meteringEscrowAbi, "deposit", [token, amount]);
  };

  const call = async (authorization: string): Promise<RunAnswer> => {
    const response = await fetch(`${url}/v1/composables/${assetId}/run`, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify({ input: INPUT }),
    });
    const body = (await response.json()) as RunAnswer;
    if (response.status !== 200) throw new Error(`the gateway answered ${response.status}: ${JSON.stringify(body)}`);
    return body;
  };

  /** The voucher for what the channel owes after `answer`'s run, as the payer's client signs it. */
  const voucherFor = (payer: LocalAccount, answer: RunAnswer): Voucher => ({
    payer: payer.address,
    runner: runner.address,
    assetId,
    token,
    units: BigInt(answer.owed!.units),
    amount: BigInt(answer.owed!.amount),
    hostingFee: BigInt(answer.owed!.hostingFee),
    period: BigInt(answer.period!),
    nonce: BigInt(answer.record!.nonce!),
  });
  const postVoucher = async (voucher: Voucher, signature: Hex) => {
    const response = await fetch(`${url}/v1/vouchers`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: jsonText({ voucher, signature }),
    });
    if (response.status !== 200) throw new Error(`voucher refused ${response.status}: ${await response.text()}`);
    await response.arrayBuffer().catch(() => undefined);
  };

  /**
   * A payer that times its steps apart: calls, and after each paid call signs and posts the voucher for what it
   * owes. (The gateway's `payerClient` also checks each record's signature, in this process, inside the same
   * `call`: the throughput phase uses it; the latency phase needs the run request timed alone.)
   */
  const timedPayer = async (payer: LocalAccount) => {
    const authorization = await world.sessionHeader(payer);
    const vouchers: { voucher: Voucher; signature: Hex }[] = [];
    return {
      vouchers,
      async paidCall(samples: { call: number[]; sign: number[]; post: number[]; spans: Span[] }) {
        const answer = await timed(samples.call, () => call(authorization), samples.spans);
        if (answer.record?.price === "0") return answer; // Still inside the free tier: nothing to voucher.
        const voucher = voucherFor(payer, answer);
        const signature = await timed(samples.sign, () =>
          signMetering(payer, escrow, { kind: "voucher", value: voucher }),
        );
        await timed(samples.post, () => postVoucher(voucher, signature));
        vouchers.push({ voucher, signature });
        return answer;
      },
    };
  };

  // Latency, one payer: free tier used up and everything warmed, then paid calls interleaved with direct ones.
  say(`funding the payer for ${CALLS + WARMUP} paid calls…`);
  const payer = accountOf("payer");
  await fund(payer, CALLS + WARMUP);
  const client = await timedPayer(payer);
  const scrap = { call: [] as number[], sign: [] as number[], post: [] as number[], spans: [] as Span[] };
  for (let i = 0; i < WARMUP + 2; i++) {
    await world.direct(INPUT);
    await client.paidCall(scrap);
  }
  say(`${CALLS} direct calls and ${CALLS} paid gateway calls, interleaved…`);
  const direct: number[] = [];
  const directSpans: Span[] = [];
  const paid = { call: [] as number[], sign: [] as number[], post: [] as number[], spans: [] as Span[] };
  const phaseStart = performance.now();
  for (let i = 0; i < CALLS; i++) {
    await timed(direct, () => world.direct(INPUT), directSpans);
    await client.paidCall(paid);
  }
  const phaseEnd = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 100)); // GC entries arrive on a later turn.
  const phasePauses = gcPauses.filter((g) => g.start >= phaseStart && g.start < phaseEnd);
  const scavenges = phasePauses.filter((g) => g.minor).map((g) => g.duration);
  const gc = {
    scavenges: scavenges.length,
    scavengeMs: scavenges.length > 0 ? latencyOf(scavenges) : undefined,
    otherPauses: phasePauses.filter((g) => !g.minor).length,
    paidCallsWithGc: callsWithGc(paid.spans),
    directCallsWithGc: callsWithGc(directSpans),
  };

  say(`${FREE} free calls from ${FREE / 2} fresh payers…`);
  const freeCold: number[] = [];
  const freeWarm: number[] = [];
  const freeDirect: number[] = [];
  for (let i = 0; i < FREE / 2; i++) {
    const authorization = await world.sessionHeader(privateKeyToAccount(generatePrivateKey()));
    await timed(freeDirect, () => world.direct(INPUT));
    await timed(freeCold, () => call(authorization));
    await timed(freeDirect, () => world.direct(INPUT));
    await timed(freeWarm, () => call(authorization));
  }

  // Breakdown: the gateway's steps in isolation, in this process, on the same machine and disk.
  say("timing the gateway's steps in isolation…");
  const STEPS = Math.min(CALLS, 500);
  const steps: Record<string, number[]> = {};
  const step = async (name: string, work: (i: number) => Promise<unknown> | unknown) => {
    const samples: number[] = [];
    for (let i = 0; i < STEPS; i++) await timed(samples, () => work(i));
    steps[name] = samples;
  };
  await step("HTTP round trip (GET /health)", async () => (await fetch(`${url}/health`)).arrayBuffer());
  const checker = sessionChecker({ escrow, runner: runner.address, now: () => world.now });
  const header = await world.sessionHeader(payer);
  await checker(readSessionHeader(header));
  await step("session: parse + check (seen)", () => checker(readSessionHeader(header)));
  const fresh = await Promise.all(
    Array.from({ length: STEPS }, (_, i) => world.sessionHeader(payer, { nonce: BigInt(i + 2) })),
  );
  await step("session: parse + check (new)", (i) => checker(readSessionHeader(fresh[i]!)));
  const book = UsageBook.open(path.join(scratch, "usage.sqlite"));
  const who = { payer: payer.address, runner: runner.address, token, units: 1n };
  await step("charge: book reads + chargeOf", () => {
    const charge = chargeOf(1n, book.usedThisPeriod(payer.address, 7n, 5n), TEST_TERMS, HOSTING_FEE_BPS);
    book.owed(payer.address, 7n, token);
    book.latestVoucher(payer.address, 7n, token);
    return { charge, nonce: book.nextNonce(payer.address) };
  });
  const record: RecordOfRun = nextRun(book, who).record;
  const signRecord = recordSigner(runner, escrow);
  await step("record signing (recordSigner)", () => signRecord(record));
  const commits: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    const run = nextRun(book, who);
    await timed(commits, () => book.commit(run));
  }
  steps["book commit (file, WAL, NORMAL)"] = commits;
  const sample = {
    output: { shares: ["4", "3", "3"] },
    record,
    signature: `0x${"cd".repeat(65)}`,
    owed: book.owed(payer.address, 7n, token),
  };
  await step("answer JSON (canonicalJson)", () => canonicalJson(sample as never));
  const last = client.vouchers.at(-1)!;
  await step("voucher: payer signs (client)", () =>
    signMetering(payer, escrow, { kind: "voucher", value: last.voucher }),
  );
  // Vouchers for the runs just committed, signed beforehand so that only the gateway's check is timed.
  const signedVouchers = await Promise.all(
    Array.from({ length: STEPS }, async (_, i) => {
      const nonce = BigInt(i + 1);
      const { owed, period: at } = book.owedAt(payer.address, 7n, token, nonce)!;
      const voucher: Voucher = { ...last.voucher, assetId: 7n, ...owed, period: at, nonce };
      return { voucher, signature: await signMetering(payer, escrow, { kind: "voucher", value: voucher }) };
    }),
  );
  await step("voucher: gateway checks + keeps", (i) =>
    acceptVoucher(book, { escrow, runner: runner.address }, signedVouchers[i]!.voucher, signedVouchers[i]!.signature),
  );
  book.close();

  // Throughput: several payers in parallel against as many direct callers.
  say(`funding ${PAYERS} payers; then ${PAYERS} × ${PER_PAYER} paid calls in parallel, and as many direct…`);
  const payers = Array.from({ length: PAYERS }, () => privateKeyToAccount(generatePrivateKey()));
  for (const p of payers) await fund(p, PER_PAYER);
  const clients = payers.map((account) =>
    payerClient({
      url,
      account,
      escrow,
      runner: runner.address,
      token,
      publicClient: world.client,
      now: () => world.now,
    }),
  );
  for (const c of clients) for (let i = 0; i < 2; i++) await c.call(assetId, INPUT); // The free tier, used up.
  const sustained: number[] = [];
  let start = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      for (let i = 0; i < PER_PAYER; i++) {
        const { voucher } = await timed(sustained, () => c.call(assetId, INPUT));
        if (voucher === undefined) throw new Error("a paid call got no voucher");
      }
    }),
  );
  const gatewaySeconds = (performance.now() - start) / 1000;
  const directConcurrent: number[] = [];
  start = performance.now();
  await Promise.all(
    payers.map(async () => {
      for (let i = 0; i < PER_PAYER; i++) await timed(directConcurrent, () => world.direct(INPUT));
    }),
  );
  const directSeconds = (performance.now() - start) / 1000;

  // Gas from receipts: the first redemption of the latency payer's channel, a later one, and `pay` by hand.
  say("redeeming, paying by hand and anchoring…");
  const middle = client.vouchers[Math.floor(client.vouchers.length / 2)]!;
  const redeemFirst = await world.send(runner, escrow.address, meteringEscrowAbi, "redeem", [
    middle.voucher,
    middle.signature,
  ]);
  const redeemLater = await world.send(runner, escrow.address, meteringEscrowAbi, "redeem", [
    last.voucher,
    last.signature,
  ]);
  const [paidOut] = parseEventLogs({ abi: revenueRouterAbi, eventName: "RevenuePaid", logs: redeemLater.receipt.logs });
  const router = world.deployment.contracts.RevenueRouter!.address;
  const amount = paidOut!.args.amount;
  await world.send(payer, token, demoTokenAbi, "mint", [payer.address, amount]);
  await world.send(payer, token, demoTokenAbi, "approve", [router, amount]);
  const byHand = await world.send(payer, router, revenueRouterAbi, "pay", [assetId, token, amount]);
  const anchored = performance.now();
  const records = periodRecords(runner.address, period, world.runsOf(period));
  const treeMs = performance.now() - anchored;
  // The URI's length as `bench:gas` gives it (a CIDv1 behind ipfs://), so the two figures compare.
  const anchor = await world.send(runner, escrow.address, meteringEscrowAbi, "anchor", [
    period,
    records.root,
    records.count,
    `ipfs://${"b".repeat(59)}`,
  ]);

  const directLatency = latencyOf(direct);
  const paidLatency = latencyOf(paid.call);
  const overhead = {
    p50: round(paidLatency.p50 - directLatency.p50),
    p99: round(paidLatency.p99 - directLatency.p99),
    ratioP50: round(paidLatency.p50 / directLatency.p50, 2),
    ratioP99: round(paidLatency.p99 / directLatency.p99, 2),
  };
  const breakdown = Object.fromEntries(Object.entries(steps).map(([name, s]) => [name, latencyOf(s)]));
  const result = {
    calls: CALLS,
    targets: { p99OverheadMs: TARGET_P99_OVERHEAD_MS },
    met: { p99OverheadMs: overhead.p99 < TARGET_P99_OVERHEAD_MS },
    latencyMs: {
      direct: directLatency,
      paid: paidLatency,
      overhead,
      freeNewSession: latencyOf(freeCold),
      freeSeenSession: latencyOf(freeWarm),
      freeDirect: latencyOf(freeDirect),
      voucherSign: latencyOf(paid.sign),
      voucherPost: latencyOf(paid.post),
      gc,
    },
    breakdownMs: breakdown,
    throughput: {
      payers: PAYERS,
      callsPerPayer: PER_PAYER,
      paidCallsPerSecond: Math.round((PAYERS * PER_PAYER) / gatewaySeconds),
      httpRequestsPerSecond: Math.round((2 * PAYERS * PER_PAYER) / gatewaySeconds),
      directCallsPerSecond: Math.round((PAYERS * PER_PAYER) / directSeconds),
      ratio: round(directSeconds / gatewaySeconds, 2),
      /** A payer client's whole call: the run, its record checked, the voucher signed and posted. */
      clientCallLatencyMs: latencyOf(sustained),
      directLatencyMs: latencyOf(directConcurrent),
    },
    gas: {
      redeemFirst: Number(redeemFirst.receipt.gasUsed),
      redeemLater: Number(redeemLater.receipt.gasUsed),
      payByHand: Number(byHand.receipt.gasUsed),
      redeemLaterOverPay: round(Number(redeemLater.receipt.gasUsed) / Number(byHand.receipt.gasUsed), 2),
      anchor: Number(anchor.receipt.gasUsed),
      anchoredRecords: records.count,
      recordsTreeMs: Math.round(treeMs),
    },
  };

  const row = (label: string, l: Latency, extra = "") =>
    say(
      `${label.padEnd(36)}${String(l.p50).padStart(9)}${String(l.p99).padStart(9)}${String(l.max).padStart(9)}  ${extra}`,
    );
  say(`\n${"latency, ms".padEnd(36)}${"p50".padStart(9)}${"p99".padStart(9)}${"max".padStart(9)}`);
  row("direct (peer)", directLatency, `n=${directLatency.n}`);
  row("gateway, paid call", paidLatency, `n=${paidLatency.n}`);
  say(
    `${"overhead (gateway − direct)".padEnd(36)}${String(overhead.p50).padStart(9)}${String(overhead.p99).padStart(9)}${"".padStart(9)}  ×${overhead.ratioP50} p50, ×${overhead.ratioP99} p99; target p99 < ${TARGET_P99_OVERHEAD_MS} ms: ${result.met.p99OverheadMs ? "met" : "MISSED"}`,
  );
  row("gateway, free call (new session)", result.latencyMs.freeNewSession);
  row("gateway, free call (seen session)", result.latencyMs.freeSeenSession);
  row("direct, beside the free calls", result.latencyMs.freeDirect);
  row("payer signs its voucher", result.latencyMs.voucherSign);
  row("POST /v1/vouchers", result.latencyMs.voucherPost);
  say(
    `GC in this process during the ${CALLS} + ${CALLS} calls: ${gc.scavenges} scavenges (pause p50 ${gc.scavengeMs?.p50 ?? "-"} ms, max ${gc.scavengeMs?.max ?? "-"} ms), ${gc.otherPauses} other pauses; one started inside ${gc.paidCallsWithGc} paid calls and ${gc.directCallsWithGc} direct calls`,
  );
  say(`\n${"steps in isolation, ms".padEnd(36)}${"p50".padStart(9)}${"p99".padStart(9)}${"max".padStart(9)}`);
  for (const [name, l] of Object.entries(breakdown)) row(name, l);
  const t = result.throughput;
  say(
    `\nthroughput, ${t.payers} payers × ${t.callsPerPayer} paid calls: ${t.paidCallsPerSecond} paid calls/s (${t.httpRequestsPerSecond} HTTP requests/s with the vouchers), direct ${t.directCallsPerSecond} calls/s at the same concurrency (gateway ×${t.ratio} of direct); a client's paid call with its voucher p50 ${t.clientCallLatencyMs.p50} ms, p99 ${t.clientCallLatencyMs.p99} ms`,
  );
  const g = result.gas;
  say(
    `gas: redeem ${g.redeemFirst.toLocaleString("en-US")} (new channel), ${g.redeemLater.toLocaleString("en-US")} (later voucher) vs RevenueRouter.pay by hand ${g.payByHand.toLocaleString("en-US")} (×${g.redeemLaterOverPay}); anchor of ${g.anchoredRecords} records ${g.anchor.toLocaleString("en-US")} (tree built in ${g.recordsTreeMs} ms)`,
  );
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await rm(scratch, { recursive: true, force: true });
  await world.stop();
}
