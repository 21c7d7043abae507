/**
 * The whole network as a newcomer runs it: `npm start` (chain, contracts, the demo scenario with its quorum
 * epochs, indexer, web app, the metering gateway and the epoch that pays out its use), then a contributor claims
 * through the web app in Chromium with an injected EIP-6963 wallet, `ccn audit` passes on every epoch, and Ctrl-C
 * stops every process.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  ensureChromium,
  freePort,
  installTestWallet,
  launchChromium,
  type ManagedProcess,
  REPOSITORY_ROOT,
  startProcess,
  waitFor,
} from "@coherence/devnet";
import { type Contribution, type Link, linkRegistryOf, statementOf, verifyForgeLink } from "@coherence/intake";
import { ManifestStore, publicClientOf, readScenario, scenarioAccounts } from "@coherence/oracle";

import { indexerClient, revenueRouterAbi } from "@coherence/protocol";
import { loadDeployment } from "@coherence/protocol/node";
import type { Browser } from "playwright-core";
import { type Address, erc20Abi } from "viem";

import { runCcn } from "./ccnBin.ts";

const DEMO = path.join(REPOSITORY_ROOT, "scenarios", "demo.json");

describe("the whole network from npm start", { timeout: 900_000 }, () => {
  let work: string;
  let start: ManagedProcess | undefined;
  let browser: Browser | undefined;
  const ports = { chain: 0, indexer: 0, web: 0, intake: 0, gateway: 0, ipfs: 0 };

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), "ccn-full-"));
    ports.chain = await freePort();
    ports.indexer = await freePort();
    ports.web = await freePort();
    ports.intake = await freePort();
    ports.gateway = await freePort();
    ports.ipfs = await freePort();
    start = startProcess({
      name: "npm start",
      command: process.execPath,
      args: ["scripts/start.ts", "--work", work, "--deployments", path.join(work, "deployments")],
      cwd: REPOSITORY_ROOT,
      env: {
        ...process.env,
        CCN_CHAIN_PORT: String(ports.chain),
        CCN_INDEXER_PORT: String(ports.indexer),
        CCN_WEB_PORT: String(ports.web),
        CCN_INTAKE_PORT: String(ports.intake),
        CCN_GATEWAY_PORT: String(ports.gateway),
        CCN_IPFS_PORT: String(ports.ipfs),
      },
    });
    await waitFor(
      "npm start to bring the network up",
      async () => (start!.output().includes("Press Ctrl-C") ? true : undefined),
      {
        timeoutMs: 600_000,
        intervalMs: 500,
        process: start,
      },
    );
    await ensureChromium(work);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await start?.stop();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  test("prints the URLs, the funded accounts and who earned what, and why", () => {
    const output = start!.output();
    assert.match(output, new RegExp(`web app\\s+http://127\\.0\\.0\\.1:${ports.web}`));
    assert.match(output, new RegExp(`GraphQL\\s+http://127\\.0\\.0\\.1:${ports.indexer}/graphql`));
    assert.match(output, /ada\s+0x[0-9a-fA-F]{40}\s+0x[0-9a-f]{64}/);
    assert.match(output, /Epoch 2 .*who earned what, and why/);
    assert.match(output, /contributor pool: [\d.]+% of its weight \(multiplier \d\.\d\dx/);
    assert.match(output, new RegExp(`intake\\s+http://127\\.0\\.0\\.1:${ports.intake}/webhooks/github`));
    assert.match(output, new RegExp(`gateway\\s+http://127\\.0\\.0\\.1:${ports.gateway}/v1/composables`));
    assert.match(output, new RegExp(`IPFS gateway http://127\\.0\\.0\\.1:${ports.ipfs}/ipfs/<cid>\\?format=car`));
    assert.match(output, /bigint-math: 6 calls by acme, 0\.03 dUSD of revenue from use redeemed to the asset/);
    assert.match(output, /epoch 3 carries the revenue from use \(finalised\), in dUSD:/);
    assert.match(
      output,
      /wallet-ui \(#6\): [\d.]+ of its 0\.03 redeemed reached its pool, [\d.]+ to its contributors, /,
    );
  });

  test("acme's use is paid out by epoch 3: free tier, the router's split, the assets' contributors and their parents, every unit conserved", async () => {
    const scenario = await readScenario(DEMO);
    const accounts = scenarioAccounts(scenario);
    const deployment = await loadDeployment(31337, path.join(work, "deployments"));
    const client = publicClientOf(31337, `http://127.0.0.1:${ports.chain}`);
    const indexer = indexerClient(`http://127.0.0.1:${ports.indexer}`);
    const usd = deployment.tokens.find((t) => t.symbol === "dUSD")!.address.toLowerCase();
    const escrow = deployment.contracts.MeteringEscrow!.address.toLowerCase();
    const router = deployment.contracts.RevenueRouter.address;
    type Rows<T> = { items: T[] };
    const data = await indexer.graphql<{
      assetTerms: Rows<{ assetId: string; token: string; pricePerUnit: string; freeUnitsPerPeriod: string }>;
      voucherRedemptions: Rows<{
        assetId: string;
        token: string;
        payer: string;
        units: string;
        amount: string;
        hostingFee: string;
        toAsset: string;
        toRunner: string;
        blockNumber: string;
        txHash: string;
      }>;
      revenuePayments: Rows<{
        assetId: string;
        token: string;
        amount: string;
        fee: string;
        reserve: string;
        pool: string;
        txHash: string;
      }>;
      epochs: Rows<{ id: string; status: string; fromBlock: string; toBlock: string }>;
    }>(
      `{ assetTerms(limit: 100) { items { assetId token pricePerUnit freeUnitsPerPeriod } }
         voucherRedemptions(orderBy: "nonce", limit: 100) { items { assetId token payer units amount hostingFee toAsset toRunner blockNumber txHash } }
         revenuePayments(where: { payer: "${escrow}" }, limit: 100) { items { assetId token amount fee reserve pool txHash } }
         epochs(orderBy: "id", limit: 100) { items { id status fromBlock toBlock } } }`,
    );
    const acme = accounts.get("acme")!.address.toLowerCase();
    const runnable = { "bigint-math": 1n, "wallet-ui": 6n, "design-system": 3n };

    // Free tier: acme's 6 calls each, the first ones free, the rest at the owner's price; the runner's 10% on top.
    const poolOf = new Map<bigint, bigint>();
    for (const assetId of [runnable["bigint-math"], runnable["wallet-ui"]]) {
      const terms = data.assetTerms.items.find((t) => BigInt(t.assetId) === assetId && t.token === usd)!;
      const redemptions = data.voucherRedemptions.items.filter((r) => BigInt(r.assetId) === assetId);
      assert.ok(redemptions.length > 0 && redemptions.every((r) => r.payer === acme && r.token === usd));
      const last = redemptions.at(-1)!;
      const paidCalls = 6n - BigInt(terms.freeUnitsPerPeriod);
      assert.ok(paidCalls > 0n && paidCalls < 6n, "some calls free, some paid");
      assert.equal(BigInt(last.units), paidCalls, "the vouchers count the paid calls only");
      const owed = paidCalls * BigInt(terms.pricePerUnit);
      assert.equal(BigInt(last.amount), owed);
      assert.equal(BigInt(last.hostingFee), owed / 10n);
      const sum = (f: (r: (typeof redemptions)[number]) => string) =>
        redemptions.reduce((t, r) => t + BigInt(f(r)), 0n);
      assert.equal(
        sum((r) => r.toAsset),
        owed,
        "the redemptions paid the asset exactly what the payer owed",
      );
      assert.equal(
        sum((r) => r.toRunner),
        owed / 10n,
      );

      // Each redemption paid the asset through the router, split at the router's rates.
      const [feeBps, poolBps] = await Promise.all(
        (["feeBps", "poolBps"] as const).map((functionName) =>
          client.readContract({ address: router, abi: revenueRouterAbi, functionName }),
        ),
      );
      let pool = 0n;
      for (const r of redemptions) {
        const paid = data.revenuePayments.items.find((p) => p.txHash === r.txHash)!;
        assert.deepEqual([BigInt(paid.assetId), paid.token, BigInt(paid.amount)], [assetId, usd, BigInt(r.toAsset)]);
        const fee = (BigInt(paid.amount) * BigInt(feeBps!)) / 10_000n;
        const toPool = ((BigInt(paid.amount) - fee) * BigInt(poolBps!)) / 10_000n;
        assert.deepEqual(
          [BigInt(paid.fee), BigInt(paid.pool), BigInt(paid.reserve)],
          [fee, toPool, BigInt(paid.amount) - fee - toPool],
        );
        pool += toPool;
      }
      poolOf.set(assetId, pool);
    }

    // Epoch 3 covers every redemption and is finalised.
    const epoch = data.epochs.items.at(-1)!;
    assert.deepEqual([epoch.id, epoch.status], ["3", "finalised"]);
    for (const r of data.voucherRedemptions.items) {
      assert.ok(BigInt(epoch.fromBlock) <= BigInt(r.blockNumber) && BigInt(r.blockNumber) <= BigInt(epoch.toBlock));
    }

    // Its manifest counts exactly those pools, pays every unit of them to leaves, and nothing else in dUSD.
    const { manifest } = await new ManifestStore(path.join(work, "manifests")).read(3n);
    const inUsd = <T extends { token: string }>(rows: readonly T[]) => rows.filter((r) => r.token === usd);
    assert.deepEqual(
      inUsd(manifest.inputs.revenue).map((r) => [r.assetId, r.amount]),
      [...poolOf].sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    const inflow = [...poolOf.values()].reduce((t, v) => t + v, 0n);
    assert.equal(inUsd(manifest.epoch.tokens)[0]!.funded, inflow);
    assert.equal(
      inUsd(manifest.leaves).reduce((t, l) => t + l.amount, 0n),
      inflow,
      "sum of the leaves = the pool inflow",
    );

    // wallet-ui's revenue from use splits between its contributors and its parents, design-system and bigint-math.
    const flow = (assetId: bigint) => inUsd(manifest.lineageFlows).find((f) => f.assetId === assetId)!;
    const wallet = flow(runnable["wallet-ui"]);
    assert.equal(wallet.ownRevenue, poolOf.get(runnable["wallet-ui"]));
    assert.deepEqual(
      wallet.toParents.map((p) => p.assetId),
      [runnable["bigint-math"], runnable["design-system"]],
    );
    assert.ok(wallet.toParents.every((p) => p.amount > 0n) && wallet.toContributors > 0n);
    assert.equal(wallet.toContributors + wallet.toParents.reduce((t, p) => t + p.amount, 0n), wallet.inflow);
    for (const parent of wallet.toParents) {
      const { fromChildren, inflow: parentInflow, ownRevenue } = flow(parent.assetId);
      assert.deepEqual(fromChildren, [{ assetId: runnable["wallet-ui"], amount: parent.amount }]);
      assert.equal(parentInflow, ownRevenue + parent.amount);
    }
    // Each asset's contributor pool reaches exactly its scenario contributors, to the unit.
    const nameOf = new Map([...accounts].map(([name, a]) => [a.address.toLowerCase(), name]));
    for (const [key, assetId] of Object.entries(runnable)) {
      const paid = inUsd(manifest.leaves).flatMap((l) =>
        l.sources.filter((s) => s.assetId === assetId).map((s) => [nameOf.get(l.account)!, s.amount] as const),
      );
      const expected = new Set(scenario.contributions.filter((c) => c.asset === key).map((c) => c.contributor));
      assert.deepEqual(new Set(paid.map(([name]) => name)), expected, `${key}'s contributors`);
      assert.equal(
        paid.reduce((t, [, amount]) => t + amount, 0n),
        flow(assetId).toContributors,
      );
    }

    // The indexer's claims API hands alan (a bigint-math contributor) epoch 3's cumulative.
    const alan = accounts.get("alan")!.address;
    const claims = (await (await fetch(`http://127.0.0.1:${ports.indexer}/claims/${alan}`)).json()) as {
      epoch: { number: string };
      leaves: { token: string; cumulativeAmount: string }[];
    };
    const leaf = inUsd(manifest.leaves).find((l) => l.account === alan.toLowerCase())!;
    assert.equal(String(claims.epoch.number), "3");
    assert.equal(String(claims.leaves.find((l) => l.token === usd)!.cumulativeAmount), String(leaf.cumulative));
  });

  test("the forge intake runs beside the rest: its demo pull request is on the ledger, its link verifiable", async () => {
    const intake = `http://127.0.0.1:${ports.intake}`;
    const { contributions } = (await (await fetch(`${intake}/contributions`)).json()) as {
      contributions: Contribution[];
    };
    assert.deepEqual(
      contributions.map((c) => c.state),
      ["attested"],
    );
    const { links } = (await (await fetch(`${intake}/links`)).json()) as { links: Link[] };
    assert.deepEqual(
      links.map((l) => l.login),
      ["ada"],
    );
    const link = links[0]!;
    const client = publicClientOf(31337, `http://127.0.0.1:${ports.chain}`);
    const registry = linkRegistryOf(await loadDeployment(31337, path.join(work, "deployments")));
    assert.equal(await verifyForgeLink(client, registry, statementOf(link), link.signature), true);
  });

  test("`ccn audit` passes on every epoch", async () => {
    for (const epoch of [1, 2, 3]) {
      const audit = startProcess({
        name: `ccn audit ${epoch}`,
        // The `ccn` the README tells auditors to run.
        command: path.join(REPOSITORY_ROOT, "node_modules", ".bin", "ccn"),
        args: ["audit", String(epoch), "--rescore", "--config", path.join(work, "ccn.config.json")],
        cwd: REPOSITORY_ROOT,
      });
      const code = await audit.exited;
      assert.equal(code, 0, audit.output());
      assert.match(audit.output(), new RegExp(`epoch ${epoch} \\(finalised\\): audit passed`));
    }
  });

  test("the demo's assets are registered from their bundle manifests: the chain holds the content hash anyone recomputes", async () => {
    const bundle = path.join(REPOSITORY_ROOT, "scenarios", "demo", "payout-engine", "coherence.bundle.json");
    const hashed = await runCcn(["bundle", "hash", bundle, "--json"]);
    assert.equal(hashed.code, 0, hashed.output);
    const shown = await runCcn(["asset", "show", "5", "--json", "--config", path.join(work, "ccn.config.json")]);
    assert.equal(shown.code, 0, shown.output);
    const asset = JSON.parse(shown.output) as {
      contentHash: string;
      parents: { assetId: string; weightBps: number }[];
    };
    assert.equal(asset.contentHash, (JSON.parse(hashed.output) as { contentHash: string }).contentHash);
    assert.deepEqual(asset.parents, [
      { assetId: "1", weightBps: 2000 },
      { assetId: "2", weightBps: 1500 },
    ]);
  });

  test("a contributor claims through the web app and is paid on-chain", async () => {
    const scenario = await readScenario(DEMO);
    const grace = scenarioAccounts(scenario).get("grace")!.address; // The demo never claims for grace.
    const deployment = await loadDeployment(31337, path.join(work, "deployments"));
    const rpcUrl = `http://127.0.0.1:${ports.chain}`;
    const client = publicClientOf(31337, rpcUrl);
    const usd = deployment.tokens.find((t) => t.symbol === "dUSD")!.address as Address;
    const before = await client.readContract({ address: usd, abi: erc20Abi, functionName: "balanceOf", args: [grace] });

    const context = await browser!.newContext();
    const page = await context.newPage();
    await installTestWallet(page, { rpcUrl, chainId: 31337, account: grace });
    await page.goto(`http://127.0.0.1:${ports.web}/#/claim`);
    await page.getByRole("button", { name: "Connect E2E Test Wallet" }).click();
    const card = page.locator('[data-testid="claim-card"][data-token="dUSD"]');
    await card.getByTestId("claim-one").click();
    await page.getByTestId("tx-confirmed").waitFor({ timeout: 30_000 });
    await page
      .screenshot({
        path: path.join(REPOSITORY_ROOT, "frontend", "test-results", "full-system-claim.png"),
        fullPage: true,
      })
      .catch(() => {});
    await context.close();

    const after = await client.readContract({ address: usd, abi: erc20Abi, functionName: "balanceOf", args: [grace] });
    // The last epoch's cumulative: grace contributes to wallet-ui, so it includes her part of its revenue from use.
    const { manifest } = await new ManifestStore(path.join(work, "manifests")).read(3n);
    const leaf = manifest.leaves.find((l) => l.account === grace.toLowerCase() && l.token === usd.toLowerCase())!;
    assert.equal(after - before, leaf.cumulative, "grace was paid her whole cumulative dUSD");
  });

  test("Ctrl-C stops every process", async () => {
    process.kill(start!.pid, "SIGINT");
    await start!.exited;
    for (const port of Object.values(ports)) {
      await assert.rejects(
        fetch(`http://127.0.0.1:${port}`, { signal: AbortSignal.timeout(2_000) }),
        `port ${port} is closed`,
      );
    }
  });
});

describe("npm start -- --check --postgres", { timeout: 600_000 }, () => {
  test("brings the network up with the indexer on PostgreSQL, checks every part answers and exits 0", async () => {
    const work = await mkdtemp(path.join(tmpdir(), "ccn-check-"));
    const check = startProcess({
      name: "npm start --check --postgres",
      command: process.execPath,
      args: ["scripts/start.ts", "--check", "--postgres", "--work", work],
      cwd: REPOSITORY_ROOT,
    });
    try {
      const code = await check.exited;
      assert.equal(code, 0, check.output());
      assert.match(check.output(), /indexer \(PostgreSQL, its API in a ponder serve process\)/);
      assert.match(check.output(), /forge intake \(PostgreSQL\)/);
      assert.match(
        check.output(),
        /metering gateway: .*epoch 3 \(finalised\) allocates every unit of their pool revenue/,
      );
      assert.match(check.output(), /All parts answer\./);
    } finally {
      await check.stop();
      await rm(work, { recursive: true, force: true });
    }
  });
});
