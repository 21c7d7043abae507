/**
 * Replay checks and the usage report through `ccn` on a real chain (a Hardhat node with the local deployment and
 * the gateway world): an honest runner's anchored period replays record for record from the pinned bundle; a
 * runner that anchored a tampered output is caught by `ccn usage replay`, disputed on-chain with `--dispute`, and
 * its unredeemed voucher of that period can no longer be redeemed, so nothing is paid; a records file that is not
 * what was anchored, or cannot be fetched, is refused by name. `ccn usage report` adds it all up.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { freePort, governLocally, rpc } from "@coherence/devnet";
import { type CommittedRun, chargeOf, payerClient } from "@coherence/gateway";
import {
  accountOf,
  FREE_CALLS,
  type GatewayWorld,
  HOSTING_FEE_BPS,
  PRICE,
  startGatewayWorld,
} from "@coherence/gateway/testing";
import { HARDHAT_MNEMONIC, periodRecords, writeOracleConfig } from "@coherence/oracle";
import {
  canonicalHash,
  demoTokenAbi,
  type JsonValue,
  meteringEscrowAbi,
  type RecordOfRun,
  recordLeafHash,
  signMetering,
  type Voucher,
} from "@coherence/protocol";
import { CallRefusedError } from "@coherence/protocol/actions";
import { encodeFunctionData, type Hex, keccak256, parseEventLogs, stringToBytes } from "viem";
import { mnemonicToAccount } from "viem/accounts";

import { keyOf, runCcn } from "./ccnBin.ts";

const DISPUTER = 18;
const disputer = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: DISPUTER });
const treasury = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: 19 });
const BOND = 5n * PRICE;

const payer = accountOf("payer");
const runner = accountOf("runner");
const mallory = accountOf("mallory");
const owner = accountOf("owner");

type ReplayJson = {
  anchorBlock: string;
  seedBlock: string;
  seed: Hex;
  records: {
    index: number;
    nonce: string;
    expectedOutputHash: Hex;
    actualOutputHash?: Hex;
    result: string;
    problem?: string;
  }[];
  dispute?: { disputeId: string; transactionHash: Hex };
};

type ReportJson = {
  periods: {
    assetId: string;
    period: string;
    runs: number;
    payers: number;
    units: string;
    freeRuns: number;
    redemptions: number;
    revenue: { token: Hex; toAsset: string; toRunner: string }[];
    anchors: { runner: Hex; records: number }[];
    disputes: { opened: number; open: number; upheld: number; rejected: number };
  }[];
  unreadableAnchors: { runner: Hex; period: string; problem: string }[];
};

describe("replay checks and the usage report through ccn", { timeout: 300_000 }, () => {
  let world: GatewayWorld;
  let work: string;
  let config: string;
  let period: bigint;
  let server: Server;
  let filesUrl: string;
  let tamperedRecord: RecordOfRun;
  const filesDir = () => path.join(work, "files");

  before(async () => {
    world = await startGatewayWorld();
    work = await mkdtemp(path.join(tmpdir(), "ccn-usage-replay-"));
    // The replay reads only the chain and the deployment from the config; its format requires a scoring config,
    // given here as the published first version's defaults.
    config = path.join(work, "ccn.config.json");
    await writeOracleConfig(config, {
      format: "coherence-oracle-v1",
      chainId: world.deployment.chainId,
      rpcUrl: world.rpcUrl,
      deploymentsDir: world.deploymentsDir,
      dataDir: path.join(work, "data"),
      manifestsDir: path.join(work, "manifests"),
      scoring: JSON.parse(
        '{"format":"coherence-scoring-v1","weights":{"lint":1500,"complexity":1500,"tests":2000,"docs":1500,"novelty":2500,"architecture":1000},"curves":{"lint":{"linesPerFindingAtHalf":10},"complexity":{"fullUpTo":5,"zeroAt":25},"tests":{"targetRatioPercent":50,"patterns":["**/*.test.*"]},"novelty":{"shingleTokens":25,"window":4},"architecture":{"penaltyBps":2500}},"multiplier":{"kind":"linear","baseBps":5000,"slopeBps":10000},"repositories":{}}',
      ),
      reviews: {},
    });
    await governLocally({
      rpcUrl: world.rpcUrl,
      deployment: world.deployment,
      target: world.escrow.address,
      data: encodeFunctionData({
        abi: meteringEscrowAbi,
        functionName: "setDisputeTerms",
        args: [{ token: world.token, bond: BOND, treasury: treasury.address }],
      }),
    });
    const periodLength = await world.client.readContract({
      address: world.escrow.address,
      abi: meteringEscrowAbi,
      functionName: "periodLength",
    });
    period = world.now / BigInt(periodLength);

    await mkdir(filesDir());
    server = createServer((request, response) => {
      readFile(path.join(filesDir(), path.basename(request.url ?? "")))
        .then((bytes) => response.writeHead(200, { "content-type": "application/json" }).end(bytes))
        .catch(() => response.writeHead(404).end());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    filesUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await world?.stop();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  const ccn = (args: string[], env: NodeJS.ProcessEnv = {}) => runCcn([...args, "--config", config], env);
  const json = <T>(output: string): T => JSON.parse(output.slice(output.indexOf("{"))) as T;
  const replay = (by: Hex, ...more: string[]) =>
    // The disputer's key, which only --dispute uses, as every ccn command that sends takes it.
    ccn(["usage", "replay", by, String(period), "--bundle", world.manifestFile, ...more], {
      CCN_PRIVATE_KEY: keyOf(DISPUTER),
    });
  const mine = () => rpc(world.rpcUrl, "evm_mine");

  test("an honest runner's paid and free calls, anchored, replay record for record; the sample waits for the block after the anchor and is the same on every run", async () => {
    const client = payerClient({
      url: world.url,
      account: payer,
      escrow: world.escrow,
      runner: runner.address,
      token: world.token,
      publicClient: world.client,
      now: () => world.now,
    });
    let vouchers = 0;
    for (let i = 0; i < Number(FREE_CALLS) + 2; i++) {
      const { voucher } = await client.call(world.assetId, { amount: String(100 + i), weights: [1, 2, 3] });
      if (voucher !== undefined) vouchers++;
    }
    assert.equal(vouchers, 2, "two paid calls, each vouchered");
    const redeemed = await world.redeem();
    assert.ok(
      redeemed.every((r) => "transactionHash" in r),
      JSON.stringify(redeemed, (_, v) => String(v)),
    );
    const [anchoring] = await world.anchor(period + 1n);
    assert.ok(anchoring !== undefined && "transactionHash" in anchoring);

    const early = await replay(runner.address);
    assert.equal(early.code, 1, early.output);
    assert.match(early.output, /the chain has finalised only up to/);

    await mine();
    const checked = await replay(runner.address, "--json");
    assert.equal(checked.code, 0, checked.output);
    const result = json<ReplayJson>(checked.output);
    assert.equal(BigInt(result.seedBlock), BigInt(result.anchorBlock) + 1n);
    assert.deepEqual(
      result.records.map((r) => [r.index, r.result, r.actualOutputHash === r.expectedOutputHash]),
      [0, 1, 2, 3].map((i) => [i, "matched", true]),
    );
    const [first, second] = await Promise.all([
      replay(runner.address, "--json", "--sample", "2"),
      replay(runner.address, "--json", "--sample", "2"),
    ]);
    assert.equal(first.code, 0, first.output);
    assert.deepEqual(json<ReplayJson>(first.output), json<ReplayJson>(second.output));
    assert.equal(json<ReplayJson>(first.output).records.length, 2);
  });

  test("a runner that anchored a tampered output is caught, disputed with --dispute, and its voucher of that period is not redeemed", async () => {
    await world.send(owner, world.escrow.address, meteringEscrowAbi, "setRunner", [
      world.assetId,
      mallory.address,
      true,
    ]);
    const runs: CommittedRun[] = [];
    for (const nonce of [1n, 2n, 3n, 4n]) {
      const input = { amount: String(10 * Number(nonce)), weights: [1, 1, 1] };
      const { output } = await world.direct(input);
      // The second run's answer is not what the pinned bundle computes; the fourth's published input is not the one
      // its record hashes, so it cannot be replayed.
      const answered: JsonValue = nonce === 2n ? { shares: ["20", "0", "0"] } : output;
      const shown = nonce === 4n ? { ...input, amount: "999" } : input;
      const charge = chargeOf(1n, nonce - 1n, { pricePerUnit: PRICE, freeUnitsPerPeriod: FREE_CALLS }, HOSTING_FEE_BPS);
      const record: RecordOfRun = {
        assetId: world.assetId,
        bundleHash: bundleHashOf(),
        inputHash: canonicalHash(input),
        outputHash: canonicalHash(answered),
        runner: mallory.address,
        payer: payer.address,
        units: 1n,
        price: charge.amount,
        nonce,
        time: world.now,
      };
      const signature = await signMetering(mallory, world.escrow, { kind: "recordOfRun", value: record });
      runs.push({ record, input: shown, output: answered, signature, token: world.token, period, charge });
    }
    tamperedRecord = runs[1]!.record;
    const published = periodRecords(mallory.address, period, runs);
    const name = `${keccak256(stringToBytes(published.file))}.json`;
    await writeFile(path.join(filesDir(), name), published.file);
    await world.send(mallory, world.escrow.address, meteringEscrowAbi, "anchor", [
      period,
      published.root,
      published.count,
      `${filesUrl}/v1/records/${name}`,
    ]);
    const voucher: Voucher = {
      payer: payer.address,
      runner: mallory.address,
      assetId: world.assetId,
      token: world.token,
      units: 1n,
      amount: PRICE,
      hostingFee: PRICE / 10n,
      period,
      nonce: 3n,
    };
    const voucherSignature = await signMetering(payer, world.escrow, { kind: "voucher", value: voucher });
    await mine();

    const caught = await replay(mallory.address, "--json");
    assert.equal(caught.code, 1, caught.output);
    const { records } = json<ReplayJson>(caught.output);
    assert.match(records[3]?.problem ?? "", /^the published input hashes to 0x[0-9a-f]{64}, not the record's/);
    assert.deepEqual(
      records.map((r) => [r.nonce, r.result]),
      [
        ["1", "matched"],
        ["2", "mismatch"],
        ["3", "matched"],
        ["4", "unreadable"],
      ],
    );

    await world.send(disputer, world.token, demoTokenAbi, "mint", [disputer.address, BOND]);
    const disputed = await replay(mallory.address, "--json", "--dispute");
    assert.equal(disputed.code, 1, disputed.output);
    const { dispute } = json<ReplayJson>(disputed.output);
    assert.ok(dispute !== undefined, disputed.output);
    const receipt = await world.client.getTransactionReceipt({ hash: dispute.transactionHash });
    const [event] = parseEventLogs({ abi: meteringEscrowAbi, eventName: "RecordDisputed", logs: receipt.logs });
    assert.equal(event?.args.runner, mallory.address);
    assert.equal(event?.args.period, period);
    assert.equal(event?.args.recordLeaf, recordLeafHash(tamperedRecord));
    assert.equal(event?.args.disputer, disputer.address);
    assert.equal(event?.args.bond, BOND);

    const escrowBefore = await escrowBalance();
    await assert.rejects(
      world.send(mallory, world.escrow.address, meteringEscrowAbi, "redeem", [voucher, voucherSignature]),
      (error: unknown) => error instanceof CallRefusedError && error.reason === "MeteringEscrowPeriodFrozen",
    );
    assert.equal(await escrowBalance(), escrowBefore, "nothing paid");
  });

  test("the usage report adds up runs, free runs, payers, revenue and the replay's dispute per asset and period", async () => {
    const shown = await ccn(["usage", "report", "--asset", String(world.assetId), "--json"]);
    assert.equal(shown.code, 0, shown.output);
    const { periods, unreadableAnchors } = json<ReportJson>(shown.output);
    assert.deepEqual(unreadableAnchors, []);
    assert.equal(periods.length, 1, shown.output);
    const [usage] = periods;
    assert.deepEqual(
      {
        assetId: usage!.assetId,
        period: usage!.period,
        runs: usage!.runs,
        freeRuns: usage!.freeRuns,
        payers: usage!.payers,
        units: usage!.units,
        redemptions: usage!.redemptions,
      },
      {
        assetId: String(world.assetId),
        period: String(period),
        runs: 8,
        freeRuns: 4,
        payers: 1,
        units: "8",
        redemptions: 1,
      },
    );
    assert.deepEqual(usage!.revenue, [
      { token: world.token, toAsset: String(2n * PRICE), toRunner: String((2n * PRICE) / 10n) },
    ]);
    assert.deepEqual(
      usage!.anchors.map((a) => [a.runner, a.records]),
      [
        [runner.address, 4],
        [mallory.address, 4],
      ],
    );
    assert.deepEqual(usage!.disputes, { opened: 1, open: 1, upheld: 0, rejected: 0 });
    const text = await ccn(["usage", "report"]);
    assert.equal(text.code, 0, text.output);
    assert.match(text.output, /8 runs \(4 free\) by 1 payers, 8 units, 1 redemptions/);
    assert.match(text.output, /revenue 2 dUSD to the asset, 0\.2 dUSD hosting fees/);
  });

  test("a records file whose bytes are not what its name and anchor say, or that cannot be fetched, is refused by name", async () => {
    const earlier = period - 1n;
    const honest = periodRecords(mallory.address, earlier, [{ ...(await oneRun(earlier)), period: earlier }]);
    const name = `${keccak256(stringToBytes(honest.file))}.json`;
    // Published under its anchored name, then changed.
    await writeFile(path.join(filesDir(), name), honest.file.replace('"units":"1"', '"units":"2"'));
    await world.send(mallory, world.escrow.address, meteringEscrowAbi, "anchor", [
      earlier,
      honest.root,
      honest.count,
      `${filesUrl}/v1/records/${name}`,
    ]);
    const closed = `http://127.0.0.1:${await freePort()}/v1/records/${name}`;
    await world.send(runner, world.escrow.address, meteringEscrowAbi, "anchor", [earlier, honest.root, 1, closed]);
    await mine();

    const edited = await ccn(["usage", "replay", mallory.address, String(earlier), "--bundle", world.manifestFile]);
    assert.equal(edited.code, 1, edited.output);
    assert.match(
      edited.output,
      /ccn: the records file at \S+ hashes to 0x[0-9a-f]{64}, not to the 0x[0-9a-f]{64} it is named by/,
    );
    const unreachable = await ccn(["usage", "replay", runner.address, String(earlier), "--bundle", world.manifestFile]);
    assert.equal(unreachable.code, 1, unreachable.output);
    assert.match(unreachable.output, /ccn: the records file of \S+ period \d+ is unreachable/);
    const report = json<ReportJson>((await ccn(["usage", "report", "--json"])).output);
    assert.deepEqual(
      report.unreadableAnchors.map((a) => [a.runner, a.period, a.problem.split(":")[0]]),
      [
        [mallory.address, String(earlier), "RecordsHashMismatchError"],
        [runner.address, String(earlier), "RecordsUnreachableError"],
      ],
    );
  });

  function bundleHashOf(): Hex {
    return world.runsOf(period)[0]!.record.bundleHash;
  }

  async function oneRun(at: bigint): Promise<CommittedRun> {
    const input = { amount: "1", weights: [1] };
    const { output } = await world.direct(input);
    const record: RecordOfRun = {
      assetId: world.assetId,
      bundleHash: bundleHashOf(),
      inputHash: canonicalHash(input),
      outputHash: canonicalHash(output),
      runner: mallory.address,
      payer: payer.address,
      units: 1n,
      price: 0n,
      nonce: 1n,
      time: world.now,
    };
    const signature = await signMetering(mallory, world.escrow, { kind: "recordOfRun", value: record });
    const charge = chargeOf(1n, 0n, { pricePerUnit: PRICE, freeUnitsPerPeriod: FREE_CALLS }, HOSTING_FEE_BPS);
    return { record, input, output, signature, token: world.token, period: at, charge };
  }

  async function escrowBalance(): Promise<bigint> {
    const [balance] = await world.client.readContract({
      address: world.escrow.address,
      abi: meteringEscrowAbi,
      functionName: "escrowOf",
      args: [payer.address, world.token],
    });
    return balance;
  }
});
