/**
 * End to end: Debian's Chromium (playwright-core) against a real local network — Hardhat node, deployed
 * contracts, seeded activity, a finalised oracle epoch, the real indexer — and the built app served by
 * `vite preview`. An injected EIP-6963 test wallet connects; claims go to the chain and back.
 *
 * Screenshots of every page go to frontend/test-results/screenshots/; timings are printed and written to
 * frontend/test-results/e2e-timings.json. Every process started here is stopped in `after`, pass or fail.
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { type Address, createPublicClient, createWalletClient, erc20Abi, type Hex, http } from "viem";
import { hardhat } from "viem/chains";

import { payoutDistributorAbi, revenueRouterAbi } from "../../oracle/src/protocol/abis.ts";
import demoTokenArtifact from "../../artifacts/contracts/dev/DemoToken.sol/DemoToken.json" with { type: "json" };
import type { DemoToken$Type } from "../../artifacts/contracts/dev/DemoToken.sol/artifacts.d.ts";
import { formatAmount } from "../src/lib/formatAmount.ts";
import { buildApp, previewApp, type ServedApp } from "./support/app.ts";
import { ensureChromium, launchChromium } from "./support/chromium.ts";
import { runEpoch } from "./support/epochRunner.ts";
import { RESULTS_DIR } from "./support/paths.ts";
import { type Stack, startStack } from "./support/stack.ts";
import { installTestWallet, setWalletRejects } from "./support/testWallet.ts";

const demoTokenAbi = demoTokenArtifact.abi as unknown as DemoToken$Type["abi"];
const LOG_DIR = path.join(RESULTS_DIR, "logs");
const SHOTS = path.join(RESULTS_DIR, "screenshots");
const WAIT = 20_000;

type Leaf = { account: string; token: string; amount: string; cumulative: string; previous: string };

let stack: Stack | undefined;
let app: ServedApp | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
const timings: Record<string, number> = {};

/** The stack, asserted present (the `before` hook made it). */
function s(): Stack {
  assert.ok(stack, "the stack did not start");
  return stack;
}

function leavesOf(account: string): Leaf[] {
  const manifest = JSON.parse(readFileSync(s().world.epoch.manifestFile, "utf8")) as { leaves: Leaf[] };
  return manifest.leaves.filter((l) => l.account === account.toLowerCase());
}

function token(symbol: string) {
  const t = s().chain.deployment.tokens.find((x) => x.symbol === symbol);
  assert.ok(t, `no token ${symbol}`);
  return t;
}

function clients() {
  const transport = http(s().chain.rpcUrl);
  const chain = { ...hardhat, id: s().chain.chainId };
  return { client: createPublicClient({ transport, chain }), wallet: (account: Address) => createWalletClient({ account, transport, chain }) };
}

async function send(hash: Promise<Hex>): Promise<void> {
  const receipt = await clients().client.waitForTransactionReceipt({ hash: await hash });
  assert.equal(receipt.status, "success");
}

async function balanceOf(account: Address, tokenAddress: Address): Promise<bigint> {
  return clients().client.readContract({ address: tokenAddress, abi: erc20Abi, functionName: "balanceOf", args: [account] });
}

