/**
 * The whole network as a newcomer runs it: `npm start` (chain, contracts, the demo scenario with its quorum
 * epochs, indexer, web app), then a contributor claims through the web app in Chromium with an injected
 * EIP-6963 wallet, `ccn audit` passes on every epoch, and Ctrl-C stops every process.
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
    for (const epoch of [1, 2]) {
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
    const { manifest } = await new ManifestStore(path.join(work, "manifests")).read(2n);
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
      assert.match(check.output(), /All parts answer\./);
    } finally {
      await check.stop();
      await rm(work, { recursive: true, force: true });
    }
  });
});
