/**
 * Incremental epochs on a real Hardhat node: each epoch's manifest commits the chain state it was read to, the next
 * epoch reads on from that state (only its own blocks' logs), and the result is byte for byte what reading every
 * log since deployment gives, over six epochs with new assets, contributions, a revocation and revenue between
 * them. A state that is not the committed one, or a previous manifest the chain did not record, is refused by
 * name, and `full` reads around it; the audit checks each epoch's state against the previous one's and, with
 * `--full`, against a read from deployment.
 */
import assert from "node:assert/strict";
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  type AppliedScenario,
  auditEpoch,
  ChainStateMismatchError,
  ChainStateMissingError,
  chainStateHash,
  ManifestMismatchError,
  ManifestStore,
  payRevenue,
  prepareEpoch,
  readChain,
  runEpoch,
  type Scenario,
  ScoreStore,
  scenarioOracleConfig,
  walletClientOf,
  writeOracleConfig,
} from "@coherence/oracle";
import { contributionLedgerAbi, type Deployment } from "@coherence/protocol";
import type { PublicClient } from "viem";
import { runCcn } from "./ccnBin.ts";
import { oracleScenario } from "./oracleScenario.ts";
import { type ScenarioNode, startScenarioNode } from "./scenarioNode.ts";

/** The oracle end-to-end scenario over three epochs, with an asset and contributions added in the later ones. */
function growingScenario(): Scenario {
  const base = oracleScenario();
  const review = { reviewer: "attester", bps: 7000, rationale: "Accurate and complete." };
  const costs = { laborMicroUsd: "200000000", toolsMicroUsd: "0", computeMicroUsd: "1000000" };
  return {
    ...base,
    name: "incremental-epochs",
    assets: [
      ...base.assets,
      { key: "guide", kind: "Docs", owner: "ada", parents: [{ asset: "ledger", weightBps: 2000 }], epoch: 2 },
    ],
    contributions: [
      ...base.contributions,
      { asset: "guide", contributor: "grace", evidence: "guide-v1", review, costs, epoch: 2 },
      { asset: "handbook", contributor: "margaret", evidence: "handbook-v2", review, costs, epoch: 3 },
    ],
    revenue: [
      ...base.revenue,
      { asset: "guide", token: "dETH", amount: "1000000000000000000", payer: "payer", epoch: 3 },
      { asset: "app", token: "dUSD", amount: "3000000000", payer: "payer", epoch: 3 },
    ],
    epochs: [1, 2, 3],
    claims: [],
  };
}