async function newPage(options: { wallet?: { account: string; initialChainId?: number }; width?: number; height?: number } = {}): Promise<Page> {
  assert.ok(browser);
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error(`[page error] ${error.message}`));
  if (options.wallet) {
    await installTestWallet(page, { rpcUrl: s().chain.rpcUrl, chainId: s().chain.chainId, account: options.wallet.account, ...(options.wallet.initialChainId ? { initialChainId: options.wallet.initialChainId } : {}) });
  }
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Waits until `locator`'s text contains `text`. */
async function expectText(locator: Locator, text: string | RegExp, timeout = WAIT): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = "";
  for (;;) {
    last = (await locator.first().textContent({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => null)) ?? "";
    if (typeof text === "string" ? last.includes(text) : text.test(last)) return;
    if (Date.now() > deadline) assert.fail(`expected ${String(locator)} to contain ${String(text)}, got "${last}"`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Opens the Claim page with the wallet of `account` and connects it through the wallet list. */
async function connectAndOpenClaim(account: string, initialChainId?: number): Promise<Page> {
  const page = await newPage({ wallet: { account, ...(initialChainId ? { initialChainId } : {}) } });
  await page.goto(`${app!.url}/#/claim`);
  await page.getByRole("button", { name: "Connect E2E Test Wallet" }).click();
  return page;
}

const card = (page: Page, symbol: string) => page.locator(`[data-testid="claim-card"][data-token="${symbol}"]`);
const show = (value: string | bigint, decimals: number) => formatAmount(BigInt(value), decimals);

describe("web app, end to end on a local network", { timeout: 900_000 }, () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await ensureChromium(LOG_DIR);
    stack = await startStack(LOG_DIR);
    const outDir = path.join(stack.workDir, "app");
    await buildApp(
      { chainId: stack.chain.chainId, rpcUrl: stack.chain.rpcUrl, indexerUrl: stack.indexer.url, manifestUrl: stack.manifests.url, deploymentsDir: stack.chain.deploymentsDir },
      outDir,
      LOG_DIR,
    );
    app = await previewApp(outDir, LOG_DIR);
    browser = await launchChromium();
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await app?.proc.stop();
    await stack?.stop();
    if (Object.keys(timings).length > 0) {
      writeFileSync(path.join(RESULTS_DIR, "e2e-timings.json"), `${JSON.stringify(timings, null, 2)}\n`);
      console.log(`e2e timings (ms): ${JSON.stringify(timings)}`);
    }
  });

  test("without a wallet the Claim page says so and points to what works without one", async () => {
    const page = await newPage();
    await page.goto(`${app!.url}/#/claim`);
    await page.getByTestId("no-wallet").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("no-wallet"), "No wallet found");
    await shot(page, "claim-no-wallet");
  });

  test("a contributor connects and sees each token's claimable amount, what was claimed, and why", async () => {
    const { alice } = s().world;
    const page = await connectAndOpenClaim(alice);
    const leaves = leavesOf(alice);
    assert.equal(leaves.length, 2, "alice has a dUSD and a dETH leaf");
    for (const symbol of ["dUSD", "dETH"]) {
      const t = token(symbol);
      const leaf = leaves.find((l) => l.token === t.address.toLowerCase());
      assert.ok(leaf);
      await expectText(card(page, symbol).getByTestId("claimable"), `${show(leaf.cumulative, t.decimals)} ${symbol}`);
      await expectText(card(page, symbol).getByTestId("claimed"), `0 ${symbol}`);
    }
    // The explanation: the asset pools it came from, contributions with cost, coherence and multiplier.
    const explanation = card(page, "dUSD").getByTestId("explanation");
    await expectText(explanation, "asset #1");
    await expectText(explanation, "asset #4");
    await expectText(explanation, "$1,260.00");
    await expectText(explanation, /\d+\.\d\d%/);
    await expectText(explanation, /1\.\d\dx/);
    await shot(page, "claim-connected");

    // Page load to claimable amounts shown, with the wallet already connected (as on a return visit).
    await page.reload();
    const shownAt = await page.waitForFunction(
      () => (document.querySelector('[data-testid="claim-card"] [data-testid="claimable"]')?.textContent ? performance.now() : false),
      undefined,
      { timeout: WAIT, polling: 16 },
    );
    timings.loadToClaimableMs = Math.round(Number(await shownAt.jsonValue()));
    // Cumulative layout shift of that load, once the page has settled (skeletons keep it near 0).
    await page.waitForTimeout(500);
    timings.claimPageLayoutShift = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let sum = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!entry.hadRecentInput) sum += entry.value;
          }).observe({ type: "layout-shift", buffered: true });
          setTimeout(() => resolve(Math.round(sum * 1000) / 1000), 200);
        }),
    );
  });

  test("claiming one token: awaiting signature, pending, confirmed; the balance updates on-chain and on the page", async () => {
    const { alice } = s().world;
    const page = await connectAndOpenClaim(alice);
    const usd = token("dUSD");
    const leaf = leavesOf(alice).find((l) => l.token === usd.address.toLowerCase())!;
    await expectText(card(page, "dUSD").getByTestId("claimable"), show(leaf.cumulative, 6));
    const before = await balanceOf(alice as Address, usd.address);

    const clickedAt = performance.now();
    await card(page, "dUSD").getByTestId("claim-one").click();
    await page.getByTestId("tx-confirmed").waitFor({ timeout: WAIT });
    timings.clickToConfirmedMs = Math.round(performance.now() - clickedAt);

    const afterBalance = await balanceOf(alice as Address, usd.address);
    assert.equal(afterBalance - before, BigInt(leaf.cumulative), "the claim paid the whole cumulative amount on-chain");
    await expectText(page.getByTestId("tx-confirmed"), `Paid ${show(leaf.cumulative, 6)} dUSD`);
    await expectText(card(page, "dUSD").getByTestId("balance"), `${formatAmount(afterBalance, 6, { maxFractionDigits: 6 })} dUSD`);
    await expectText(card(page, "dUSD").getByTestId("claimable"), "0 dUSD");
    await expectText(card(page, "dUSD").getByTestId("claimed"), `${show(leaf.cumulative, 6)} dUSD`);
    await card(page, "dUSD").getByTestId("already-claimed").waitFor({ timeout: WAIT });
    await shot(page, "claim-confirmed");
  });

  test("claiming all tokens at once goes through claimBatch and pays each", async () => {
    const { bob } = s().world;
    const page = await connectAndOpenClaim(bob);
    const leaves = leavesOf(bob);
    assert.equal(leaves.length, 2);
    const before = await Promise.all(leaves.map((l) => balanceOf(bob as Address, l.token as Address)));
    await page.getByTestId("claim-all").click();
    await page.getByTestId("tx-confirmed").waitFor({ timeout: WAIT });
    const afterBalances = await Promise.all(leaves.map((l) => balanceOf(bob as Address, l.token as Address)));
    leaves.forEach((l, i) => assert.equal(afterBalances[i]! - before[i]!, BigInt(l.cumulative)));
    await page.getByTestId("all-claimed").waitFor({ timeout: WAIT });
    await shot(page, "claim-all-confirmed");
  });

  test("a rejected signature is reported and nothing is sent", async () => {
    const { carol } = s().world;
    const page = await connectAndOpenClaim(carol);
    await card(page, "dUSD").getByTestId("claim-one").waitFor({ timeout: WAIT });
    await setWalletRejects(page, true);
    await card(page, "dUSD").getByTestId("claim-one").click();
    await page.getByTestId("tx-failed-rejected").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("tx-failed-rejected"), "You rejected the request");
    await expectText(card(page, "dUSD").getByTestId("claimed"), "0 dUSD");
    await shot(page, "claim-rejected");
    await setWalletRejects(page, false);
  });

  test("a claim made elsewhere meanwhile is refused by the contract with a decoded 'already claimed'", async () => {
    const { dave } = s().world;
    const page = await connectAndOpenClaim(dave);
    const usd = token("dUSD");
    const leaf = leavesOf(dave).find((l) => l.token === usd.address.toLowerCase())!;
    await expectText(card(page, "dUSD").getByTestId("claimable"), show(leaf.cumulative, 6));
    // Claim behind the page's back, with the proof the indexer serves.
    const claims = (await (await fetch(`${s().indexer.url}/claims/${dave}`)).json()) as { leaves: { token: string; proof: Hex[] }[] };
    const proof = claims.leaves.find((l) => l.token.toLowerCase() === usd.address.toLowerCase())!.proof;
    const { wallet } = clients();
    await send(
      wallet(dave as Address).writeContract({
        address: s().chain.deployment.contracts.PayoutDistributor.address,
        abi: payoutDistributorAbi,
        functionName: "claim",
        args: [dave as Address, usd.address, BigInt(leaf.cumulative), proof],
      }),
    );
    await card(page, "dUSD").getByTestId("claim-one").click();
    await page.getByTestId("tx-failed-contract").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("tx-failed-contract"), "Already claimed");
    await expectText(page.getByTestId("tx-failed-contract"), "PayoutDistributorNothingToClaim");
    // The page re-reads the chain and shows the token as claimed.
    await card(page, "dUSD").getByTestId("already-claimed").waitFor({ timeout: WAIT });
    await shot(page, "claim-already-claimed");
  });

  test("an account without a payout is told there is nothing to claim", async () => {
    const page = await connectAndOpenClaim(s().world.erin);
    await page.getByTestId("nothing-to-claim").waitFor({ timeout: WAIT });
    await shot(page, "claim-nothing-to-claim");
  });

  test("a wallet on another network is offered a switch, and the page works after it", async () => {
    const page = await connectAndOpenClaim(s().world.erin, 1);
    await page.getByTestId("wrong-network").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("wrong-network"), "chain 1");
    await shot(page, "claim-wrong-network");
    await page.getByRole("button", { name: /Switch to/ }).click();
    await page.getByTestId("nothing-to-claim").waitFor({ timeout: WAIT });
  });

  test("while claims are paused the claim is refused with a decoded error and the page says claims are paused", async () => {
    const { carol } = s().world;
    const distributor = s().chain.deployment.contracts.PayoutDistributor.address;
    const { guardian, admin } = s().chain.deployment.parameters;
    const page = await connectAndOpenClaim(carol);
    await card(page, "dUSD").getByTestId("claim-one").waitFor({ timeout: WAIT });
    const { wallet } = clients();
    await send(wallet(guardian).writeContract({ address: distributor, abi: payoutDistributorAbi, functionName: "pause" }));
    try {
      await card(page, "dUSD").getByTestId("claim-one").click();
      await page.getByTestId("tx-failed-contract").waitFor({ timeout: WAIT });
      await expectText(page.getByTestId("tx-failed-contract"), "Claims are paused");
      await page.getByTestId("paused").waitFor({ timeout: WAIT });
      assert.equal(await card(page, "dUSD").getByTestId("claim-one").isDisabled(), true, "claim buttons are disabled while paused");
      await shot(page, "claim-paused");
    } finally {
      await send(wallet(admin).writeContract({ address: distributor, abi: payoutDistributorAbi, functionName: "unpause" }));
    }
  });

  test("the Contributor page shows contributions with costs, coherence, metrics and payouts over epochs", async () => {
    const { alice } = s().world;
    const page = await newPage();
    await page.goto(`${app!.url}/#/contributors/${alice}`);
    await page.getByTestId("contributions").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("contributions"), "$1,260.00");
    await expectText(page.getByTestId("contributions").getByTestId("coherence"), /\d+\.\d\d%/);
    await page.getByTestId("payouts").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("payouts"), "dUSD");
    await page.getByText("Metric breakdown").first().click();
    await expectText(page.locator(".score-breakdown").first(), "tests");
    await shot(page, "contributor");
  });

  test("the Assets page searches and sorts; an asset's lineage graph links to its parents and descendants", async () => {
    const page = await newPage();
    await page.goto(`${app!.url}/#/assets`);
    await page.getByTestId("asset-list").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("asset-count"), "4 of 4 assets");
    // By revenue (dUSD first): the app earned the most.
    await expectText(page.getByTestId("asset-card").first(), "#4 mobile-app");
    await page.getByLabel("Sort by").selectOption("resonance");
    await expectText(page.getByTestId("asset-card").first(), "#1 core-library");
    await page.getByLabel("Search").fill("handbook");
    await expectText(page.getByTestId("asset-count"), "1 of 4 assets");
    await page.getByLabel("Search").fill("");
    await shot(page, "assets");

    await page.goto(`${app!.url}/#/assets/1`);
    await page.getByTestId("lineage-graph").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("resonance"), "3 (2 direct)");
    await shot(page, "asset-1-lineage");
    await page.getByTestId("lineage-graph").getByRole("link", { name: /Asset #2/ }).click();
    await expectText(page.locator("h1"), "Asset #2");
    await page.getByTestId("parents").getByRole("link", { name: "asset #1" }).waitFor({ timeout: WAIT });
    await page.getByTestId("children").getByRole("link", { name: "asset #4" }).waitFor({ timeout: WAIT });
  });

  test("the Epochs pages show status, totals, the manifest link and a passing in-browser audit", async () => {
    const page = await newPage();
    await page.goto(`${app!.url}/#/epochs`);
    await page.getByTestId("epoch-row").first().waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("epoch-list"), "finalised");
    await shot(page, "epochs");
    await page.goto(`${app!.url}/#/epochs/1`);
    await page.getByTestId("audit-ok").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("epoch-totals"), `${show(s().world.epoch.proposal.totals[0]!, 6)} dUSD`);
    const href = await page.getByTestId("manifest-link").getAttribute("href");
    assert.equal(href, `${s().manifests.url}/epoch-1.json`);
    await shot(page, "epoch-1");
  });

  test("Verify recomputes a leaf's root step by step in the browser and spots a tampered amount", async () => {
    const { alice } = s().world;
    const page = await newPage();
    await page.goto(`${app!.url}/#/verify?account=${alice}`);
    await page.getByTestId("verification").waitFor({ timeout: WAIT });
    assert.equal(await page.getByTestId("verification").getAttribute("data-valid"), "true");
    assert.ok((await page.getByTestId("proof-step").count()) >= 1);
    await shot(page, "verify-account");

    const claims = (await (await fetch(`${s().indexer.url}/claims/${alice}`)).json()) as { leaves: { token: string; cumulativeAmount: string; proof: string[] }[] };
    const leaf = claims.leaves[0]!;
    await page.getByLabel("A leaf and proof I paste").check();
    const paste = async (amount: string) => {
      await page.getByLabel("Leaf and proof (JSON)").fill(JSON.stringify({ account: alice, token: leaf.token, cumulativeAmount: amount, proof: leaf.proof }));
      await page.getByRole("button", { name: "Verify", exact: true }).click();
    };
    await paste((BigInt(leaf.cumulativeAmount) + 1n).toString());
    await expectText(page.getByTestId("verdict"), "Not valid");
    await shot(page, "verify-tampered");
    await paste(leaf.cumulativeAmount);
    await expectText(page.getByTestId("verdict"), "Valid");
  });

  test("every page fits a phone's width without sideways scrolling", async () => {
    const { alice } = s().world;
    const page = await newPage({ wallet: { account: alice }, width: 375, height: 812 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    // What sticks out, for the failure message: boxes and text past the right edge that no scroll container clips.
    const culprits = () =>
      page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const clippedBy = (node: Node) => {
          for (let p = node.parentElement; p; p = p.parentElement) {
            if (getComputedStyle(p).overflowX !== "visible" && p.getBoundingClientRect().right <= width + 1) return true;
          }
          return false;
        };
        const found: string[] = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n && found.length < 5; n = walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(n);
          const right = range.getBoundingClientRect().right;
          if (right > width + 1 && !clippedBy(n)) {
            const parent = n.parentElement!;
            found.push(`"${(n.textContent ?? "").slice(0, 40)}" in ${parent.tagName.toLowerCase()}.${parent.className} right=${Math.round(right)}`);
          }
        }
        return found.join("; ");
      });
    await page.goto(`${app!.url}/#/claim`);
    await page.getByRole("button", { name: "Connect E2E Test Wallet" }).click();
    await card(page, "dETH").waitFor({ timeout: WAIT });
    assert.ok((await overflow()) <= 0, `the Claim page scrolls sideways by ${await overflow()}px: ${await culprits()}`);
    await shot(page, "claim-phone");
    const pages: [string, string][] = [
      [`#/contributors/${alice}`, "payouts"],
      ["#/assets", "asset-list"],
      ["#/assets/4", "lineage-graph"],
      ["#/epochs/1", "audit-ok"],
      [`#/verify?account=${alice}`, "verification"],
    ];
    for (const [hash, testId] of pages) {
      await page.goto(`${app!.url}/${hash}`);
      await page.getByTestId(testId).waitFor({ timeout: WAIT });
      assert.ok((await overflow()) <= 0, `${hash} scrolls sideways by ${await overflow()}px: ${await culprits()}`);
      if (hash === "#/assets/4") await shot(page, "asset-4-phone");
    }
  });

  test("while the next epoch is in its challenge window the Claim and Epochs pages say so, with a countdown", async () => {
    const { alice, payer } = s().world;
    const usd = token("dUSD");
    const { wallet } = clients();
    const router = s().chain.deployment.contracts.RevenueRouter.address;
    const amount = 300n * 10n ** 6n;
    await send(wallet(payer).writeContract({ address: usd.address, abi: demoTokenAbi, functionName: "mint", args: [payer, amount] }));
    await send(wallet(payer).writeContract({ address: usd.address, abi: demoTokenAbi, functionName: "approve", args: [router, amount] }));
    await send(wallet(payer).writeContract({ address: router, abi: revenueRouterAbi, functionName: "pay", args: [4n, usd.address, amount] }));
    const pending = await runEpoch({ rpcUrl: s().chain.rpcUrl, deployment: s().chain.deployment, manifestDir: s().manifestDir, finalise: false });
    await s().synced();

    const page = await connectAndOpenClaim(alice);
    await page.getByTestId("challenge-window").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("challenge-window"), `Epoch ${pending.proposal.epoch} is in its challenge window`);
    await expectText(page.getByTestId("countdown"), /\d+m \d\ds/);
    await shot(page, "claim-challenge-window");

    await page.goto(`${app!.url}/#/epochs`);
    await page.reload();
    await expectText(page.getByTestId("epoch-list"), "in challenge window");
    await shot(page, "epochs-challenge-window");
  });
});
