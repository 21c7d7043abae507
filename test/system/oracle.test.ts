/**
 * The oracle end to end on a real Hardhat node: deploy, a lineage of assets, attested contributions measured in
 * a real git repository, revenue in two tokens, epoch 1 with a 3-of-5 quorum of independent operators, finalised
 * after a time jump, claims, epoch 2 with more revenue and top-up claims; audits; and the failures that must
 * stop an operator with a clear error and nothing submitted.
 */
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { freePort, governLocally, setDisputeTermsLocally } from "@coherence/devnet";
import {
  type AppliedScenario,
  advanceTime,
  assembleManifest,
  auditEpoch,
  computeEpoch,
  costChecksInputs,
  epochInputOf,
  HARDHAT_MNEMONIC,
  ManifestStore,
  ProposalMismatchError,
  prepareEpoch,
  publicClientOf,
  RepositoryNotFoundError,
  RpcUnavailableError,
  readChain,
  ScoreStore,
  scenarioOracleConfig,
  signEpoch,
  ToBlockNotFinalisedError,
  validateScenario,
  writeOracleConfig,
} from "@coherence/oracle";
import {
  ATTESTER_STATUSES,
  assetRegistryAbi,
  type Deployment,
  demoTokenAbi,
  jsonText,
  MalformedFieldError,
  payoutDistributorAbi,
} from "@coherence/protocol";
import { cidOf, fileFromCar, manifestUriOf } from "@coherence/protocol/ipfs";
import { createWalletClient, erc20Abi, type Hex, http, keccak256, type PublicClient, toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { keyOf, runCcn } from "./ccnBin.ts";
import { oracleScenario, scenarioFile } from "./oracleScenario.ts";
import { type ScenarioNode, startScenarioNode } from "./scenarioNode.ts";

describe("oracle end to end on a Hardhat node", { timeout: 600_000 }, () => {
  let work: string;
  let rpcUrl: string;
  let client: PublicClient;
  let deployment: Deployment;
  let applied: AppliedScenario;
  let world: ScenarioNode | undefined;

  before(async () => {
    world = await startScenarioNode("ccn-oracle-e2e-", oracleScenario());
    ({ work, rpcUrl, client, deployment, applied } = world);
  });

  after(() => world?.stop());

  const distributor = () => deployment.contracts.PayoutDistributor.address;
  const ccn = runCcn;
  const read = <F extends "finalisedEpoch" | "nextEpoch" | "root">(functionName: F) =>
    client.readContract({ address: distributor(), abi: payoutDistributorAbi, functionName });

  test("finalises both epochs with a 3-of-5 quorum", async () => {
    assert.equal(applied.epochs.length, 2);
    for (const run of applied.epochs) {
      assert.equal(run.submitted.status, "proposed");
      assert.equal(run.finalised, true);
    }
    const [epoch] = await read("finalisedEpoch");
    assert.equal(epoch, 2n);
    assert.equal(await read("root"), applied.epochs[1]!.prepared.proposal.payoutRoot);
  });

  test("a squatted asset reclaimed by its verified author flows revenue by the author's lineage", async () => {
    const registry = deployment.contracts.AssetRegistry.address;
    const handbook = applied.assets.handbook!;
    const margaret = applied.accounts.get("margaret")!.address;
    const owner = await client.readContract({
      address: registry,
      abi: assetRegistryAbi,
      functionName: "ownerOf",
      args: [handbook],
    });
    assert.equal(owner, margaret, "the author owns it");
    for (const key of ["ledger", "handbook"]) {
      const verified = await client.readContract({
        address: registry,
        abi: assetRegistryAbi,
        functionName: "isVerified",
        args: [applied.assets[key]!],
      });
      assert.equal(verified, true, `${key} is verified`);
    }
    const asset = applied.epochs[0]!.prepared.manifest.inputs.assets.find((a) => a.id === handbook)!;
    assert.deepEqual(
      asset.parents.map((p) => [p.assetId, p.weightBps]),
      [[applied.assets.app!, 1000]],
      "the epoch flows handbook revenue by margaret's lineage, not the squatter's (none)",
    );
  });

  test("the app takes attestations from the attester its owner chose alone", async () => {
    const statusOf = async (name: string) =>
      ATTESTER_STATUSES[
        await client.readContract({
          address: deployment.contracts.AssetRegistry.address,
          abi: assetRegistryAbi,
          functionName: "attesterStatus",
          args: [applied.assets.app!, applied.accounts.get(name)!.address],
        })
      ];
    assert.equal(await statusOf("attester"), "Allowed");
    assert.equal(await statusOf("mallory"), "NotChosen");
  });

  test("allocates exactly the pool funded in each epoch, per token", async () => {
    for (const run of applied.epochs) {
      const funded = new Map<string, bigint>();
      for (const r of run.prepared.manifest.inputs.revenue) funded.set(r.token, (funded.get(r.token) ?? 0n) + r.amount);
      const allocated = new Map<string, bigint>();
      for (const l of run.prepared.result.leaves) {
        if (l.amount !== 0n) allocated.set(l.token, (allocated.get(l.token) ?? 0n) + l.amount);
      }
      assert.deepEqual(allocated, funded);
    }
  });

  test("scores clean work above sloppy and copied work", () => {
    const scores = new Map(applied.epochs[1]!.prepared.manifest.scores.map((s) => [s.contributionId, s.coherenceBps]));
    const score = (key: string) => scores.get(applied.contributions[key]!)!;
    assert.ok(score("ledger/ada/clean") > score("app/linus/sloppy") + 2000);
    assert.ok(score("ledger/ada/clean") > score("app/linus/copied") + 2000);
  });

  test("pays claimants exactly their cumulative amounts, with top-ups after epoch 2", async () => {
    const manifest = applied.epochs[1]!.prepared.manifest;
    const ada = applied.accounts.get("ada")!.address.toLowerCase();
    const adaLeaves = manifest.leaves.filter((l) => l.account === ada);
    assert.ok(adaLeaves.length > 0);
    let toppedUp = 0;
    for (const leaf of adaLeaves) {
      const balance = await client.readContract({
        address: leaf.token,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [leaf.account],
      });
      assert.equal(balance, leaf.cumulative, `ada's ${leaf.token} balance is her cumulative`);
      const epoch1 = applied.epochs[0]!.prepared.manifest.leaves.find(
        (l) => l.account === ada && l.token === leaf.token,
      );
      if (epoch1 !== undefined && leaf.cumulative > epoch1.cumulative) ++toppedUp;
    }
    assert.ok(toppedUp > 0, "epoch 2 topped ada up after her first claim");
  });

  test("audits both epochs clean, scores measured again included", async () => {
    const manifests = new ManifestStore(applied.manifestsDir);
    for (const epoch of [1n, 2n]) {
      const report = await auditEpoch({
        client,
        deployment,
        epoch,
        manifests,
        rescore: { scoring: applied.scoring, reviews: applied.reviews },
      });
      assert.deepEqual(report.findings, [], `epoch ${epoch}`);
      assert.equal(report.ok, true);
      assert.equal(report.status, "finalised");
    }
  });

  test("checks every cost report again: the bound one verifies, a report swapped after the epoch is named", async () => {
    const grace = applied.contributions["app/grace/solidityClean"]!.toLowerCase();
    const costs = applied.epochs[0]!.prepared.manifest.inputs.costs;
    const check = costs.find((c) => c.contributionId === grace)!;
    assert.equal(check.outcome, "verified");
    assert.ok(costs.every((c) => c.contributionId === grace || c.outcome === "unreported"));
    const audit = async (manifestsDir: string, epoch: bigint) => {
      const { store, priceTables } = await costChecksInputs(manifestsDir);
      return auditEpoch({
        client,
        deployment,
        epoch,
        manifests: new ManifestStore(manifestsDir),
        recheckCosts: { store, priceTables, scoring: applied.scoring },
      });
    };
    for (const epoch of [1n, 2n]) {
      const report = await audit(applied.manifestsDir, epoch);
      assert.ok(report.checks.includes("costs"));
      assert.deepEqual(report.findings, [], `epoch ${epoch}`);
    }

    const swapped = path.join(work, "swapped-costs");
    await cp(applied.manifestsDir, swapped, { recursive: true });
    const file = (await costChecksInputs(swapped)).store.pathOf(check.report!);
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace('"hourlyMicroUsd":"100000000"', '"hourlyMicroUsd":"200000000"'),
    );
    const report = await audit(swapped, 1n);
    const found = report.findings.filter((f) => f.check === "costs");
    assert.equal(found.length, 1);
    assert.match(
      found[0]!.message,
      new RegExp(`^cost check of ${grace}: manifest .*"outcome":"verified".*, checked again .*"outcome":"excluded"`),
    );
    assert.match(found[0]!.message, /the published file hashes to 0x[0-9a-f]{64}, not to its name/);
  });

  test("names what a consistently forged manifest changed", async () => {
    const forged = path.join(work, "forged");
    await cp(applied.manifestsDir, forged, { recursive: true });
    const store = new ManifestStore(forged);
    const { manifest } = await store.read(2n);
    const input = epochInputOf(manifest);
    const revenue = input.revenue.map((r, i) => (i === 0 ? { ...r, amount: r.amount + 1_000n } : r));
    const scores = manifest.scores.map(({ treeIndex: _, ...s }) => s);
    const result = computeEpoch({ ...input, revenue });
    await store.write(
      assembleManifest({
        codeVersion: manifest.codeVersion,
        epoch: { number: 2n, fromBlock: manifest.epoch.fromBlock, toBlock: manifest.epoch.toBlock },
        input: { ...input, revenue, scores },
        scoringConfig: manifest.config.scoring,
        result,
      }),
    );
    const report = await auditEpoch({ client, deployment, epoch: 2n, manifests: store });
    assert.equal(report.ok, false);
    const checks = new Set(report.findings.map((f) => f.check));
    assert.ok(checks.has("manifest hash"), "the bytes differ from the on-chain hash");
    assert.ok(checks.has("proposal"), "the roots differ from the proposal");
    const inputs = report.findings.find((f) => f.check === "inputs");
    assert.match(
      inputs!.message,
      new RegExp(
        `pool revenue of asset ${revenue[0]!.assetId} ${revenue[0]!.token}: manifest ${revenue[0]!.amount}, chain ${revenue[0]!.amount - 1_000n}`,
      ),
    );
  });

  test("names the line of a manifest tampered with by hand", async () => {
    const tampered = path.join(work, "tampered");
    await cp(applied.manifestsDir, tampered, { recursive: true });
    const file = path.join(tampered, "epoch-1.json");
    const text = await readFile(file, "utf8");
    const leaf = applied.epochs[0]!.prepared.manifest.leaves[0]!;
    await writeFile(file, text.replace(`"cumulative":"${leaf.cumulative}"`, `"cumulative":"${leaf.cumulative + 1n}"`));
    const report = await auditEpoch({ client, deployment, epoch: 1n, manifests: new ManifestStore(tampered) });
    assert.equal(report.ok, false);
    assert.equal(report.findings[0]!.check, "manifest");
    assert.match(report.findings[0]!.message, /leaves\[0\]\.cumulative/);
  });

  test("an operator refuses to sign a root it cannot reproduce", async () => {
    const ours = applied.epochs[1]!.prepared.proposal;
    const requested = { ...ours, payoutRoot: `0x${"ab".repeat(32)}` as const };
    await assert.rejects(
      signEpoch({
        account: applied.accounts.get("oracle4")!,
        chainId: 31337,
        distributor: distributor(),
        ours,
        requested,
      }),
      (error: unknown) => error instanceof ProposalMismatchError && error.fields.join() === "payoutRoot",
    );
  });

  describe("bad input stops the operator with a clear error and submits nothing", () => {
    const prepare = async (overrides: Partial<Parameters<typeof prepareEpoch>[0]>) =>
      prepareEpoch({
        client,
        deployment,
        toBlock: await client.getBlockNumber(),
        scoring: applied.scoring,
        reviews: applied.reviews,
        costs: await costChecksInputs(applied.manifestsDir),
        scores: await ScoreStore.open(await mkdtemp(path.join(work, "scores-"))),
        manifests: new ManifestStore(applied.manifestsDir),
        codeVersion: "test",
        ...overrides,
      });

    test("a dead RPC", async () => {
      const dead = publicClientOf(31337, `http://127.0.0.1:${await freePort()}`);
      await assert.rejects(
        prepare({ client: dead }),
        (e: unknown) => e instanceof Error && /127\.0\.0\.1/.test(e.message),
      );
    });

    test("a toBlock the chain has not finalised (Hardhat finalises every block it mines)", async () => {
      const head = (await client.getBlock({ blockTag: "finalized" })).number;
      assert.equal(head, await client.getBlockNumber());
      await assert.rejects(
        prepare({ toBlock: head + 1n }),
        (e: unknown) => e instanceof ToBlockNotFinalisedError && e.toBlock === head + 1n && e.finalisedHead === head,
      );
    });

    test("a repository missing from this machine", async () => {
      const repositories = Object.fromEntries(
        Object.entries(applied.scoring.repositories).map(([id, r]) => [id, { ...r, path: path.join(work, "nowhere") }]),
      );
      await assert.rejects(prepare({ scoring: { ...applied.scoring, repositories } }), RepositoryNotFoundError);
    });

    test("a malformed published manifest", async () => {
      const broken = path.join(work, "broken");
      await cp(applied.manifestsDir, broken, { recursive: true });
      await writeFile(path.join(broken, "epoch-2.json"), "{ not json");
      await assert.rejects(new ManifestStore(broken).read(2n), MalformedFieldError);
    });

    test("an unknown parent in a scenario", () => {
      const scenario = oracleScenario();
      scenario.assets[1]!.parents = [{ asset: "nope", weightBps: 100 }];
      assert.throws(
        () => validateScenario(scenarioFile(scenario)),
        /assets\[1\]\.parents\[0\]\.asset: unknown parent "nope"/,
      );
    });

    test("nothing was proposed by any of the failures", async () => {
      assert.equal(await read("nextEpoch"), 3n);
    });
  });

  test("a contribution that cannot be scored is recorded and held for review; the epoch still completes", async () => {
    // The reviewed docs contribution without its reviewer score: unscorable, as a missing commit would be.
    const [unreviewed, ...others] = Object.keys(applied.reviews);
    assert.ok(unreviewed !== undefined && others.length === 0, "the scenario has one reviewed contribution");
    const manifestsDir = path.join(work, "manifests-unscorable");
    await cp(applied.manifestsDir, manifestsDir, { recursive: true });
    const epoch = await prepareEpoch({
      client,
      deployment,
      toBlock: await client.getBlockNumber(),
      scoring: applied.scoring,
      reviews: {},
      costs: await costChecksInputs(manifestsDir),
      scores: await ScoreStore.open(await mkdtemp(path.join(work, "scores-"))),
      manifests: new ManifestStore(manifestsDir),
      codeVersion: "test",
    });
    const id = unreviewed.toLowerCase();
    assert.deepEqual(
      epoch.unscorable.map((u) => [u.contributionId, u.error]),
      [[id, "InvalidArgumentError"]],
    );
    const score = epoch.manifest.scores.find((s) => s.contributionId === id)!;
    assert.equal((score.metrics as { method: string }).method, "unscorable");
    const check = epoch.manifest.inputs.costs.find((c) => c.contributionId === id)!;
    assert.equal(check.outcome, "held");
    assert.deepEqual(
      check.findings.map((f) => [f.effect, f.path]),
      [["hold", "evidence"]],
    );
    assert.equal(check.paid.laborMicroUsd + check.paid.toolsMicroUsd + check.paid.computeMicroUsd, 0n);
    // Every other contribution is scored as the finalised epochs scored it, and the manifest reads back whole.
    assert.equal(epoch.manifest.scores.length, epoch.manifest.inputs.contributions.length);
    const { manifest } = await new ManifestStore(manifestsDir).read(epoch.proposal.epoch, epoch.proposal.manifestHash);
    assert.deepEqual(manifest.scores, epoch.manifest.scores);
  });

  test("`ccn scenario apply` rejects an invalid scenario naming the field, and sends nothing", async () => {
    const scenario = oracleScenario();
    scenario.assets[1]!.parents = [
      { asset: "ledger", weightBps: 10_000 },
      { asset: "ledger", weightBps: 1 },
    ];
    const file = path.join(work, "invalid-scenario.json");
    await writeFile(file, jsonText(scenario));
    const before = await client.getBlockNumber();
    const { code, output } = await ccn([
      "scenario",
      "apply",
      file,
      "--rpc",
      rpcUrl,
      "--deployments",
      path.join(work, "deployments"),
      "--work",
      path.join(work, "invalid"),
    ]);
    assert.equal(code, 1);
    assert.match(output, /assets\[1\]\.parents\[1\]\.asset: "ledger" is listed twice/);
    assert.equal(await client.getBlockNumber(), before);
  });

  test("reports a dead RPC as unavailable", async () => {
    const dead = publicClientOf(31337, `http://127.0.0.1:${await freePort()}`);
    // A range over the deployment, so that the reader has logs to ask for.
    await assert.rejects(readChain({ client: dead, deployment, fromBlock: 1n, toBlock: 1_000n }), RpcUnavailableError);
  });

  /** A `ccn` config and key environment per operator of the quorum, with its own data directory. */
  const operatorConfigs = (label: string) =>
    Promise.all(
      applied.operators.map(async (operator) => {
        const file = path.join(work, `ccn-${label}-${operator.name}.json`);
        await writeOracleConfig(file, {
          ...scenarioOracleConfig(applied, { chainId: 31337, rpcUrl, deploymentsDir: path.join(work, "deployments") }),
          dataDir: operator.dataDir,
        });
        return { file, env: { CCN_ORACLE_PRIVATE_KEY: keyOf(oracleScenario().accounts[operator.name] as number) } };
      }),
    );

  test("operators run an epoch through `ccn`: prepare, sign each, a malformed file sends nothing, submit, finalise; re-running is harmless", async () => {
    const configs = await operatorConfigs("run");
    const first = configs[0]!;
    const proposalFile = path.join(work, "proposal-3.json");
    const prepared = await ccn(["epoch", "prepare", "--config", first.file, "--out", proposalFile]);
    assert.equal(prepared.code, 0, prepared.output);
    assert.match(prepared.output, /^epoch 3: blocks \d+\.\.\d+, payout root 0x[0-9a-f]{64}/m);
    const proposalText = await readFile(proposalFile, "utf8");
    const head = (await client.getBlock({ blockTag: "finalized" })).number;
    assert.match(proposalText, new RegExp(`"toBlock": "${head}"`), "the default is the finalised head");
    const lateBlock = `${head + 1n}`;
    const lateFile = path.join(work, "proposal-3-late.json");
    await writeFile(lateFile, proposalText.replace(/"toBlock": "\d+"/, `"toBlock": "${lateBlock}"`));
    const lateProposal = path.join(work, "proposal-3-late-prepared.json");
    const lateSignature = path.join(work, "signature-3-late.json");
    for (const refused of [
      await ccn(["epoch", "prepare", "--config", first.file, "--to-block", lateBlock, "--out", lateProposal]),
      await ccn(["epoch", "sign", lateFile, "--config", first.file, "--out", lateSignature], first.env),
    ]) {
      assert.equal(refused.code, 1, refused.output);
      assert.match(refused.output, new RegExp(`Block ${lateBlock} is not finalised yet`));
    }
    await assert.rejects(readFile(lateProposal), { code: "ENOENT" }, "nothing past the finalised head is prepared");
    await assert.rejects(readFile(lateSignature), { code: "ENOENT" }, "nothing past the finalised head is signed");

    const signatures: string[] = [];
    for (const [i, config] of configs.entries()) {
      const out = path.join(work, `signature-3-${i}.json`);
      const signed = await ccn(["epoch", "sign", proposalFile, "--config", config.file, "--out", out], config.env);
      assert.equal(signed.code, 0, signed.output);
      assert.match(signed.output, /reproduced epoch 3 and signed it/);
      signatures.push(out);
    }
    const beforeMalformed = await client.getBlockNumber();
    const truncated = path.join(work, "signature-3-truncated.json");
    await writeFile(truncated, (await readFile(signatures[0]!, "utf8")).slice(0, 40));
    const badSignature = await ccn(
      ["epoch", "submit", proposalFile, truncated, ...signatures.slice(1), "--config", first.file],
      first.env,
    );
    assert.equal(badSignature.code, 1, badSignature.output);
    assert.match(badSignature.output, /signature-3-truncated\.json: \(root\): is not JSON/);
    const mistyped = path.join(work, "proposal-3-mistyped.json");
    await writeFile(
      mistyped,
      (await readFile(proposalFile, "utf8")).replace(/"payoutRoot": "0x[0-9a-f]{64}"/, '"payoutRoot": 7'),
    );
    const badProposal = await ccn(["epoch", "submit", mistyped, ...signatures, "--config", first.file], first.env);
    assert.equal(badProposal.code, 1, badProposal.output);
    assert.match(
      badProposal.output,
      /proposal-3-mistyped\.json: payoutRoot: expected lower-case 0x and 64 hex digits, got 7/,
    );
    assert.equal(
      await client.getBlockNumber(),
      beforeMalformed,
      "a malformed proposal or signature file sends nothing",
    );
    const submitted = await ccn(["epoch", "submit", proposalFile, ...signatures, "--config", first.file], first.env);
    assert.equal(submitted.code, 0, submitted.output);
    assert.match(submitted.output, /epoch 3: proposed, challenge window until/);
    const again = await ccn(["epoch", "submit", proposalFile, ...signatures, "--config", first.file], first.env);
    assert.match(again.output, /epoch 3: already-pending/, "re-submitting never sends a second proposal");
    // The propose transaction records the manifest's CID, and the CAR packed beside the manifests holds its bytes.
    const cid = /manifest ipfs:\/\/(\w+)/.exec(submitted.output)?.[1];
    assert.ok(cid, submitted.output);
    const [proposed] = await client.getContractEvents({
      address: distributor(),
      abi: payoutDistributorAbi,
      eventName: "EpochProposed",
      fromBlock: beforeMalformed,
    });
    const { input } = await client.getTransaction({ hash: proposed!.transactionHash });
    assert.equal(manifestUriOf(input), `ipfs://${cid}`);
    assert.deepEqual(
      await fileFromCar(await readFile(path.join(applied.manifestsDir, "car", `${cid}.car`)), cidOf(cid)),
      new Uint8Array(await readFile(path.join(applied.manifestsDir, "epoch-3.json"))),
    );

    const early = await ccn(["epoch", "finalise", proposalFile, "--config", first.file], first.env);
    assert.equal(early.code, 1);
    assert.match(early.output, /Epoch 3 can be finalised in \d+ s/);
    await advanceTime(client, 3_600);
    const finalised = await ccn(["epoch", "finalise", proposalFile, "--config", first.file], first.env);
    assert.match(finalised.output, /epoch 3: finalised/, finalised.output);
    const twice = await ccn(["epoch", "finalise", proposalFile, "--config", first.file], first.env);
    assert.match(twice.output, /epoch 3: already-finalised/);

    const audit = await ccn(["audit", "3", "--config", first.file]);
    assert.equal(audit.code, 0, audit.output);
    // One account's slice of epoch 3, cut from the published manifest and checked offline against the chain's hash.
    const { manifestHash } = JSON.parse(proposalText) as { manifestHash: string };
    const { manifest: third } = await new ManifestStore(applied.manifestsDir).read(3n, manifestHash as Hex);
    const account = third.leaves[0]!.account;
    const sliceFile = path.join(work, "slice-3.json");
    const cut = await ccn(["slice", "cut", account, "--epoch", "3", "--out", sliceFile, "--config", first.file]);
    assert.equal(cut.code, 0, cut.output);
    const checked = await ccn(["slice", "verify", sliceFile, "--manifest-hash", manifestHash, "--account", account]);
    assert.equal(checked.code, 0, checked.output);
    assert.match(checked.output, new RegExp(`${account} in epoch 3, proven against the manifest hash`));
    const noKey = await ccn(["epoch", "sign", proposalFile, "--config", first.file], {
      CCN_ORACLE_PRIVATE_KEY: "",
      CCN_ORACLE_KEYSTORE: "",
    });
    assert.equal(noKey.code, 1);
    assert.match(noKey.output, /No operator key: set CCN_ORACLE_PRIVATE_KEY/);
  });

  /** The quorum prepares, signs and submits the next epoch with `ccn`, each operator with its own config. */
  const proposeThroughCcn = async (label: string) => {
    const configs = await operatorConfigs(label);
    const first = configs[0]!;
    const proposalFile = path.join(work, `proposal-${label}.json`);
    assert.equal((await ccn(["epoch", "prepare", "--config", first.file, "--out", proposalFile])).code, 0);
    const signatures: string[] = [];
    for (const [i, config] of configs.entries()) {
      const out = path.join(work, `signature-${label}-${i}.json`);
      assert.equal(
        (await ccn(["epoch", "sign", proposalFile, "--config", config.file, "--out", out], config.env)).code,
        0,
      );
      signatures.push(out);
    }
    const submitted = await ccn(["epoch", "submit", proposalFile, ...signatures, "--config", first.file], first.env);
    assert.equal(submitted.code, 0, submitted.output);
    return { first, proposalFile };
  };

  test("anyone disputes a pending root through `ccn` with a bond; it waits until governance rejects the dispute", async () => {
    const [usd] = deployment.tokens;
    const disputer = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: 15 }).address;
    const bond = 500_000_000n;
    const mint = await createWalletClient({ transport: http(rpcUrl) }).writeContract({
      account: disputer,
      chain: null,
      address: usd!.address,
      abi: demoTokenAbi,
      functionName: "mint",
      args: [disputer, bond],
    });
    await client.waitForTransactionReceipt({ hash: mint });
    await setDisputeTermsLocally(rpcUrl, deployment, {
      token: usd!.address,
      bond,
      reward: 0n,
      treasury: deployment.parameters.treasury,
    });
    const { first, proposalFile } = await proposeThroughCcn("dispute");

    const disputerEnv = { CCN_ORACLE_PRIVATE_KEY: keyOf(15) };
    const noReason = await ccn(["epoch", "dispute", "--config", first.file], disputerEnv);
    assert.equal(noReason.code, 1);
    assert.match(noReason.output, /A dispute needs a reason/);
    const disputed = await ccn(
      ["epoch", "dispute", "--reason", "scores look off", "--config", first.file],
      disputerEnv,
    );
    assert.equal(disputed.code, 0, disputed.output);
    assert.match(disputed.output, /disputed with a bond of 500000000/);
    const twice = await ccn(["epoch", "dispute", "--reason", "again", "--config", first.file], disputerEnv);
    assert.equal(twice.code, 1);
    assert.match(twice.output, /is already disputed by/);
    const notGuardian = await ccn(
      ["epoch", "resolve", "--upheld", "--reason", "agree", "--config", first.file],
      disputerEnv,
    );
    assert.equal(notGuardian.code, 1);
    assert.match(notGuardian.output, /is not a guardian: only guardians uphold disputes/);

    await advanceTime(client, 3_600);
    const blocked = await ccn(["epoch", "finalise", proposalFile, "--config", first.file], first.env);
    assert.equal(blocked.code, 1, "a disputed root cannot be finalised");
    assert.match(blocked.output, /Disputed/);

    const rejection = await ccn([
      "epoch",
      "resolve",
      "--rejected",
      "--reason",
      "recomputed: the root is right",
      "--config",
      first.file,
      "--json",
    ]);
    assert.equal(rejection.code, 0, rejection.output);
    const call = JSON.parse(rejection.output) as { target: Hex; data: Hex; operationId: Hex };
    await governLocally({ rpcUrl, deployment, target: call.target, data: call.data });
    const treasuryBalance = await client.readContract({
      address: usd!.address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [deployment.parameters.treasury],
    });
    assert.ok(treasuryBalance >= bond, "the rejected bond went to the treasury");
    const finalised = await ccn(["epoch", "finalise", proposalFile, "--config", first.file], first.env);
    assert.match(finalised.output, /: finalised/, finalised.output);
  });

  test("governance revokes a finalised root through `ccn epoch revoke`; the next epoch covers its blocks again and audits clean", async () => {
    const distributor = deployment.contracts.PayoutDistributor.address;
    const { epochs } = await readChain({ client, deployment, fromBlock: 1n, toBlock: await client.getBlockNumber() });
    const [latest, restored] = [epochs.at(-1)!, epochs.at(-2)!];
    const configFile = path.join(work, "ccn-revoke.json");
    await writeOracleConfig(
      configFile,
      scenarioOracleConfig(applied, { chainId: 31337, rpcUrl, deploymentsDir: path.join(work, "deployments") }),
    );
    const notEarlier = await ccn([
      "epoch",
      "revoke",
      "--to",
      String(latest.epoch),
      "--reason",
      "x",
      "--config",
      configFile,
    ]);
    assert.equal(notEarlier.code, 1);
    assert.match(notEarlier.output, /is not earlier than the latest finalised epoch/);
    const noReason = await ccn(["epoch", "revoke", "--to", String(restored.epoch), "--config", configFile]);
    assert.equal(noReason.code, 1);
    assert.match(noReason.output, /A revocation needs a reason/);

    const revocation = await ccn([
      "epoch",
      "revoke",
      "--to",
      String(restored.epoch),
      "--reason",
      "the latest root paid a compromised key",
      "--config",
      configFile,
      "--json",
    ]);
    assert.equal(revocation.code, 0, revocation.output);
    const call = JSON.parse(revocation.output) as { target: Hex; data: Hex; restoredRoot: Hex };
    assert.equal(call.restoredRoot, restored.payoutRoot, "the call restores the root the chain finalised");
    await governLocally({ rpcUrl, deployment, target: call.target, data: call.data });
    const [epoch, toBlock] = await read("finalisedEpoch");
    assert.deepEqual([epoch, toBlock], [restored.epoch, restored.toBlock]);
    assert.equal(await read("root"), restored.payoutRoot);

    const { first, proposalFile } = await proposeThroughCcn("after-revocation");
    const proposal = JSON.parse(await readFile(proposalFile, "utf8")) as { fromBlock: string };
    assert.equal(BigInt(proposal.fromBlock), restored.toBlock + 1n, "the revoked blocks are covered again");
    await advanceTime(client, 3_600);
    const finalised = await ccn(["epoch", "finalise", proposalFile, "--config", first.file], first.env);
    assert.match(finalised.output, /: finalised/, finalised.output);
    const [next] = await read("finalisedEpoch");
    const audit = await ccn(["audit", String(next), "--config", first.file]);
    assert.equal(audit.code, 0, audit.output);
    assert.equal(
      await client.readContract({ address: distributor, abi: payoutDistributorAbi, functionName: "root" }),
      (await readChain({ client, deployment, fromBlock: 1n, toBlock: await client.getBlockNumber() })).epochs.at(-1)!
        .payoutRoot,
    );
  });

  test("a verifier signs authorship with `ccn authorship sign` and the author takes back a squatted asset with `ccn authorship claim`", async () => {
    const registry = deployment.contracts.AssetRegistry.address;
    const [mallory, ada] = [16, 10].map((i) => mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: i }));
    const registered = await createWalletClient({ transport: http(rpcUrl) }).writeContract({
      account: mallory!,
      chain: null,
      address: registry,
      abi: assetRegistryAbi,
      functionName: "register",
      args: [keccak256(toHex("ada's next library")), "ipfs://squatted", 0, [], []],
    });
    await client.waitForTransactionReceipt({ hash: registered });
    const squatted = await client.readContract({
      address: registry,
      abi: assetRegistryAbi,
      functionName: "assetCount",
    });
    const configFile = path.join(work, "ccn-authorship.json");
    await writeOracleConfig(
      configFile,
      scenarioOracleConfig(applied, { chainId: 31337, rpcUrl, deploymentsDir: path.join(work, "deployments") }),
    );
    const statement = path.join(work, "authorship.json");
    const sign = (key: number) =>
      ccn(
        [
          "authorship",
          "sign",
          "--asset",
          String(squatted),
          "--author",
          ada!.address,
          "--out",
          statement,
          "--config",
          configFile,
        ],
        { CCN_PRIVATE_KEY: keyOf(key) },
      );
    const notVerifier = await sign(16);
    assert.equal(notVerifier.code, 1);
    assert.match(notVerifier.output, /is not a verifier of this registry/);
    const signed = await sign(18);
    assert.equal(signed.code, 0, signed.output);

    const claim = (key: number) =>
      ccn(["authorship", "claim", statement, "--parents", `${applied.assets.ledger}:500`, "--config", configFile], {
        CCN_PRIVATE_KEY: keyOf(key),
      });
    const byMallory = await claim(16);
    assert.equal(byMallory.code, 1);
    assert.match(byMallory.output, /The statement names 0x[0-9a-fA-F]{40} as the author; this key is/);
    const reclaimed = await claim(10);
    assert.equal(reclaimed.code, 0, reclaimed.output);
    assert.match(reclaimed.output, /taken back from 0x[0-9a-fA-F]{40} by its verified author/);
    const owner = await client.readContract({
      address: registry,
      abi: assetRegistryAbi,
      functionName: "ownerOf",
      args: [squatted],
    });
    assert.equal(owner, ada!.address);
    const [, , upstreamShareBps] = await client.readContract({
      address: registry,
      abi: assetRegistryAbi,
      functionName: "assetInfo",
      args: [squatted],
    });
    assert.equal(upstreamShareBps, 500, "ada's lineage");
    const again = await claim(10);
    assert.equal(again.code, 1);
    assert.match(again.output, /author is verified already/);
  });
});
