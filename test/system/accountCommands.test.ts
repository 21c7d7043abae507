/**
 * The commands of owners, payers and attesters (`ccn asset show|set-uri`, `ccn pay`, `ccn attest`, `ccn revoke`)
 * through the `ccn` bin on a Hardhat node: what they send lands on-chain as the contracts record it, and every
 * refusal is named with nothing sent.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { deployLocal, freePort, type ManagedProcess, REPOSITORY_ROOT, startHardhatNode } from "@coherence/devnet";
import {
  type AppliedScenario,
  applyScenario,
  CostStore,
  HARDHAT_MNEMONIC,
  publicClientOf,
  scenarioOracleConfig,
  validateScenario,
  writeOracleConfig,
} from "@coherence/oracle";
import {
  assetRegistryAbi,
  canonicalHash,
  contributionLedgerAbi,
  costReportSchema,
  type Deployment,
  demoTokenAbi,
  priceCostReport,
  type RateCard,
  rateCardSchema,
  revenueRouterAbi,
} from "@coherence/protocol";
import { createWalletClient, erc20Abi, type Hex, http, type PublicClient } from "viem";
import { mnemonicToAccount } from "viem/accounts";

import { keyOf, runCcn } from "./ccnBin.ts";
import { LOCAL_ROLE_ACCOUNTS, LOCAL_ROLES } from "./oracleScenario.ts";

const ACCOUNTS = { ...LOCAL_ROLE_ACCOUNTS, ada: 10, grace: 11, payer: 14 };
const CARD: RateCard = {
  asset: "lib",
  format: "coherence-rate-card-v1",
  roles: { engineer: { maxHourlyMicroUsd: 200_000_000n, minHourlyMicroUsd: 80_000_000n } },
};

describe("owners, payers and attesters through ccn", { timeout: 300_000 }, () => {
  let work: string;
  let node: ManagedProcess | undefined;
  let client: PublicClient;
  let deployment: Deployment;
  let applied: AppliedScenario;
  let config: string;
  let rpcUrl: string;

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), "ccn-accounts-"));
    const started = await startHardhatNode(await freePort());
    node = started.process;
    rpcUrl = started.rpcUrl;
    deployment = await deployLocal(started.rpcUrl, path.join(work, "deployments"));
    client = publicClientOf(31337, started.rpcUrl);
    applied = await applyScenario({
      scenario: validateScenario({
        format: "coherence-scenario-v1",
        name: "accounts",
        accounts: ACCOUNTS,
        roles: LOCAL_ROLES,
        tokens: [
          { symbol: "dUSD", mint: { payer: "1000000000" } },
          { symbol: "dETH", mint: { payer: "1000000000000000000" } },
        ],
        repositories: {
          lib: {
            url: "https://example.org/lib.git",
            commits: [
              { key: "first", author: "ada", message: "sum", files: { "src/sum.ts": "export const sum = 1;\n" } },
            ],
          },
        },
        assets: [{ key: "lib", kind: "Code", owner: "ada", repository: "lib", rateCard: rateCardSchema.encode(CARD) }],
        contributions: [
          {
            asset: "lib",
            contributor: "ada",
            commit: "first",
            costs: { laborMicroUsd: "100000000", toolsMicroUsd: "0", computeMicroUsd: "0" },
          },
        ],
        revenue: [{ asset: "lib", token: "dUSD", amount: "1000000", payer: "payer" }],
        epochs: [1],
      }),
      deployment,
      rpcUrl: started.rpcUrl,
      publicClient: client,
      workDir: work,
      codeVersion: "test",
      timeTravel: true,
    });
    config = path.join(work, "ccn.config.json");
    await writeOracleConfig(
      config,
      scenarioOracleConfig(applied, {
        chainId: 31337,
        rpcUrl: started.rpcUrl,
        deploymentsDir: path.join(work, "deployments"),
      }),
    );
  });

  after(async () => {
    await node?.stop();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  const ccn = (as: keyof typeof ACCOUNTS, args: string[]) =>
    runCcn([...args, "--config", config], { CCN_PRIVATE_KEY: keyOf(ACCOUNTS[as]) });
  const dUsd = () => deployment.tokens.find((t) => t.symbol === "dUSD")!;
  const balance = () =>
    client.readContract({
      address: dUsd().address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [applied.accounts.get("payer")!.address],
    });

  test("asset show reads the owner, the lineage and the rate card from the registry", async () => {
    const { code, output } = await ccn("payer", ["asset", "show", "1", "--json"]);
    assert.equal(code, 0, output);
    const asset = JSON.parse(output) as { owner: string; kind: string; rateCardHash: string; parents: unknown[] };
    assert.equal(asset.owner, applied.accounts.get("ada")!.address);
    assert.equal(asset.kind, "Code");
    assert.equal(asset.rateCardHash, canonicalHash(rateCardSchema.encode(CARD)));
    assert.deepEqual(asset.parents, []);
  });

  test("pay shows the split and sends nothing without --yes; with it, the router records that split", async () => {
    const before = await balance();
    const dry = await ccn("payer", ["pay", "1", "dUSD", "12.5"]);
    assert.equal(dry.code, 1);
    assert.match(dry.output, /contributor pool {5}[\d.]+ dUSD/);
    assert.match(dry.output, /Nothing was sent: run again with --yes to pay\./);
    assert.equal(await balance(), before);

    const amount = 12_500_000n;
    const [fee, reserve, pool] = await client.readContract({
      address: deployment.contracts.RevenueRouter.address,
      abi: revenueRouterAbi,
      functionName: "previewSplit",
      args: [amount],
    });
    const paid = await ccn("payer", ["pay", "1", "dUSD", "12.5", "--yes", "--json"]);
    assert.equal(paid.code, 0, paid.output);
    const result = JSON.parse(paid.output.slice(paid.output.indexOf("{"))) as {
      receipt: { transactions: { step: string }[]; paid: { fee: string; reserve: string; pool: string } };
    };
    // dUSD supports EIP-2612: one transaction, the permit signed by the payer's key.
    assert.deepEqual(
      result.receipt.transactions.map((t) => t.step),
      ["payWithPermit"],
    );
    assert.deepEqual(result.receipt.paid.fee, fee.toString());
    assert.deepEqual([result.receipt.paid.reserve, result.receipt.paid.pool], [reserve.toString(), pool.toString()]);
    assert.equal(await balance(), before - amount);
  });

  test("pay in a token without permit approves, then pays", async () => {
    const paid = await ccn("payer", ["pay", "1", "dETH", "0.5", "--yes", "--json"]);
    assert.equal(paid.code, 0, paid.output);
    const result = JSON.parse(paid.output.slice(paid.output.indexOf("{"))) as {
      receipt: { transactions: { step: string }[] };
    };
    assert.deepEqual(
      result.receipt.transactions.map((t) => t.step),
      ["approve", "pay"],
    );
  });

  test("pay refuses what the router would, by name, and sends nothing", async () => {
    // A real ERC-20 the distributor's allowlist does not have.
    const artifact = JSON.parse(
      await readFile(path.join(REPOSITORY_ROOT, "artifacts/contracts/dev/DemoToken.sol/DemoToken.json"), "utf8"),
    ) as { bytecode: Hex };
    const deployer = createWalletClient({
      account: mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: ACCOUNTS.payer }),
      transport: http(rpcUrl),
    });
    const deployed = await client.waitForTransactionReceipt({
      hash: await deployer.deployContract({
        abi: demoTokenAbi,
        bytecode: artifact.bytecode,
        args: ["Unlisted", "UNL", 6],
        chain: null,
      }),
    });
    const unlisted = deployed.contractAddress!;
    const before = await balance();
    const cases: [string[], RegExp][] = [
      [["pay", "1", unlisted, "1", "--yes"], /is not on the distributor's token allowlist/],
      [["pay", "1", "dUSD", "0", "--yes"], /The amount is 0/],
      [["pay", "9", "dUSD", "1", "--yes"], /Asset 9 is not registered/],
      [["pay", "1", "dUSD", "1.0000001", "--yes"], /has 7 decimals; the token has 6/],
      [["pay", "1", "dUSD", "5000", "--yes"], /less than 5000/],
      [["pay", "1", "XYZ", "1", "--yes"], /"XYZ" is neither a token address nor a token of this deployment/],
    ];
    for (const [args, message] of cases) {
      const { code, output } = await ccn("payer", args);
      assert.notEqual(code, 0, args.join(" "));
      assert.match(output, message);
    }
    assert.equal(await balance(), before);
  });

  test("attest binds a published report, refuses a second time and a key without the role; revoke by its attester only", async () => {
    const store = CostStore.beside(applied.manifestsDir);
    const report = priceCostReport({
      rateCard: CARD,
      priceTable: applied.costs.priceTables.values().next().value!,
      labor: [
        {
          start: "2023-12-20T09:00:00Z",
          end: "2023-12-20T10:00:00Z",
          role: "engineer",
          hourlyMicroUsd: 100_000_000n,
          description: "x",
        },
      ],
    });
    const reportFile = path.join(work, "report.json");
    await writeFile(reportFile, JSON.stringify(costReportSchema.encode(report)));
    const contributor = applied.accounts.get("grace")!.address;
    const evidence = `https://example.org/lib.git#${"a".repeat(40)}`;
    const args = ["attest", "1", contributor, evidence, "--report", reportFile, "--json"];

    const unpublished = await ccn("attester", args);
    assert.equal(unpublished.code, 1);
    assert.match(unpublished.output, /is not published/);
    await store.put(costReportSchema.encode(report));

    const notAttester = await ccn("payer", args);
    assert.match(notAttester.output, /is not an attester of this ledger/);

    const attested = await ccn("attester", args);
    assert.equal(attested.code, 0, attested.output);
    const { id, evidenceUri, laborMicroUsd } = JSON.parse(attested.output) as {
      id: `0x${string}`;
      evidenceUri: string;
      laborMicroUsd: string;
    };
    assert.match(evidenceUri, /#a{40};cost=0x[0-9a-f]{64}$/);
    assert.equal(laborMicroUsd, "100000000");
    const status = () =>
      client.readContract({
        address: deployment.contracts.ContributionLedger.address,
        abi: contributionLedgerAbi,
        functionName: "statusOf",
        args: [id],
      });
    assert.equal(await status(), 1);

    assert.match((await ccn("attester", args)).output, /is attested already/);
    assert.match((await ccn("payer", ["revoke", id, "--reason", "spam"])).output, /only it may revoke it/);
    assert.match((await ccn("attester", ["revoke", id])).output, /missing --reason TEXT/);
    const revoked = await ccn("attester", ["revoke", id, "--reason", "wrong range"]);
    assert.equal(revoked.code, 0, revoked.output);
    assert.equal(await status(), 2);
  });

  test("asset set-uri is the owner's alone", async () => {
    assert.match(
      (await ccn("payer", ["asset", "set-uri", "1", "ipfs://x"])).output,
      /is owned by 0x[0-9a-fA-F]{40}; this key is/,
    );
    const set = await ccn("ada", ["asset", "set-uri", "1", "ipfs://lib-v2"]);
    assert.equal(set.code, 0, set.output);
    assert.match((await ccn("payer", ["asset", "show", "1"])).output, /asset 1 \(Code\): ipfs:\/\/lib-v2/);
  });

  test("asset register hashes the bundle's content, checks its parents, and registers it with its lineage", async () => {
    const dir = path.join(work, "app");
    await mkdir(path.join(dir, "src"), { recursive: true });
    await writeFile(path.join(dir, "src", "app.ts"), 'import { sum } from "lib";\nexport const app = sum;\n');
    const bundle = (parents: { assetId: string; weightBps: number }[]) => ({
      format: "coherence-bundle-v1",
      kind: "Code",
      name: "app",
      description: "An app built on lib.",
      version: "1.0.0",
      licence: "MIT",
      repository: "https://example.org/app.git",
      content: { globs: ["src/**/*.ts"] },
      parents,
    });
    const file = path.join(dir, "coherence.bundle.json");
    const register = () => ccn("ada", ["asset", "register", file, "--uri", "ipfs://app", "--json"]);

    await writeFile(
      file,
      JSON.stringify(
        bundle([
          { assetId: "1", weightBps: 6000 },
          { assetId: "1", weightBps: 5000 },
        ]),
      ),
    );
    assert.match((await register()).output, /parents\[1\]\.assetId: asset 1 is listed twice/);
    await writeFile(file, JSON.stringify(bundle([{ assetId: "7", weightBps: 1500 }])));
    assert.match((await register()).output, /parents\[0\]\.assetId: asset 7 is not registered \(assets are 1\.\.1\)/);

    await writeFile(file, JSON.stringify(bundle([{ assetId: "1", weightBps: 1500 }])));
    const registered = await register();
    assert.equal(registered.code, 0, registered.output);
    const { assetId, contentHash } = JSON.parse(registered.output) as { assetId: string; contentHash: string };
    const shown = JSON.parse((await ccn("payer", ["asset", "show", assetId, "--json"])).output) as {
      contentHash: string;
      parents: { assetId: string; weightBps: number }[];
      upstreamShareBps: number;
    };
    assert.equal(shown.contentHash, contentHash);
    assert.deepEqual(shown.parents, [{ assetId: "1", weightBps: 1500 }]);
    assert.equal(shown.upstreamShareBps, 1500);
    assert.match((await register()).output, /is registered already, as asset 2/);
  });

  test("asset register --authorship binds authorship as it registers: verified when new, taken back when squatted", async () => {
    const registry = { address: deployment.contracts.AssetRegistry.address, abi: assetRegistryAbi } as const;
    const assetCount = () => client.readContract({ ...registry, functionName: "assetCount" });
    const bundleIn = async (name: string, source: string) => {
      const dir = path.join(work, name);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, "index.ts"), source);
      const file = path.join(dir, "coherence.bundle.json");
      await writeFile(
        file,
        JSON.stringify({
          format: "coherence-bundle-v1",
          kind: "Code",
          name,
          description: `${name}, built on lib.`,
          version: "1.0.0",
          licence: "MIT",
          repository: `https://example.org/${name}.git`,
          content: { files: ["index.ts"] },
          parents: [{ assetId: "1", weightBps: 2500 }],
        }),
      );
      return { dir, file };
    };
    const sign = (file: string, statement: string) =>
      runCcn(
        [
          ...["authorship", "sign", "--bundle", file, "--author", applied.accounts.get("ada")!.address],
          ...["--out", statement, "--config", config],
        ],
        { CCN_PRIVATE_KEY: keyOf(18) }, // the local verifier
      );
    const register = (as: keyof typeof ACCOUNTS, file: string, statement?: string) =>
      ccn(as, ["asset", "register", file, "--uri", "ipfs://bundle", ...(statement ? ["--authorship", statement] : [])]);

    const fresh = await bundleIn("fresh", "export const fresh = 1;\n");
    const statement = path.join(work, "authorship-fresh.json");
    const signed = await sign(fresh.file, statement);
    assert.equal(signed.code, 0, signed.output);
    assert.match(signed.output, /ccn asset register <bundle> --authorship authorship-fresh\.json/);
    const before = await assetCount();
    const byGrace = await register("grace", fresh.file, statement);
    assert.equal(byGrace.code, 1);
    assert.match(byGrace.output, /authorship-fresh\.json: The statement names 0x[0-9a-fA-F]{40} as the author/);
    await writeFile(path.join(fresh.dir, "index.ts"), "export const fresh = 2;\n");
    assert.match(
      (await register("ada", fresh.file, statement)).output,
      /authorship-fresh\.json: contentHash: the statement is about 0x[0-9a-f]{64}; .*content hashes to 0x[0-9a-f]{64}/,
    );
    assert.equal(await assetCount(), before, "nothing was registered");
    await writeFile(path.join(fresh.dir, "index.ts"), "export const fresh = 1;\n");
    const registered = await register("ada", fresh.file, statement);
    assert.equal(registered.code, 0, registered.output);
    assert.match(registered.output, /registered asset \d+ .*\n.*\n\s+authorship verified: 0x/);
    const freshId = await assetCount();
    assert.equal(await client.readContract({ ...registry, functionName: "isVerified", args: [freshId] }), true);

    const squatted = await bundleIn("squatted", "export const squatted = 1;\n");
    const squat = await register("grace", squatted.file);
    assert.equal(squat.code, 0, squat.output);
    const squattedId = await assetCount();
    const reclaimStatement = path.join(work, "authorship-squatted.json");
    assert.equal((await sign(squatted.file, reclaimStatement)).code, 0);
    const reclaimed = await register("ada", squatted.file, reclaimStatement);
    assert.equal(reclaimed.code, 0, reclaimed.output);
    assert.match(reclaimed.output, new RegExp(`took back asset ${squattedId} from 0x[0-9a-fA-F]{40}`));
    assert.equal(await assetCount(), squattedId, "taken back, not registered again");
    assert.equal(
      await client.readContract({ ...registry, functionName: "ownerOf", args: [squattedId] }),
      applied.accounts.get("ada")!.address,
    );
    const [, , upstreamShareBps] = await client.readContract({
      ...registry,
      functionName: "assetInfo",
      args: [squattedId],
    });
    assert.equal(upstreamShareBps, 2500, "the manifest's lineage");
    assert.match(
      (await register("ada", squatted.file, reclaimStatement)).output,
      new RegExp(`asset ${squattedId}, which holds it, is this key's already; its authorship is verified`),
    );
  });
});