describe("incremental epochs on a Hardhat node", { timeout: 900_000 }, () => {
  let work: string;
  let rpcUrl: string;
  let client: PublicClient;
  let deployment: Deployment;
  let applied: AppliedScenario;
  let world: ScenarioNode | undefined;

  before(async () => {
    world = await startScenarioNode("ccn-incremental-", growingScenario());
    ({ work, rpcUrl, client, deployment, applied } = world);
  });

  after(() => world?.stop());

  const published = () => new ManifestStore(applied.manifestsDir);
  const pay = (asset: string, token: string, amount: bigint) =>
    payRevenue(
      { deployment, rpcUrl, publicClient: client },
      { name: "payer", account: applied.accounts.get("payer")! },
      applied.assets[asset]!,
      deployment.tokens.find((t) => t.symbol === token)!.address,
      amount,
    );
  /** A copy of the published manifests and states, for a computation that must not touch them. */
  const copyOfPublished = async (name: string) => {
    const dir = path.join(work, name);
    await cp(applied.manifestsDir, dir, { recursive: true });
    return new ManifestStore(dir);
  };
  const prepare = async (manifests: ManifestStore, toBlock: bigint, full = false) =>
    prepareEpoch({
      client,
      deployment,
      toBlock,
      scoring: applied.scoring,
      reviews: applied.reviews,
      costs: applied.costs,
      scores: await ScoreStore.open(path.join(applied.operators[0]!.dataDir, "scores")),
      manifests,
      codeVersion: "test",
      full,
    });
  const runNext = () =>
    runEpoch({
      publicClient: client,
      rpcUrl,
      deployment,
      operators: applied.operators,
      scoring: applied.scoring,
      reviews: applied.reviews,
      costs: applied.costs,
      codeVersion: "test",
      publishDir: applied.manifestsDir,
      timeTravel: true,
    });
  /** Epoch `n`'s published manifest, checked against the chain. */
  const manifestOf = async (n: bigint) => (await published().read(n, await onChainHash(n))).manifest;
  const onChainHash = async (n: bigint) => {
    const { epochs } = await readChain({ client, deployment, fromBlock: 1n, toBlock: await client.getBlockNumber() });
    return epochs.find((e) => e.epoch === n)!.manifestHash;
  };

  test("each epoch read on from the previous one's committed state, and commits the state a read from deployment gives", async () => {
    assert.equal(applied.epochs.length, 3);
    assert.deepEqual(
      applied.epochs.map((e) => e.prepared.chainRead.mode),
      ["full", "incremental", "incremental"],
    );
    for (const [i, run] of applied.epochs.entries()) {
      const n = BigInt(i + 1);
      const manifest = await manifestOf(n);
      const { fromBlock, toBlock } = manifest.epoch;
      const fromDeployment = await readChain({ client, deployment, fromBlock, toBlock });
      assert.deepEqual(manifest.chainState, { block: toBlock, hash: await chainStateHash(fromDeployment.state) });
      assert.equal(run.prepared.chainRead.firstBlock, fromBlock, "from deployment for epoch 1, then its own blocks");
      if (i === 0) continue;
      const previous = (await manifestOf(n - 1n)).chainState!;
      const resumed = await readChain({
        client,
        deployment,
        fromBlock,
        toBlock,
        since: await published().readState(n - 1n, previous),
      });
      const { logsRead: _a, ...resumedViews } = resumed;
      const { logsRead: _b, ...fullViews } = fromDeployment;
      assert.deepEqual(resumedViews, fullViews, `epoch ${n}: the same assets, contributions, revenue and epochs`);
      assert.ok(resumed.logsRead < fromDeployment.logsRead);
    }
  });

  test("after a revocation and new revenue, epoch 4 read on from epoch 3's state is byte for byte the one read from deployment", async () => {
    const sloppy = applied.contributions["app/linus/sloppy"]!;
    const attester = walletClientOf(31337, rpcUrl, applied.accounts.get("attester")!);
    const hash = await attester.writeContract({
      address: deployment.contracts.ContributionLedger.address,
      abi: contributionLedgerAbi,
      functionName: "revoke",
      args: [sloppy, "copied from another project"],
      chain: attester.chain,
      account: attester.account!,
    });
    await client.waitForTransactionReceipt({ hash });
    await pay("guide", "dETH", 500_000_000_000_000_000n);
    await pay("ledger", "dUSD", 2_000_000_000n);
    const toBlock = await client.getBlockNumber();

    const incremental = await prepare(await copyOfPublished("incremental-4"), toBlock);
    const full = await prepare(await copyOfPublished("full-4"), toBlock, true);
    assert.equal(incremental.chainRead.mode, "incremental");
    assert.equal(full.chainRead.mode, "full");
    assert.ok(incremental.chainRead.logsRead < full.chainRead.logsRead);
    assert.ok(!incremental.manifest.inputs.contributions.some((c) => c.id === sloppy.toLowerCase()), "revoked");
    assert.deepEqual(await readFile(incremental.manifestFile), await readFile(full.manifestFile));
    assert.equal(incremental.proposal.manifestHash, full.proposal.manifestHash);
    assert.deepEqual(
      await readFile(path.join(path.dirname(incremental.manifestFile), "epoch-4.chain-state.jsonl")),
      await readFile(path.join(path.dirname(full.manifestFile), "epoch-4.chain-state.jsonl")),
    );
  });

  test("a state that is not the committed one, a missing one, or a previous manifest the chain did not record is refused by name; full reads around the state", async () => {
    const toBlock = await client.getBlockNumber();
    const reference = await prepare(await copyOfPublished("reference-4"), toBlock);

    const tampered = await copyOfPublished("tampered-state-4");
    const stateFile = tampered.statePathOf(3n);
    const text = await readFile(stateFile, "utf8");
    await writeFile(stateFile, text.replace(/"laborMicroUsd":"(\d)/, '"laborMicroUsd":"9$1'));
    await assert.rejects(prepare(tampered, toBlock), ChainStateMismatchError);
    const around = await prepare(tampered, toBlock, true);
    assert.equal(around.proposal.manifestHash, reference.proposal.manifestHash);

    const missing = await copyOfPublished("missing-state-4");
    await rm(missing.statePathOf(3n));
    await assert.rejects(prepare(missing, toBlock), ChainStateMissingError);
    assert.equal((await prepare(missing, toBlock, true)).proposal.manifestHash, reference.proposal.manifestHash);

    // Epoch 3's manifest with another code version: its own state still loads, but the chain committed other bytes.
    const other = await copyOfPublished("other-manifest-4");
    const manifestFile = other.pathOf(3n);
    await writeFile(
      manifestFile,
      (await readFile(manifestFile, "utf8")).replace('"codeVersion":"test"', '"codeVersion":"tesT"'),
    );
    await assert.rejects(prepare(other, toBlock), ManifestMismatchError);
    await assert.rejects(prepare(other, toBlock, true), ManifestMismatchError);
  });

  test("over six epochs each epoch reads only its own blocks' logs, and every log is read once", async () => {
    const four = await runNext();
    assert.equal(four.finalised, true);
    for (const amount of [4_000_000_000n, 5_000_000_000n]) {
      await pay("app", "dUSD", amount);
      assert.equal((await runNext()).prepared.chainRead.mode, "incremental");
    }
    const rows: { epoch: bigint; full: number; incremental: number; fullMs: number; incrementalMs: number }[] = [];
    for (let n = 2n; n <= 6n; n++) {
      const { fromBlock, toBlock } = (await manifestOf(n)).epoch;
      let started = performance.now();
      const full = await readChain({ client, deployment, fromBlock, toBlock });
      const fullMs = performance.now() - started;
      const since = await published().readState(n - 1n, (await manifestOf(n - 1n)).chainState!);
      started = performance.now();
      const incremental = await readChain({ client, deployment, fromBlock, toBlock, since });
      rows.push({
        epoch: n,
        full: full.logsRead,
        incremental: incremental.logsRead,
        fullMs,
        incrementalMs: performance.now() - started,
      });
      assert.equal(await chainStateHash(incremental.state), await chainStateHash(full.state));
    }
    const first = await readChain({ client, deployment, fromBlock: 1n, toBlock: (await manifestOf(1n)).epoch.toBlock });
    const last = await readChain({ client, deployment, fromBlock: 1n, toBlock: (await manifestOf(6n)).epoch.toBlock });
    assert.equal(
      first.logsRead + rows.reduce((sum, r) => sum + r.incremental, 0),
      last.logsRead,
      "the epochs' incremental reads cover every log up to epoch 6 once",
    );
    for (const r of rows) assert.ok(r.incremental < r.full, `epoch ${r.epoch}`);
    console.log(
      [
        "epoch  logs full  logs incremental  ms full  ms incremental",
        ...rows.map(
          (r) =>
            `${String(r.epoch).padStart(5)}  ${String(r.full).padStart(9)}  ${String(r.incremental).padStart(16)}  ${r.fullMs.toFixed(1).padStart(7)}  ${r.incrementalMs.toFixed(1).padStart(14)}`,
        ),
      ].join("\n"),
    );
  });

  test("the audit checks every epoch's state against the previous one's and, with full, against a read from deployment", async () => {
    for (let n = 1n; n <= 6n; n++) {
      for (const full of [false, true]) {
        const report = await auditEpoch({ client, deployment, epoch: n, manifests: published(), full });
        assert.deepEqual(report.findings, [], `epoch ${n}${full ? " (full)" : ""}`);
        assert.ok(report.checks.includes("chain state"));
      }
    }
    // Epoch 5's published state altered: epoch 6's audit names it, and still checks epoch 6 from deployment.
    const tampered = await copyOfPublished("audit-tampered");
    const stateFile = tampered.statePathOf(5n);
    await writeFile(
      stateFile,
      (await readFile(stateFile, "utf8")).replace(/"uri":"[^"]*"/, '"uri":"ipfs://elsewhere"'),
    );
    const report = await auditEpoch({ client, deployment, epoch: 6n, manifests: tampered });
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.findings.map((f) => f.check),
      ["chain state"],
    );
    assert.match(
      report.findings[0]!.message,
      /epoch 5's committed state cannot be used: The chain state .* is not the one its manifest commits/,
    );
  });

  test("`ccn epoch prepare` reads on from the last epoch's state, `--full` from deployment, to the same manifest; `ccn audit --full` passes", async () => {
    await pay("handbook", "dETH", 250_000_000_000_000_000n);
    const file = path.join(work, "ccn.json");
    await writeOracleConfig(file, {
      ...scenarioOracleConfig(applied, { chainId: 31337, rpcUrl, deploymentsDir: path.join(work, "deployments") }),
      dataDir: applied.operators[0]!.dataDir,
    });
    const toBlock = String(await client.getBlockNumber());
    const resumed = await runCcn(["epoch", "prepare", "--config", file, "--to-block", toBlock]);
    assert.equal(resumed.code, 0, resumed.output);
    assert.match(resumed.output, /chain read on from the last epoch's state: blocks \d+\.\.\d+, \d+ logs/);
    const full = await runCcn(["epoch", "prepare", "--full", "--config", file, "--to-block", toBlock]);
    assert.equal(full.code, 0, full.output);
    assert.match(full.output, /chain read from deployment: blocks \d+\.\.\d+, \d+ logs/);
    const hashOf = (output: string) => /manifest .*epoch-7\.json \((0x[0-9a-f]{64})\)/.exec(output)?.[1];
    assert.ok(hashOf(resumed.output) !== undefined);
    assert.equal(hashOf(full.output), hashOf(resumed.output));
    const audit = await runCcn(["audit", "6", "--full", "--config", file]);
    assert.equal(audit.code, 0, audit.output);
    assert.match(audit.output, /epoch 6 \(finalised\): audit passed — checked .*chain state/);
  });
});
