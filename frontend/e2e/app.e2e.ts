/**
 * End to end: Debian's Chromium (playwright-core) against a real local network — Hardhat node, deployed
 * contracts, seeded activity, a finalised oracle epoch, the real indexer — and the built app served by
 * `vite preview`. An injected EIP-6963 test wallet connects; claims go to the chain and back.
 *
 * Screenshots of every page go to frontend/test-results/screenshots/; timings are printed and written to
 * frontend/test-results/e2e-timings.json. Every process started here is stopped in `after`, pass or fail.
 */
import assert from "node:assert/strict";
import { createReadStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import {
  buildWebApp,
  ensureChromium,
  freePort,
  governLocally,
  installTestWallet,
  launchChromium,
  rpc,
  type ServedWebApp,
  serveWebApp,
  setDisputeTermsLocally,
  setWalletRejects,
  waitForWebApp,
  watchedAssets,
} from "@coherence/devnet";
import {
  aggregatorV3InterfaceAbi,
  type ClaimsResponse,
  type CostCheck,
  type CostReport,
  claimsResponseSchema,
  coherenceTimelockAbi,
  costReportSchema,
  decodeManifest,
  executeArgs,
  forgeLinkRegistryAbi,
  forgeLinkTypedData,
  parse,
  payoutDistributorAbi,
  scheduleArgs,
  type TimelockCall,
  timelockOperationId,
} from "@coherence/protocol";
import axe from "axe-core";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  getAbiItem,
  getAddress,
  type Hex,
  http,
  keccak256,
  toFunctionSelector,
  toHex,
  verifyTypedData,
} from "viem";
import { hardhat } from "viem/chains";

import { assetName } from "../src/lib/assetLabel.ts";
import { checkedCostsOf, formatPaidTotal } from "../src/lib/checkedCosts.ts";
import { costTotal } from "../src/lib/contributionCost.ts";
import { findingSentence, outcomeLabel } from "../src/lib/costWords.ts";
import { formatMicroUsd } from "../src/lib/format.ts";
import { formatAmount } from "../src/lib/formatAmount.ts";
import { LINE_LISTS, lineOf } from "../src/lib/uncountedLines.ts";
import { intakeTests } from "./intake.ts";
import { type OwnerTestHelpers, ownerTests } from "./owners.ts";
import { registerTests } from "./register.ts";
import { RESULTS_DIR } from "./support/paths.ts";
import { proposePendingEpoch, runNextEpoch } from "./support/scenario.ts";
import { type Stack, startStack } from "./support/stack.ts";

const LOG_DIR = path.join(RESULTS_DIR, "logs");
const SHOTS = path.join(RESULTS_DIR, "screenshots");
const WAIT = 20_000;

let stack: Stack | undefined;
let app: ServedWebApp | undefined;
/** Where the app was built to find the intake, which intake.ts starts when its test runs. */
let intakePort = 0;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
const timings: Record<string, number> = {};

/** The stack, asserted present (the `before` hook made it). */
function s(): Stack {
  assert.ok(stack, "the stack did not start");
  return stack;
}

const leavesOf = (account: string) => s().world.leavesOf(account);

/** What the indexer's claims API answers for `account`, decoded as the web app decodes it. */
async function claimsOf(account: Address): Promise<ClaimsResponse> {
  const response = await fetch(`${s().indexer.url}/claims/${account}`);
  return parse(claimsResponseSchema, await response.json(), { source: "claims API" });
}

/** The scenario's assets with their on-chain ids, parents, descendants and revenue per token symbol. */
function scenarioAssets() {
  const { scenario, applied } = s().world;
  const children = new Map<string, string[]>();
  for (const a of scenario.assets)
    for (const p of a.parents ?? []) children.set(p.asset, [...(children.get(p.asset) ?? []), a.key]);
  const descendants = (key: string, seen = new Set<string>()): Set<string> => {
    for (const c of children.get(key) ?? []) if (!seen.has(c)) descendants(c, seen.add(c));
    return seen;
  };
  return scenario.assets.map((a) => ({
    key: a.key,
    id: applied.assets[a.key]!,
    name: assetName(a.uri ?? ""),
    parents: (a.parents ?? []).map((p) => p.asset),
    children: children.get(a.key) ?? [],
    descendants: descendants(a.key).size,
    revenue: (symbol: string) =>
      scenario.revenue
        .filter((r) => r.asset === a.key && r.token === symbol)
        .reduce((sum, r) => sum + BigInt(r.amount), 0n),
  }));
}

function tokenAt(address: string) {
  const t = s().chain.deployment.tokens.find((x) => x.address.toLowerCase() === address.toLowerCase());
  assert.ok(t, `no token ${address}`);
  return t;
}

function token(symbol: string) {
  const t = s().chain.deployment.tokens.find((x) => x.symbol === symbol);
  assert.ok(t, `no token ${symbol}`);
  return t;
}

function clients() {
  const transport = http(s().chain.rpcUrl);
  const chain = { ...hardhat, id: s().chain.chainId };
  return {
    client: createPublicClient({ transport, chain }),
    wallet: (account: Address) => createWalletClient({ account, transport, chain }),
  };
}

/** Moves the chain's clock `seconds` forward and mines a block at the new time. */
async function passTime(seconds: number): Promise<void> {
  await rpc(s().chain.rpcUrl, "evm_increaseTime", [seconds]);
  await rpc(s().chain.rpcUrl, "evm_mine");
}

async function send(hash: Promise<Hex>): Promise<void> {
  const receipt = await clients().client.waitForTransactionReceipt({ hash: await hash });
  assert.equal(receipt.status, "success");
}

async function balanceOf(account: Address, tokenAddress: Address): Promise<bigint> {
  return clients().client.readContract({
    address: tokenAddress,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [account],
  });
}

async function newPage(
  options: { wallet?: { account: string; initialChainId?: number }; width?: number; height?: number } = {},
): Promise<Page> {
  assert.ok(browser);
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error(`[page error] ${error.message}`));
  if (options.wallet) {
    await installTestWallet(page, {
      rpcUrl: s().chain.rpcUrl,
      chainId: s().chain.chainId,
      account: options.wallet.account,
      ...(options.wallet.initialChainId ? { initialChainId: options.wallet.initialChainId } : {}),
    });
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
    last =
      (await locator
        .first()
        .textContent({ timeout: Math.max(1, deadline - Date.now()) })
        .catch(() => null)) ?? "";
    if (typeof text === "string" ? last.includes(text) : text.test(last)) return;
    if (Date.now() > deadline) assert.fail(`expected ${String(locator)} to contain ${String(text)}, got "${last}"`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The serious and critical axe-core violations on `page` as it is now, each with up to three elements it found, and
 * duplicate landmark names (moderate to axe, but they make landmark navigation useless).
 */
async function seriousViolations(page: Page): Promise<string[]> {
  // Once per document: hash navigation keeps it.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const { violations } = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      resultTypes: ["violations"],
    });
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical" || v.id === "landmark-unique")
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help}: ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(" "))
            .join(", ")}`,
      );
  });
}

/** Opens the Claim page with the wallet of `account` and connects it through the wallet list. */
async function connectAndOpenClaim(account: string, initialChainId?: number): Promise<Page> {
  const page = await newPage({ wallet: { account, ...(initialChainId ? { initialChainId } : {}) } });
  await page.goto(`${app!.url}/#/claim`);
  await page.getByRole("button", { name: "Connect E2E Test Wallet" }).click();
  return page;
}

const CLAIM_SELECTOR = toFunctionSelector(getAbiItem({ abi: payoutDistributorAbi, name: "claim" }));

/** Whether a JSON-RPC body (one request or a batch) holds an `eth_call` of `claim` on the distributor. */
function isClaimSimulation(body: unknown, distributor: Address): boolean {
  return (Array.isArray(body) ? body : [body]).some((request: { method?: string; params?: unknown[] }) => {
    const call = request?.method === "eth_call" ? (request.params?.[0] as { to?: string; data?: string }) : undefined;
    return call?.to?.toLowerCase() === distributor.toLowerCase() && call.data?.startsWith(CLAIM_SELECTOR) === true;
  });
}

const card = (page: Page, symbol: string) => page.locator(`[data-testid="claim-card"][data-token="${symbol}"]`);
const show = (value: bigint, decimals: number) => formatAmount(value, decimals);

const REPORT_SUMMARY = "Cost report: every line and its arithmetic";

/** The first contribution of the latest finalised epoch whose cost check `matches`, with its cost as paid. */
function costCheck(matches: (check: CostCheck) => boolean) {
  const { manifest } = s().world.epoch;
  const check = manifest.inputs.costs.find(matches);
  assert.ok(check, "the demo has a cost check of that kind");
  const id = check.contributionId.toLowerCase();
  const contribution = manifest.inputs.contributions.find((c) => c.id.toLowerCase() === id)!;
  return { check, contribution, cost: checkedCostsOf(manifest).get(id)! };
}

/** Opens the contributor page of a contribution and returns its card once its cost check is shown. */
async function openContribution(page: Page, { contribution }: ReturnType<typeof costCheck>): Promise<Locator> {
  await page.goto(`${app!.url}/#/contributors/${contribution.contributor}`);
  const card = page.locator(`[data-contribution="${contribution.id.toLowerCase()}"]`);
  await card.getByTestId("cost-check").waitFor({ timeout: WAIT });
  return card;
}

/** A published cost report, read as the oracle published it. */
function reportOf(hash: Hex): CostReport {
  const file = path.join(s().world.applied.manifestsDir, "costs", `${hash}.json`);
  return parse(costReportSchema, JSON.parse(readFileSync(file, "utf8")), { source: file });
}

describe("web app, end to end on a local network", { timeout: 900_000 }, () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await ensureChromium(LOG_DIR);
    stack = await startStack(LOG_DIR);
    // The built app, served by `vite preview` (the shared scripts/lib/webApp.ts, as `npm start` serves it).
    const outDir = path.join(stack.workDir, "app");
    intakePort = await freePort();
    await buildWebApp({
      network: {
        chainId: stack.chain.chainId,
        rpcUrl: stack.chain.rpcUrl,
        indexerUrl: stack.indexer.url,
        manifestUrl: stack.manifests.url,
        deploymentsDir: stack.chain.deploymentsDir,
        intakeUrl: `http://127.0.0.1:${intakePort}`,
      },
      outDir,
      logFile: path.join(LOG_DIR, "vite-build.log"),
      timeoutMs: 180_000,
    });
    app = serveWebApp({ outDir, port: await freePort(), logFile: path.join(LOG_DIR, "vite-preview.log") });
    await waitForWebApp(app, 30_000);
    browser = await launchChromium();
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await app?.process.stop();
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
    const { claimer } = s().world;
    const page = await connectAndOpenClaim(claimer);
    const leaves = leavesOf(claimer);
    assert.ok(leaves.length >= 2, "the claimer has leaves in two tokens");
    await expectText(page.getByTestId("next-epoch"), "Next epoch: not proposed yet.");
    for (const leaf of leaves) {
      const t = tokenAt(leaf.token);
      await expectText(
        card(page, t.symbol).getByTestId("claimable"),
        `${show(leaf.cumulative, t.decimals)} ${t.symbol}`,
      );
      await expectText(card(page, t.symbol).getByTestId("claimed"), `0 ${t.symbol}`);
    }
    // In dollars, from each token's feed read on the chain here: each claimable figure and the headline's sum.
    let cents = 0n;
    for (const leaf of leaves) {
      const t = tokenAt(leaf.token);
      assert.ok(t.usdFeed, `${t.symbol} has a USD feed in the local deployment`);
      const feed = { address: t.usdFeed, abi: aggregatorV3InterfaceAbi } as const;
      const [[, answer], feedDecimals] = await Promise.all([
        clients().client.readContract({ ...feed, functionName: "latestRoundData" }),
        clients().client.readContract({ ...feed, functionName: "decimals" }),
      ]);
      const each = (leaf.cumulative * answer * 100n) / 10n ** BigInt(t.decimals + feedDecimals);
      const shown = card(page, t.symbol).getByTestId("claimable").getByTestId("usd");
      assert.equal(await shown.getAttribute("data-cents"), each.toString(), `${t.symbol} in cents`);
      cents += each;
    }
    const headline = page.getByTestId("claim-headline");
    assert.equal(await headline.getAttribute("data-cents"), cents.toString(), "the headline sums the tokens' dollars");
    await expectText(headline, `You can claim about $`);
    await expectText(headline, `across ${leaves.length} tokens.`);
    // The explanation of the first token (open by default): every asset pool it came from, and the
    // contributions with their cost, coherence and multiplier.
    const first = leaves[0]!;
    const explanation = card(page, tokenAt(first.token).symbol).getByTestId("explanation");
    for (const source of first.sources) {
      await expectText(explanation, `asset #${source.assetId}`);
      if (source.kind === "contributors")
        for (const c of source.contributions) {
          await expectText(explanation, formatMicroUsd(c.costMicroUsd));
          // How the epoch checked the cost it weighed, in words.
          const cost = checkedCostsOf(s().world.epoch.manifest).get(c.id.toLowerCase());
          if (cost?.check) await expectText(explanation, outcomeLabel(cost.check));
        }
    }
    await expectText(explanation, /\d+\.\d\d%/);
    await expectText(explanation, /[01]\.\d\dx/);
    // In words: the cumulative amount as the sum of the epochs', and a sentence per hop revenue took up the lineage.
    const { manifest } = s().world.epoch;
    let hops = 0;
    for (const leaf of leaves) {
      const t = tokenAt(leaf.token);
      const why = card(page, t.symbol).getByTestId("explanation");
      await expectText(
        why.getByTestId("epoch-breakdown-total"),
        `Together ${show(leaf.cumulative, t.decimals)} ${t.symbol}, the cumulative amount.`,
      );
      for (const source of leaf.sources) {
        if (source.kind !== "contributors") continue;
        const flow = manifest.lineageFlows.find((f) => f.assetId === source.assetId && f.token === leaf.token)!;
        for (const child of flow.fromChildren.filter((c) => c.amount > 0n)) {
          const sentence = new RegExp(
            `asset #${source.assetId}\\)? received ${show(child.amount, t.decimals)} ${t.symbol} because .*asset #${child.assetId}\\)?, built on it`,
          );
          // Closed <details> still hold the sentences: attached, not visible.
          await why
            .getByTestId("lineage-hop")
            .filter({ hasText: sentence })
            .first()
            .waitFor({ state: "attached", timeout: WAIT });
          hops++;
        }
      }
    }
    assert.ok(hops > 0, "the claimer was paid through the lineage at least once");
    await shot(page, "claim-connected");

    // Page load to claimable amounts shown, with the wallet already connected (as on a return visit).
    await page.reload();
    const shownAt = await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="claim-card"] [data-testid="claimable"]')?.textContent
          ? performance.now()
          : false,
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
            for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
              if (!entry.hadRecentInput) sum += entry.value;
          }).observe({ type: "layout-shift", buffered: true });
          setTimeout(() => resolve(Math.round(sum * 1000) / 1000), 200);
        }),
    );
  });

  test("claiming one token: awaiting signature, pending, confirmed; the balance updates on-chain and on the page", async () => {
    const { claimer } = s().world;
    const page = await connectAndOpenClaim(claimer);
    const usd = token("dUSD");
    const leaf = leavesOf(claimer).find((l) => l.token === usd.address.toLowerCase())!;
    await expectText(card(page, "dUSD").getByTestId("claimable"), show(leaf.cumulative, 6));
    const before = await balanceOf(claimer, usd.address);

    const clickedAt = performance.now();
    await card(page, "dUSD").getByTestId("claim-one").click();
    await page.getByTestId("tx-confirmed").waitFor({ timeout: WAIT });
    timings.clickToConfirmedMs = Math.round(performance.now() - clickedAt);

    const afterBalance = await balanceOf(claimer, usd.address);
    assert.equal(afterBalance - before, leaf.cumulative, "the claim paid the whole cumulative amount on-chain");
    await expectText(page.getByTestId("tx-confirmed"), `Paid ${show(leaf.cumulative, 6)} dUSD`);
    // The token, added to the wallet in one click.
    await page.getByTestId("tx-confirmed").getByTestId("add-token").click();
    await expectText(page.getByTestId("token-added"), "dUSD is in your wallet's token list.");
    assert.deepEqual(
      (await watchedAssets(page)).map((w) => ({
        ...w.options,
        type: w.type,
        address: w.options.address.toLowerCase(),
      })),
      [{ type: "ERC20", address: usd.address.toLowerCase(), symbol: "dUSD", decimals: 6 }],
    );
    await expectText(
      card(page, "dUSD").getByTestId("balance"),
      `${formatAmount(afterBalance, 6, { maxFractionDigits: 6 })} dUSD`,
    );
    await expectText(card(page, "dUSD").getByTestId("claimable"), "0 dUSD");
    await expectText(card(page, "dUSD").getByTestId("claimed"), `${show(leaf.cumulative, 6)} dUSD`);
    await card(page, "dUSD").getByTestId("already-claimed").waitFor({ timeout: WAIT });
    // The history (the indexer's v1 account history) lists the epoch's payout and, once indexed, this claim.
    await page.getByTestId("history-epoch").first().waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("history-claim").first(), `${show(leaf.cumulative, 6)} dUSD`);
    await shot(page, "claim-confirmed");

    // The records export: a row per epoch, token and asset pool as the published manifests say, then the claim.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
    const lines = readFileSync((await download.path())!, "utf8")
      .split("\r\n")
      .slice(0, -1);
    assert.equal(
      lines[0],
      "type,epoch,date_utc,token,token_address,asset_id,source,amount,amount_base_units,usd_at_time,transaction",
    );
    const expected: string[] = [];
    for (const run of s().world.applied.epochs) {
      const { manifest } = await decodeManifest(createReadStream(run.publishedManifest));
      for (const l of manifest.leaves.filter((x) => x.account === claimer.toLowerCase()))
        for (const source of l.sources) {
          const t = tokenAt(l.token);
          const cents = (source.amount * (t.symbol === "dUSD" ? 1n : 3_000n) * 100n) / 10n ** BigInt(t.decimals);
          expected.push(
            [
              manifest.epoch.number,
              t.symbol,
              l.token,
              source.assetId,
              source.kind,
              source.amount,
              `${cents / 100n}.${(cents % 100n).toString().padStart(2, "0")}`,
            ].join(","),
          );
        }
    }
    const payouts = lines
      .filter((l) => l.startsWith("payout,"))
      .map((l) => {
        const [, epoch, , symbol, tokenAddress, asset, kind, , units, usd] = l.split(",");
        return [epoch, symbol, tokenAddress, asset, kind, units, usd].join(",");
      });
    assert.deepEqual(
      payouts,
      expected,
      "every payout row is a leaf source of a published manifest, priced by the feed",
    );
    const claimRows = lines.filter((l) => l.startsWith("claim,"));
    assert.equal(claimRows.length, 1);
    assert.match(
      claimRows[0]!,
      new RegExp(
        `^claim,\\d+,[^,]+,dUSD,${usd.address.toLowerCase()},,,[\\d.]+,${leaf.cumulative},[\\d.]+,0x[0-9a-f]{64}$`,
      ),
    );
  });

  test("claiming all tokens at once goes through claimBatch and pays each", async () => {
    const { batchClaimer } = s().world;
    const page = await connectAndOpenClaim(batchClaimer);
    const leaves = leavesOf(batchClaimer);
    assert.ok(leaves.length >= 2);
    const before = await Promise.all(leaves.map((l) => balanceOf(batchClaimer, l.token)));
    await page.getByTestId("claim-all").click();
    await page.getByTestId("tx-confirmed").waitFor({ timeout: WAIT });
    const afterBalances = await Promise.all(leaves.map((l) => balanceOf(batchClaimer, l.token)));
    leaves.forEach((l, i) => {
      assert.equal(afterBalances[i]! - before[i]!, l.cumulative);
    });
    await page.getByTestId("all-claimed").waitFor({ timeout: WAIT });
    await shot(page, "claim-all-confirmed");
  });

  test("a rejected signature is reported and nothing is sent", async () => {
    const { rejecter } = s().world;
    const page = await connectAndOpenClaim(rejecter);
    await card(page, "dUSD").getByTestId("claim-one").waitFor({ timeout: WAIT });
    await setWalletRejects(page, true);
    await card(page, "dUSD").getByTestId("claim-one").click();
    await page.getByTestId("tx-failed-rejected").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("tx-failed-rejected"), "You rejected the request");
    await expectText(card(page, "dUSD").getByTestId("claimed"), "0 dUSD");
    await shot(page, "claim-rejected");
    await setWalletRejects(page, false);
  });

  test("a rejected wallet connection is shown, announced and focused, and connecting again works", async () => {
    const page = await newPage({ wallet: { account: s().world.nobody } });
    await page.goto(`${app!.url}/#/claim`);
    const connect = page.getByRole("button", { name: "Connect E2E Test Wallet" });
    await connect.waitFor({ timeout: WAIT });
    await setWalletRejects(page, true);
    await connect.click();
    const refusal = page.getByTestId("connect-error");
    await expectText(refusal, "You declined the connection in your wallet");
    assert.equal(await refusal.getAttribute("role"), "alert");
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute("data-testid")),
      "connect-error",
      "focus is on the refusal, not the body",
    );
    await shot(page, "claim-connect-rejected");
    await setWalletRejects(page, false);
    await connect.click();
    await page.getByTestId("nothing-to-claim").waitFor({ timeout: WAIT });
    // Connected, the panel that had focus is gone: focus is on the page's heading, not the body.
    await page.waitForFunction(() => document.activeElement?.tagName === "H1", undefined, { timeout: WAIT });
  });

  test("with the chain's RPC down: one banner says so and that it retries, a claim is not called a revert, no balance loads for ever, Verify shows no raw error; all recovers by itself", async () => {
    const { rejecter, claimer } = s().world;
    const rpcDown = (page: Page) => page.route(s().chain.rpcUrl, (route) => route.abort("internetdisconnected"));
    const page = await connectAndOpenClaim(rejecter);
    await card(page, "dUSD").getByTestId("claim-one").waitFor({ timeout: WAIT });
    await rpcDown(page);
    await card(page, "dUSD").getByTestId("claim-one").click();
    const failure = page.locator('[data-testid^="tx-failed-"]');
    await failure.waitFor({ timeout: WAIT });
    assert.equal(
      await failure.getAttribute("data-testid"),
      "tx-failed-unreachable",
      (await failure.textContent()) ?? "",
    );
    assert.doesNotMatch((await failure.textContent())!, /revert/i);
    const banner = page.getByTestId("network-banner");
    await expectText(banner, "Can't reach the network. Your funds are safe.");
    await expectText(banner, "The chain's RPC");
    await expectText(banner, "tries again every");
    assert.equal(await banner.getAttribute("data-parts"), "rpc");
    assert.equal(await page.getByTestId("network-banner").count(), 1);
    await shot(page, "claim-rpc-down");

    // A page opened while the RPC is down: the balance says it cannot be read instead of loading for ever.
    const fresh = await newPage({ wallet: { account: claimer } });
    await rpcDown(fresh);
    await fresh.goto(`${app!.url}/#/claim`);
    await fresh.getByRole("button", { name: "Connect E2E Test Wallet" }).click();
    await card(fresh, "dUSD").getByTestId("balance-unavailable").waitFor({ timeout: WAIT });
    await fresh.getByTestId("network-banner").waitFor({ timeout: WAIT });
    await shot(fresh, "claim-rpc-down-balance");

    await fresh.goto(`${app!.url}/#/verify?account=${claimer}`);
    await fresh.getByTestId("query-error").waitFor({ timeout: WAIT });
    await fresh.getByTestId("awaiting-root").waitFor({ timeout: WAIT });
    const text = (await fresh.locator("main").textContent())!;
    for (const dump of ["Request body", "URL:", "Docs:", "Version: viem", "HTTP request failed"])
      assert.ok(!text.includes(dump), `the Verify page shows "${dump}": ${text}`);
    await shot(fresh, "verify-rpc-down");

    // Back up: the retries find it, without a reload.
    await fresh.unroute(s().chain.rpcUrl);
    await fresh.getByTestId("verification").waitFor({ timeout: WAIT });
    await fresh.getByTestId("network-banner").waitFor({ state: "detached", timeout: WAIT });
    await page.unroute(s().chain.rpcUrl);
    await page.getByTestId("network-banner").waitFor({ state: "detached", timeout: WAIT });
  });

  test("with the indexer unreachable the banner names it, and the page loads by itself once it answers", async () => {
    const page = await newPage();
    const indexer = `${s().indexer.url}/**`;
    await page.route(indexer, (route) => route.abort("connectionrefused"));
    await page.goto(`${app!.url}/#/epochs`);
    const banner = page.getByTestId("network-banner");
    await expectText(banner, "Can't reach the network. Your funds are safe.");
    await expectText(banner, "The indexer");
    assert.equal(await banner.getAttribute("data-parts"), "indexer");
    await expectText(page.getByTestId("query-error"), "Waiting for the indexer");
    await shot(page, "epochs-indexer-down");
    await page.unroute(indexer);
    await page.getByTestId("epoch-row").first().waitFor({ timeout: WAIT });
    await banner.waitFor({ state: "detached", timeout: WAIT });
  });

  test("a claim made elsewhere meanwhile is refused by the contract with a decoded 'already claimed'", async () => {
    const { outOfBand } = s().world;
    const page = await connectAndOpenClaim(outOfBand);
    const usd = token("dUSD");
    const distributor = s().chain.deployment.contracts.PayoutDistributor.address;
    const leaf = leavesOf(outOfBand).find((l) => l.token === usd.address.toLowerCase())!;
    await expectText(card(page, "dUSD").getByTestId("claimable"), show(leaf.cumulative, 6));
    const claims = await claimsOf(outOfBand);
    const proof = claims.leaves.find((l) => l.token === usd.address.toLowerCase())!.proof;
    const { wallet } = clients();
    const claimElsewhere = () =>
      send(
        wallet(outOfBand).writeContract({
          address: distributor,
          abi: payoutDistributorAbi,
          functionName: "claim",
          args: [outOfBand, usd.address, leaf.cumulative, proof],
        }),
      );
    // "Meanwhile" made exact: the claim elsewhere lands after the page decided the token is claimable and
    // before its pre-signing simulation reaches the node, whose real answer the page then gets. Claiming first
    // and clicking after would race the page's own (truthful) refresh of what is claimed on-chain.
    let claimedElsewhere = false;
    await page.route(s().chain.rpcUrl, async (route) => {
      const body: unknown = route.request().postDataJSON();
      if (!claimedElsewhere && isClaimSimulation(body, distributor)) {
        claimedElsewhere = true;
        await claimElsewhere();
      }
      await route.continue();
    });
    await card(page, "dUSD").getByTestId("claim-one").click();
    // Whatever the outcome, name it: the contract's refusal is what this test expects.
    const failure = page.locator('[data-testid^="tx-failed-"]');
    await failure.waitFor({ timeout: WAIT });
    assert.ok(claimedElsewhere, "the page's simulation of the claim went through the node");
    assert.equal(
      await failure.getAttribute("data-testid"),
      "tx-failed-contract",
      `the claim failed otherwise: ${await failure.textContent()}`,
    );
    await expectText(page.getByTestId("tx-failed-contract"), "Already claimed");
    await expectText(page.getByTestId("tx-failed-contract"), "PayoutDistributorNothingToClaim");
    // The page re-reads the chain and shows the token as claimed.
    await card(page, "dUSD").getByTestId("already-claimed").waitFor({ timeout: WAIT });
    await page.unroute(s().chain.rpcUrl);
    await shot(page, "claim-already-claimed");
  });

  test("an account without a payout is told there is nothing to claim", async () => {
    const page = await connectAndOpenClaim(s().world.nobody);
    await page.getByTestId("nothing-to-claim").waitFor({ timeout: WAIT });
    await shot(page, "claim-nothing-to-claim");
  });

  test("a wallet on another network is offered a switch, and the page works after it", async () => {
    const page = await connectAndOpenClaim(s().world.nobody, 1);
    await page.getByTestId("wrong-network").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("wrong-network"), "chain 1");
    await shot(page, "claim-wrong-network");
    await page.getByRole("button", { name: /Switch to/ }).click();
    await page.getByTestId("nothing-to-claim").waitFor({ timeout: WAIT });
  });

  test("while claims are paused the claim is refused with a decoded error and the page says claims are paused", async () => {
    const { rejecter } = s().world;
    const distributor = s().chain.deployment.contracts.PayoutDistributor.address;
    const [guardian] = s().chain.deployment.parameters.guardians;
    const page = await connectAndOpenClaim(rejecter);
    await card(page, "dUSD").getByTestId("claim-one").waitFor({ timeout: WAIT });
    const { wallet } = clients();
    await send(
      wallet(guardian!).writeContract({ address: distributor, abi: payoutDistributorAbi, functionName: "pause" }),
    );
    try {
      await card(page, "dUSD").getByTestId("claim-one").click();
      await page.getByTestId("tx-failed-contract").waitFor({ timeout: WAIT });
      await expectText(page.getByTestId("tx-failed-contract"), "Claims are paused");
      await page.getByTestId("paused").waitFor({ timeout: WAIT });
      assert.equal(
        await card(page, "dUSD").getByTestId("claim-one").isDisabled(),
        true,
        "claim buttons are disabled while paused",
      );
      await shot(page, "claim-paused");
    } finally {
      // Resuming claims is a privileged change: the governor schedules it and it runs after the delay.
      await governLocally({
        rpcUrl: s().chain.rpcUrl,
        deployment: s().chain.deployment,
        target: distributor,
        data: encodeFunctionData({ abi: payoutDistributorAbi, functionName: "unpause" }),
      });
    }
  });

  test("the Contributor page shows contributions with costs, coherence, metrics and payouts over epochs", async () => {
    const { claimer, names, scenario } = s().world;
    const name = names.get(claimer.toLowerCase());
    const contribution = scenario.contributions.find((c) => c.contributor === name);
    assert.ok(contribution, `the scenario has a contribution of ${name}`);
    const cost =
      BigInt(contribution.costs.laborMicroUsd) +
      BigInt(contribution.costs.toolsMicroUsd) +
      BigInt(contribution.costs.computeMicroUsd);
    const page = await newPage();
    await page.goto(`${app!.url}/#/contributors/${claimer}`);
    await page.getByTestId("contributions").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("contributions"), formatMicroUsd(cost));
    await expectText(page.getByTestId("contributions").getByTestId("coherence"), /\d+\.\d\d%/);
    await page.getByTestId("payouts").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("payouts"), "dUSD");
    await page.getByText("Metric breakdown").first().click();
    await expectText(page.locator(".score-breakdown").first(), "Coherence");
    await shot(page, "contributor");
  });

  test("a contribution's cost: a capped one shows attested and paid, its finding and the line not counted; a verified one its labor lines", async () => {
    const capped = costCheck((check) => check.outcome === "capped" && check.findings.some((f) => f.effect === "line"));
    const finding = capped.check.findings.find((f) => f.effect === "line")!;
    const line = lineOf(finding.path)!;
    const page = await newPage();
    let card = await openContribution(page, capped);
    await expectText(card.getByTestId("cost-outcome"), "cost capped");
    await expectText(card.getByTestId("paid-cost"), formatPaidTotal(capped.cost));
    await expectText(card.getByTestId("cost-findings"), findingSentence(finding));
    await card.getByText(REPORT_SUMMARY).click();
    const dropped = card.locator(`[data-line="${LINE_LISTS[line.list]}[${line.index}]"]`);
    await expectText(dropped, `not counted: ${findingSentence(finding)}`);
    assert.equal(await dropped.getAttribute("data-counted"), "false");
    await shot(page, "contribution-cost-capped");

    const verified = costCheck((check) => check.outcome === "verified");
    card = await openContribution(page, verified);
    await expectText(card.getByTestId("cost-outcome"), "cost verified");
    await expectText(card.getByTestId("paid-cost"), formatMicroUsd(costTotal(verified.cost.paid)));
    await card.getByText(REPORT_SUMMARY).click();
    const report = reportOf(verified.check.report!);
    assert.ok(report.labor.lines.length > 0, "the verified report has labor lines");
    for (const [i, labor] of report.labor.lines.entries()) {
      const row = card.locator(`[data-line="labor.lines[${i}]"]`);
      for (const part of [
        labor.description,
        labor.role,
        formatMicroUsd(labor.hourlyMicroUsd),
        formatMicroUsd(labor.microUsd),
      ])
        await expectText(row, part);
      assert.equal(await row.getAttribute("data-counted"), "true");
    }
    await shot(page, "contribution-cost-verified");
  });

  test("the Assets page searches and sorts; an asset's lineage graph links to its parents and descendants, by keyboard too", async () => {
    const assets = scenarioAssets();
    const firstToken = s().chain.deployment.tokens[0]!;
    const page = await newPage();
    await page.goto(`${app!.url}/#/assets`);
    await page.getByTestId("asset-list").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("asset-count"), `${assets.length} of ${assets.length} assets`);
    // By revenue in the first token (ties: newest first).
    const byRevenue = [...assets].sort((a, b) =>
      b.revenue(firstToken.symbol) > a.revenue(firstToken.symbol)
        ? 1
        : b.revenue(firstToken.symbol) < a.revenue(firstToken.symbol)
          ? -1
          : Number(b.id - a.id),
    );
    await expectText(page.getByTestId("asset-card").first(), `#${byRevenue[0]!.id} ${byRevenue[0]!.name}`);
    await page.getByLabel("Sort by").selectOption("resonance");
    const mostDescendants = Math.max(...assets.map((a) => a.descendants));
    await expectText(page.getByTestId("asset-card").first(), `${mostDescendants} descendants`);
    await page.getByLabel("Search").fill(assets[0]!.name);
    await expectText(page.getByTestId("asset-count"), `1 of ${assets.length} assets`);
    await page.getByLabel("Search").fill("");
    await shot(page, "assets");

    const middle = assets.find((a) => a.parents.length > 0 && a.children.length > 0);
    assert.ok(middle, "the scenario has an asset with both parents and children");
    await page.goto(`${app!.url}/#/assets/${middle.id}`);
    await page.getByTestId("lineage-graph").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("resonance"), `${middle.descendants} (${middle.children.length} direct)`);
    for (const parent of middle.parents) {
      await page
        .getByTestId("parents")
        .getByRole("link", { name: `asset #${assets.find((a) => a.key === parent)!.id}` })
        .waitFor({ timeout: WAIT });
    }
    await shot(page, "asset-lineage");
    // Follow a descendant's node in the graph with the keyboard.
    const child = assets.find((a) => a.key === middle.children[0])!;
    await page
      .getByTestId("lineage-graph")
      .getByRole("link", { name: new RegExp(`^#${child.id} `) })
      .focus();
    await page.keyboard.press("Enter");
    await expectText(page.locator("h1"), `Asset #${child.id}`);
    await page
      .getByTestId("parents")
      .getByRole("link", { name: `asset #${middle.id}` })
      .waitFor({ timeout: WAIT });
  });

  test("authorship and attesters: verified authors, an asset its author took back from a squatter, attesters its owner chose", async () => {
    const { scenario, applied } = s().world;
    const address = (name: string) => applied.accounts.get(name)!.address.toLowerCase();
    // The scenario's documented asset fields: `verified`, `squatter` (the owner reclaims it, so it is verified too) and
    // `attestersRestricted` (to the scenario's attesters).
    const verified = scenario.assets.filter((a) => a.verified === true || a.squatter !== undefined);
    const squatted = scenario.assets.filter((a) => a.squatter !== undefined);
    const restricted = scenario.assets.filter((a) => a.attestersRestricted === true);
    const unverified = scenario.assets.filter((a) => !verified.includes(a));
    assert.ok(squatted.length > 0 && restricted.length > 0 && unverified.length > 0, "the demo has each case");

    const page = await newPage();
    await page.goto(`${app!.url}/#/assets`);
    await page.getByTestId("asset-list").waitFor({ timeout: WAIT });
    const cards = page.getByTestId("asset-card");
    await expectText(page.getByTestId("asset-count"), `${scenario.assets.length} of ${scenario.assets.length} assets`);
    assert.equal(await cards.filter({ has: page.getByTestId("verified-badge") }).count(), verified.length);
    for (const a of verified)
      await cards
        .filter({ hasText: `#${applied.assets[a.key]} ` })
        .getByTestId("verified-badge")
        .waitFor({ timeout: WAIT });

    // The app routes by hash: wait for the asset's heading, so what follows is read from its page, not the list.
    const openAsset = async (key: string) => {
      await page.goto(`${app!.url}/#/assets/${applied.assets[key]}`);
      await expectText(page.locator("h1"), `Asset #${applied.assets[key]} `);
    };
    for (const a of squatted) {
      await openAsset(a.key);
      await page.locator("h1").getByTestId("verified-badge").waitFor({ timeout: WAIT });
      // An address shows shortened, then in full for screen readers: look for the sentence and the address apart.
      await expectText(page.getByTestId("authorship"), "Verified author: confirmed by the verifier");
      await expectText(page.getByTestId("authorship"), address(scenario.roles.verifier!));
      await expectText(page.getByTestId("reclaimed-from"), "The author took it back from");
      await expectText(page.getByTestId("reclaimed-from"), address(a.squatter!));
      await shot(page, "asset-reclaimed");
    }
    for (const a of restricted) {
      await openAsset(a.key);
      const attesters = page.getByTestId("attesters");
      await expectText(attesters, "Restricted by its owner to the");
      for (const attester of scenario.roles.attesters) await expectText(attesters, address(attester));
    }
    await openAsset(unverified[0]!.key);
    await expectText(
      page.getByTestId("authorship"),
      "Unverified: registration is first-come until a verifier confirms",
    );
    await page.locator("h1").getByTestId("unverified-badge").waitFor({ timeout: WAIT });
  });

  test("the asset list loads a page at a time and, every page loaded, shows every asset and its revenue as one page does", async () => {
    const assets = scenarioAssets();
    assert.ok(assets.length > 4, "the scenario has assets for three pages of two");
    const onePage = await newPage();
    await onePage.goto(`${app!.url}/#/assets?sort=newest`);
    await expectText(onePage.getByTestId("asset-count"), `${assets.length} of ${assets.length} assets`);
    const expected = await onePage.getByTestId("asset-list").textContent();
    assert.equal(await onePage.getByTestId("asset-load-more").count(), 0);

    // The same list in pages of two assets, their revenue one row per request: the browser's requests rewritten.
    const page = await newPage();
    const asked = { AssetPage: 0, AssetRevenue: 0, unchanged: 0 };
    await page.route(`${s().indexer.url}/graphql`, async (route) => {
      const body = route.request().postDataJSON() as { query: string } | null;
      const operation = body?.query.match(/^query (\w+)/)?.[1];
      if (body === null || (operation !== "AssetPage" && operation !== "AssetRevenue")) return route.continue();
      asked[operation]++;
      const query = body.query.replace(/limit: 1000\b/, `limit: ${operation === "AssetPage" ? 2 : 1}`);
      if (query === body.query) asked.unchanged++;
      return route.continue({ postData: JSON.stringify({ ...body, query }) });
    });
    await page.goto(`${app!.url}/#/assets?sort=newest`);
    await expectText(
      page.getByTestId("asset-count"),
      `2 of ${assets.length} assets (the newest 2 are loaded and searched)`,
    );
    // Search covers the pages loaded.
    const oldest = assets.reduce((a, b) => (b.id < a.id ? b : a));
    await page.getByLabel("Search").fill(`#${oldest.id}`);
    await expectText(page.getByTestId("asset-count"), `0 of ${assets.length} assets`);
    for (let loaded = 2; loaded < assets.length; loaded += 2) {
      await page.getByTestId("asset-load-more").click();
      const now = Math.min(loaded + 2, assets.length);
      const more = now < assets.length ? ` (the newest ${now} are loaded and searched)` : "";
      await expectText(
        page.getByTestId("asset-count"),
        `${now === assets.length ? 1 : 0} of ${assets.length} assets${more}`,
      );
    }
    assert.equal(await page.getByTestId("asset-load-more").count(), 0);
    await page.getByLabel("Search").fill("");
    await expectText(page.getByTestId("asset-count"), `${assets.length} of ${assets.length} assets`);
    assert.equal(await page.getByTestId("asset-list").textContent(), expected);
    // One request per page of assets, and per page as many for its revenue as it has revenue rows (at least one).
    const { data } = (await (
      await fetch(`${s().indexer.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ assetRevenues(limit: 1000) { items { assetId } } }" }),
      })
    ).json()) as { data: { assetRevenues: { items: { assetId: string }[] } } };
    const ids = assets.map((a) => a.id).sort((a, b) => Number(b - a));
    let revenueRequests = 0;
    for (let i = 0; i < ids.length; i += 2) {
      const page = new Set(ids.slice(i, i + 2).map(String));
      revenueRequests += Math.max(1, data.assetRevenues.items.filter((r) => page.has(r.assetId)).length);
    }
    assert.deepStrictEqual(asked, {
      AssetPage: Math.ceil(assets.length / 2),
      AssetRevenue: revenueRequests,
      unchanged: 0,
    });
  });

  test("the Epochs pages show status, totals, the manifest link and passing in-browser audits (an account's slice, the whole epoch)", async () => {
    const { epoch, claimer } = s().world;
    const page = await newPage();
    await page.goto(`${app!.url}/#/epochs`);
    await page.getByTestId("epoch-row").first().waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("epoch-list"), "finalised");
    assert.equal(await page.getByTestId("epoch-row").count(), Number(epoch.number));
    await shot(page, "epochs");
    await page.goto(`${app!.url}/#/epochs/${epoch.number}`);
    // One account's audit reads only its slice; the whole manifest is read only when asked, its size said first.
    await page.getByTestId("audit-account").fill(claimer);
    await page.getByRole("button", { name: "Audit this account" }).click();
    await page.getByTestId("audit-ok").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("whole-audit"), "downloads the whole manifest");
    await page.getByTestId("audit-full").click();
    await page.getByTestId("full-audit-ok").waitFor({ timeout: WAIT });
    for (const [i, address] of epoch.tokens.entries()) {
      const t = tokenAt(address);
      await expectText(page.getByTestId("epoch-totals"), `${show(epoch.totals[i]!, t.decimals)} ${t.symbol}`);
    }
    const href = await page.getByTestId("manifest-link").getAttribute("href");
    assert.equal(href, `${s().manifests.url}/${path.basename(epoch.manifestFile)}`);
    await shot(page, "epoch-detail");
  });

  test("Verify recomputes a leaf's root step by step in the browser and spots a tampered amount", async () => {
    const { claimer } = s().world;
    const page = await newPage();
    await page.goto(`${app!.url}/#/verify?account=${claimer}`);
    await page.getByTestId("verification").waitFor({ timeout: WAIT });
    assert.equal(await page.getByTestId("verification").getAttribute("data-valid"), "true");
    assert.ok((await page.getByTestId("proof-step").count()) >= 1);
    await shot(page, "verify-account");

    const leaf = (await claimsOf(claimer)).leaves[0]!;
    await page.getByLabel("A leaf and proof I paste").check();
    const paste = async (amount: string) => {
      await page
        .getByLabel("Leaf and proof (JSON)")
        .fill(JSON.stringify({ account: claimer, token: leaf.token, cumulativeAmount: amount, proof: leaf.proof }));
      await page.getByRole("button", { name: "Verify", exact: true }).click();
    };
    await paste((leaf.cumulativeAmount + 1n).toString());
    await expectText(page.getByTestId("verdict"), "Not valid");
    await shot(page, "verify-tampered");
    await paste(leaf.cumulativeAmount.toString());
    await expectText(page.getByTestId("verdict"), "Valid");
    // The result is brought into view and focused, on a phone-sized window too, where it lands far below the form.
    await page.setViewportSize({ width: 390, height: 700 });
    await paste(leaf.cumulativeAmount.toString());
    const placement = () =>
      page.evaluate(() => {
        const result = document.querySelector('[data-testid="verify-result"]');
        return {
          focused: result !== null && document.activeElement === result,
          top: result?.getBoundingClientRect().top,
          height: window.innerHeight,
        };
      });
    await page
      .waitForFunction(
        () => {
          const result = document.querySelector('[data-testid="verify-result"]');
          const top = result?.getBoundingClientRect().top;
          // Scrolled to its top, give or take the rounding of a fractional offset.
          return document.activeElement === result && top !== undefined && top > -2 && top < window.innerHeight;
        },
        undefined,
        { timeout: WAIT },
      )
      .catch(async () => assert.fail(`the result is not in view and focused: ${JSON.stringify(await placement())}`));

    // With the indexer unreachable, an account's payouts cannot load, and the page says what still works.
    const offline = await newPage();
    await offline.route(`${s().indexer.url}/**`, (route) => route.abort("connectionrefused"));
    await offline.goto(`${app!.url}/#/verify?account=${claimer}`);
    await expectText(
      offline.getByTestId("verify-offline-hint"),
      "verified against the chain alone, without the indexer",
    );
    await offline.getByRole("button", { name: "paste a leaf and its proof" }).click();
    await offline.getByLabel("Leaf and proof (JSON)").fill(
      JSON.stringify({
        account: claimer,
        token: leaf.token,
        cumulativeAmount: leaf.cumulativeAmount.toString(),
        proof: leaf.proof,
      }),
    );
    await offline.getByRole("button", { name: "Verify", exact: true }).click();
    await expectText(offline.getByTestId("verdict"), "Valid");
  });

  test("the skip link focuses the content without leaving the page; a new page starts at the top with its heading focused; an unknown page has a heading", async () => {
    const page = await newPage({ height: 500 });
    const focused = () =>
      page.evaluate(() => ({
        tag: document.activeElement?.tagName.toLowerCase(),
        id: document.activeElement?.id,
        text: document.activeElement?.textContent,
      }));
    await page.goto(`${app!.url}/#/assets`);
    await page.getByTestId("asset-list").waitFor({ timeout: WAIT });
    await page.keyboard.press("Tab");
    assert.equal((await focused()).text, "Skip to content");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => window.location.hash), "#/assets");
    assert.equal((await focused()).id, "main");
    await expectText(page.locator("h1"), "Assets");

    // An asset linked from far down the list, followed by keyboard.
    const last = page.getByTestId("asset-card").last();
    await last.scrollIntoViewIfNeeded();
    assert.ok((await page.evaluate(() => window.scrollY)) > 0, "the list scrolls at this height");
    const title = (await last.getByRole("link").first().textContent())!;
    await last.getByRole("link").first().focus();
    await page.keyboard.press("Enter");
    await expectText(page.locator("h1"), `Asset ${title.split(" ")[0]}`);
    await page.waitForFunction(() => document.activeElement?.tagName === "H1", undefined, { timeout: WAIT });
    assert.equal(await page.evaluate(() => window.scrollY), 0, "the new page starts at the top");

    await page.goto(`${app!.url}/#/no-such-page`);
    await expectText(page.locator("h1"), "Page not found");
    await shot(page, "not-found");
  });

  test("a link to other parameters of the page shown shows them: another account on Verify, another search on Assets", async () => {
    const { claimer, batchClaimer } = s().world;
    const page = await newPage();
    const follow = (hash: string) =>
      page.evaluate((h) => {
        window.location.hash = h;
      }, hash);
    await page.goto(`${app!.url}/#/verify?account=${claimer}`);
    await expectText(page.getByTestId("verification"), claimer.slice(2).toLowerCase());
    await follow(`#/verify?account=${batchClaimer}`);
    await expectText(page.getByTestId("verification"), batchClaimer.slice(2).toLowerCase());
    assert.equal(await page.getByRole("textbox", { name: "Account" }).inputValue(), batchClaimer);
    await shot(page, "verify-linked-account");

    const [first] = scenarioAssets();
    await page.goto(`${app!.url}/#/assets`);
    await page.getByTestId("asset-list").waitFor({ timeout: WAIT });
    await page.getByLabel("Search").fill("no asset has this name");
    await expectText(page.getByTestId("asset-count"), /^0 of/);
    await follow(`#/assets?q=${encodeURIComponent(first!.name)}`);
    assert.equal(await page.getByLabel("Search").inputValue(), first!.name);
    await expectText(page.getByTestId("asset-count"), /^1 of/);
    // The navigation's link to the unsearched list clears the search.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assets", exact: true }).click();
    await expectText(page.getByTestId("asset-count"), new RegExp(`^${scenarioAssets().length} of`));
    assert.equal(await page.getByLabel("Search").inputValue(), "");
  });

  test("every page fits a phone's width without sideways scrolling", async () => {
    const { claimer } = s().world;
    const middle = scenarioAssets().find((a) => a.parents.length > 0 && a.children.length > 0)!;
    const page = await newPage({ wallet: { account: claimer }, width: 375, height: 812 });
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    // What sticks out, for the failure message: boxes and text past the right edge that no scroll container clips.
    const culprits = () =>
      page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const clippedBy = (node: Node) => {
          for (let p = node.parentElement; p; p = p.parentElement) {
            if (getComputedStyle(p).overflowX !== "visible" && p.getBoundingClientRect().right <= width + 1)
              return true;
          }
          return false;
        };
        const found: string[] = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
        for (let n = walker.nextNode(); n && found.length < 5; n = walker.nextNode()) {
          const isText = n.nodeType === Node.TEXT_NODE;
          if (!isText && (n as Element).children.length > 0) continue;
          const range = document.createRange();
          range.selectNodeContents(n);
          const right = isText ? range.getBoundingClientRect().right : (n as Element).getBoundingClientRect().right;
          if (right > width + 1 && !clippedBy(n)) {
            const parent = isText ? n.parentElement! : (n as Element);
            found.push(
              `"${(n.textContent ?? "").slice(0, 40)}" in ${parent.tagName.toLowerCase()}.${String(parent.className)} right=${Math.round(right)}`,
            );
          }
        }
        return found.join("; ");
      });
    await page.goto(`${app!.url}/#/claim`);
    await page.getByRole("button", { name: "Connect E2E Test Wallet" }).click();
    await page.getByTestId("claim-card").first().waitFor({ timeout: WAIT });
    assert.ok((await overflow()) <= 0, `the Claim page scrolls sideways by ${await overflow()}px: ${await culprits()}`);
    // A compact header: brand and wallet on one line, the navigation on one more (it was 175 px over three).
    const header = (await page.locator(".site-header").boundingBox())!;
    assert.ok(header.height <= 100, `the header is ${header.height}px high on a phone`);
    await shot(page, "claim-phone");
    const pages: [string, string][] = [
      [`#/contributors/${claimer}`, "payouts"],
      ["#/assets", "asset-list"],
      [`#/assets/${middle.id}`, "lineage-graph"],
      [`#/epochs/${s().world.epoch.number}`, "audit-ok"],
      ["#/governance", "governance-roles"],
      [`#/verify?account=${claimer}`, "verification"],
    ];
    for (const [hash, testId] of pages) {
      await page.goto(`${app!.url}/${hash}`);
      await page.getByTestId(testId).waitFor({ timeout: WAIT });
      assert.ok((await overflow()) <= 0, `${hash} scrolls sideways by ${await overflow()}px: ${await culprits()}`);
      if (hash.startsWith("#/assets/")) {
        // A graph wider than the phone scrolls inside its box, and says so.
        const wider = await page.locator(".graph-scroll").evaluate((box) => box.scrollWidth > box.clientWidth + 1);
        if (wider) await page.getByTestId("graph-scroll-hint").waitFor({ timeout: WAIT });
        else assert.equal(await page.getByTestId("graph-scroll-hint").count(), 0);
        await shot(page, "asset-phone");
      }
    }
  });

  test("no page or state has a serious or critical accessibility violation (axe-core)", async () => {
    const { claimer, nobody, epoch } = s().world;
    const middle = scenarioAssets().find((a) => a.parents.length > 0 && a.children.length > 0)!;
    const found: string[] = [];
    const check = async (page: Page, what: string, testId: string) => {
      await page.getByTestId(testId).first().waitFor({ timeout: WAIT });
      for (const violation of await seriousViolations(page)) found.push(`${what}: ${violation}`);
    };

    const noWallet = await newPage();
    await noWallet.goto(`${app!.url}/#/claim`);
    await check(noWallet, "Claim without a wallet", "no-wallet");

    const disconnected = await newPage({ wallet: { account: nobody } });
    await disconnected.goto(`${app!.url}/#/claim`);
    await check(disconnected, "Claim, not connected", "connect-wallet");

    const page = await connectAndOpenClaim(claimer);
    await check(page, "Claim, connected", "claim-card");
    const pages: [string, string, string][] = [
      ["Contributor", `#/contributors/${claimer}`, "payouts"],
      ["Assets", "#/assets", "asset-list"],
      ["Asset", `#/assets/${middle.id}`, "lineage-graph"],
      ["Epochs", "#/epochs", "epoch-row"],
      ["Epoch", `#/epochs/${epoch.number}`, "audit-ok"],
      ["Governance", "#/governance", "governance-roles"],
      ["Verify", `#/verify?account=${claimer}`, "verification"],
      ["Not found", "#/no-such-page", "not-found"],
    ];
    for (const [what, hash, testId] of pages) {
      await page.goto(`${app!.url}/${hash}`);
      await check(page, what, testId);
    }
    const capped = await openContribution(
      page,
      costCheck((c) => c.outcome === "capped"),
    );
    await capped.getByText(REPORT_SUMMARY).click();
    await check(page, "Contributor, a cost report open", "cost-report");

    const offline = await newPage();
    await offline.route(`${s().indexer.url}/**`, (route) => route.abort("connectionrefused"));
    await offline.goto(`${app!.url}/#/epochs`);
    await check(offline, "Epochs, indexer unreachable", "network-banner");

    assert.deepStrictEqual(found, [], `axe-core found:\n${found.join("\n")}`);
  });

  test("a change scheduled through the timelock shows on the Governance page as waiting with a countdown, then as executed; a cancelled one as cancelled", async () => {
    const { deployment } = s().chain;
    const { governors, guardians, governanceDelay, challengePeriod, threshold } = deployment.parameters;
    const distributor = deployment.contracts.PayoutDistributor.address;
    const timelock = deployment.contracts.CoherenceTimelock.address;
    const { wallet } = clients();
    const timelockCall = (functionName: "setChallengePeriod" | "setThreshold", value: number): TimelockCall => ({
      target: distributor,
      data: encodeFunctionData({ abi: payoutDistributorAbi, functionName, args: [value] }),
      salt: keccak256(toHex(`frontend-e2e:${functionName}`)),
    });
    const schedule = (call: TimelockCall) =>
      send(
        wallet(governors[0]!).writeContract({
          address: timelock,
          abi: coherenceTimelockAbi,
          functionName: "schedule",
          args: scheduleArgs(call, BigInt(governanceDelay)),
        }),
      );
    // Values the protocol already has, so nothing else in the run changes.
    const change = timelockCall("setChallengePeriod", challengePeriod);
    const cancelled = timelockCall("setThreshold", threshold);
    await schedule(change);
    await schedule(cancelled);
    await send(
      wallet(guardians[0]!).writeContract({
        address: timelock,
        abi: coherenceTimelockAbi,
        functionName: "cancel",
        args: [timelockOperationId(cancelled)],
      }),
    );
    await s().synced();

    const page = await newPage();
    await page.goto(`${app!.url}/#/governance`);
    const operation = (call: TimelockCall) =>
      page.locator(`[data-testid="governance-operation"][data-operation="${timelockOperationId(call)}"]`);
    const waiting = page.getByTestId("governance-waiting").locator(operation(change));
    await expectText(
      waiting.getByTestId("governance-call"),
      `Set the challenge period to ${challengePeriod.toLocaleString("en-US")} s on PayoutDistributor`,
    );
    await expectText(waiting.getByTestId("governance-state"), "waiting");
    await expectText(waiting.getByTestId("governance-countdown"), /^(1h [0-5]\dm|2h 00m) \d\ds$/);
    await expectText(waiting, governors[0]!.toLowerCase());
    const history = page.getByTestId("governance-history").locator(operation(cancelled));
    await expectText(
      history.getByTestId("governance-call"),
      `Require ${threshold} oracle signatures per epoch proposal`,
    );
    await expectText(history.getByTestId("governance-state"), "cancelled");
    await expectText(page.getByTestId("governance-delay"), `${governanceDelay.toLocaleString("en-US")} s`);
    // The forge intake's linker, granted by the ForgeLinkRegistry's constructor, is listed with the other roles.
    const [linker] = deployment.parameters.linkers ?? [];
    assert.ok(linker !== undefined, "the local deployment names a linker");
    await page.getByTestId("governance-roles").getByTitle(linker).first().waitFor();
    await shot(page, "governance-waiting");

    // Once the delay has passed, anyone executes it.
    await passTime(governanceDelay);
    await send(
      wallet(s().world.payer).writeContract({
        address: timelock,
        abi: coherenceTimelockAbi,
        functionName: "execute",
        args: executeArgs(change),
      }),
    );
    await s().synced();
    await page.reload();
    const executed = page.getByTestId("governance-history").locator(operation(change));
    await expectText(executed.getByTestId("governance-state"), "executed");
    await expectText(executed, s().world.payer.toLowerCase());
    assert.equal(await page.getByTestId("governance-waiting").locator(operation(change)).count(), 0);
    await shot(page, "governance-executed");
  });

  test("while the next epoch is in its challenge window the Claim and Epochs pages say so, with a countdown", async () => {
    const { claimer } = s().world;
    const earner = [...scenarioAssets()].sort((a, b) => (b.revenue("dUSD") > a.revenue("dUSD") ? 1 : -1))[0]!;
    const pending = await proposePendingEpoch(s().world, s().chain.rpcUrl, s().chain.deployment, earner.id);
    await s().synced();

    const page = await connectAndOpenClaim(claimer);
    await page.getByTestId("challenge-window").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("challenge-window"), `Epoch ${pending} is in its challenge window`);
    await expectText(page.getByTestId("next-epoch"), `Next epoch: ${pending}, in its challenge window, finalisable in`);
    await expectText(page.getByTestId("countdown"), /\d+m \d\ds/);
    await shot(page, "claim-challenge-window");

    await page.goto(`${app!.url}/#/epochs`);
    await page.reload();
    await expectText(page.getByTestId("epoch-list"), "in challenge window");
    await shot(page, "epochs-challenge-window");
  });

  test("an epoch nobody finalised expires: anyone clears it, and the Epoch pages say it expired", async () => {
    const { deployment } = s().chain;
    const distributor = deployment.contracts.PayoutDistributor.address;
    const { client, wallet } = clients();
    const [pending, , deadline] = await client.readContract({
      address: distributor,
      abi: payoutDistributorAbi,
      functionName: "pendingProposal",
    });
    assert.ok(deadline > 0n, "the previous test left an epoch pending");
    // A whole challenge period past its deadline without a finalise.
    const { timestamp } = await client.getBlock();
    await passTime(Number(deadline - timestamp) + deployment.parameters.challengePeriod + 1);
    await send(
      wallet(s().world.payer).writeContract({
        address: distributor,
        abi: payoutDistributorAbi,
        functionName: "clearExpiredProposal",
      }),
    );
    await s().synced();

    const page = await newPage();
    await page.goto(`${app!.url}/#/epochs/${pending}`);
    await page.getByTestId("epoch-expired").waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("epoch-detail"), "expired");
    await expectText(page.getByTestId("epoch-expired"), "Nobody finalised it within a challenge period");
    await shot(page, "epoch-expired");
    await page.goto(`${app!.url}/#/epochs`);
    await expectText(page.getByTestId("epoch-list"), "expired, cleared");
  });

  test("a disputed epoch: the Epoch pages show the dispute, then that a guardian upheld it", async () => {
    const { deployment, rpcUrl } = s().chain;
    const distributor = deployment.contracts.PayoutDistributor.address;
    const { client, wallet } = clients();
    const usd = token("dUSD");
    const unit = 10n ** BigInt(usd.decimals);
    const { payer } = s().world;
    const [guardian] = deployment.parameters.guardians;
    await setDisputeTermsLocally(rpcUrl, deployment, {
      token: usd.address,
      bond: 50n * unit,
      reward: 0n,
      treasury: payer,
    });
    const earner = [...scenarioAssets()].sort((a, b) => (b.revenue("dUSD") > a.revenue("dUSD") ? 1 : -1))[0]!;
    const pending = await proposePendingEpoch(s().world, rpcUrl, deployment, earner.id);
    await send(
      wallet(payer).writeContract({
        address: usd.address,
        abi: erc20Abi,
        functionName: "approve",
        args: [distributor, 50n * unit],
      }),
    );
    await send(
      wallet(payer).writeContract({
        address: distributor,
        abi: payoutDistributorAbi,
        functionName: "dispute",
        args: ["the e2e disputer doubts these totals"],
      }),
    );
    await s().synced();

    const page = await newPage();
    await page.goto(`${app!.url}/#/epochs/${pending}`);
    const detail = page.getByTestId("epoch-disputes");
    await detail.waitFor({ timeout: WAIT });
    await expectText(page.getByTestId("epoch-detail"), "disputed");
    await expectText(detail, "the e2e disputer doubts these totals");
    await expectText(detail, payer.toLowerCase());
    await expectText(detail, `50 ${usd.symbol}`);
    await shot(page, "epoch-disputed");

    await send(
      wallet(guardian!).writeContract({
        address: distributor,
        abi: payoutDistributorAbi,
        functionName: "resolveDispute",
        args: [true, "the guardian agrees"],
      }),
    );
    await s().synced();
    assert.equal(
      (
        await client.readContract({ address: distributor, abi: payoutDistributorAbi, functionName: "pendingProposal" })
      )[2],
      0n,
      "the upheld dispute vetoed the epoch",
    );
    await page.reload();
    await expectText(page.getByTestId("dispute-resolution"), "the guardian agrees");
    await expectText(page.getByTestId("dispute-badge"), "dispute upheld");
    await expectText(page.getByTestId("epoch-detail"), "vetoed");
    await shot(page, "epoch-dispute-upheld");
    await page.goto(`${app!.url}/#/epochs`);
    await expectText(page.getByTestId("epoch-list"), "dispute upheld");
  });

  test("Forge accounts: a login is checked, a rejected signature is said, the signed /ccn link comment verifies with the chain's nonce; recorded by the linker it shows active and verified, and unlinked from the page it shows ended", async () => {
    const { deployment } = s().chain;
    const registry = deployment.contracts.ForgeLinkRegistry;
    assert.ok(registry, "the local deployment has a ForgeLinkRegistry");
    const { client, wallet } = clients();
    // An unlocked account of the node that the scenario and the deployment's roles leave alone, so a link beside it
    // changes nothing another test shows.
    const roles = new Set(
      JSON.stringify(deployment.parameters)
        .toLowerCase()
        .match(/0x[0-9a-f]{40}/g) ?? [],
    );
    const unlocked = (await rpc<Address[]>(s().chain.rpcUrl, "eth_accounts")).map((a) => a.toLowerCase() as Address);
    const account = unlocked.find((a) => !s().world.names.has(a) && !roles.has(a));
    assert.ok(account, "the node has an account outside the scenario");
    const login = "ada-e2e";

    const page = await newPage({ wallet: { account } });
    await page.goto(`${app!.url}/#/forge-accounts`);
    await page.getByRole("button", { name: "Connect E2E Test Wallet" }).click();
    await page.getByTestId("no-forge-links").waitFor({ timeout: WAIT });

    // What a forge would never accept is refused before the wallet is asked.
    await page.getByTestId("sign-link").click();
    await expectText(page.getByTestId("login-problem"), "Enter your github.com login.");
    await page.getByTestId("forge-login").fill("-ada");
    await page.getByTestId("sign-link").click();
    await expectText(page.getByTestId("login-problem"), "A github.com login is letters, digits and single hyphens");
    const found = await seriousViolations(page);
    assert.deepStrictEqual(found, [], `axe-core found on Forge accounts:\n${found.join("\n")}`);

    await page.getByTestId("forge-login").fill(login);
    await setWalletRejects(page, true);
    await page.getByTestId("sign-link").click();
    await expectText(
      page.getByTestId("link-rejected"),
      "You rejected the signature in your wallet. Nothing was signed.",
    );
    await setWalletRejects(page, false);

    await page.getByTestId("sign-link").click();
    const comment = ((await page.getByTestId("link-comment").textContent({ timeout: WAIT })) ?? "").trim();
    const [command, verb, address, signature, ...rest] = comment.split(" ");
    assert.deepStrictEqual([command, verb, rest], ["/ccn", "link", []], `one /ccn link command: ${comment}`);
    assert.equal(address, getAddress(account), "the comment names the connected address");
    const nonce = await client.readContract({
      address: registry.address,
      abi: forgeLinkRegistryAbi,
      functionName: "nonces",
      args: [account],
    });
    const statement = { forge: "github.com", login, account: getAddress(account), nonce };
    const typedData = forgeLinkTypedData({ chainId: deployment.chainId, address: registry.address }, statement);
    assert.ok(
      await verifyTypedData({ ...typedData, address: account, signature: signature as Hex }),
      "the comment's signature is the address's over the statement with the registry's nonce",
    );
    await shot(page, "forge-accounts-signed");

    // Recorded as the intake records it after the forge account posted the comment: by a linker (the local
    // deployment makes its attester one, and the node holds that key).
    const linker = deployment.parameters.linkers?.find((l) => unlocked.includes(l.toLowerCase() as Address));
    assert.ok(linker, "the local deployment has a linker whose key the node holds");
    await send(
      wallet(linker).writeContract({
        address: registry.address,
        abi: forgeLinkRegistryAbi,
        functionName: "link",
        args: [statement, 4_242_001n, signature as Hex],
      }),
    );
    await s().synced();
    await page.reload();
    const active = page.getByTestId("active-links").getByTestId("forge-link");
    await active.first().waitFor({ timeout: WAIT });
    await expectText(active, `${login}@github.com`);
    await active.getByTestId("link-verified").waitFor({ timeout: WAIT });
    await expectText(active, "account #4242001");
    await expectText(page.locator(".site-header"), `${login}@github.com`);
    const linked = await seriousViolations(page);
    assert.deepStrictEqual(linked, [], `axe-core found on Forge accounts with a link:\n${linked.join("\n")}`);
    await shot(page, "forge-accounts-linked");

    await active.getByTestId("unlink").click();
    await page.getByTestId("tx-confirmed").waitFor({ timeout: WAIT });
    const ended = page.getByTestId("ended-links").getByTestId("forge-link");
    await expectText(ended.getByTestId("ended-why"), "This address unlinked it.");
    await expectText(ended, `${login}@github.com`);
    assert.equal(await page.getByTestId("active-links").count(), 0, "no link is active any more");
    // The name beside the address in the header goes with the link.
    await page.waitForFunction(
      (name) => !document.querySelector(".site-header")?.textContent?.includes(name),
      `${login}@github.com`,
      { timeout: WAIT },
    );
    assert.equal(
      (
        await client.readContract({
          address: registry.address,
          abi: forgeLinkRegistryAbi,
          functionName: "forgeAccountOf",
          args: ["github.com", account],
        })
      )[0],
      false,
      "the registry has the address unlinked",
    );
    await shot(page, "forge-accounts-unlinked");

    // A self-managed GitLab is named by its host: refused unless bare, then signed under it.
    await page.getByTestId("forge-gitlab-self-managed").check();
    await page.getByTestId("forge-host").fill("https://gitlab.example.org/group");
    await page.getByTestId("sign-link").click();
    await expectText(
      page.getByTestId("host-problem"),
      "Enter the host alone, without a scheme or path: gitlab.example.org.",
    );
    await page.getByTestId("forge-host").fill("GitLab.Example.org");
    await page.getByTestId("forge-login").fill("ada_e2e");
    await page.getByTestId("sign-link").click();
    await expectText(page.getByTestId("link-signed"), "Post it from ada_e2e@gitlab.example.org");
    const selfManaged = ((await page.getByTestId("link-comment").textContent({ timeout: WAIT })) ?? "").trim();
    const [, , ownAddress, ownSignature] = selfManaged.split(" ");
    assert.equal(ownAddress, getAddress(account), "the comment names the connected address");
    const ownStatement = {
      forge: "gitlab.example.org",
      login: "ada_e2e",
      account: getAddress(account),
      nonce: await client.readContract({
        address: registry.address,
        abi: forgeLinkRegistryAbi,
        functionName: "nonces",
        args: [account],
      }),
    };
    assert.ok(
      await verifyTypedData({
        ...forgeLinkTypedData({ chainId: deployment.chainId, address: registry.address }, ownStatement),
        address: account,
        signature: ownSignature as Hex,
      }),
      "the signature is over a statement naming the self-managed host, lower case as its repositories are named",
    );
    const selfManagedFound = await seriousViolations(page);
    assert.deepStrictEqual(
      selfManagedFound,
      [],
      `axe-core found on Forge accounts (self-managed):\n${selfManagedFound.join("\n")}`,
    );
    await shot(page, "forge-accounts-self-managed");
  });

  // Last: payments change the revenue the tests above assert, and registering adds assets.
  const ownerHelpers: OwnerTestHelpers = {
    stack: s,
    appUrl: () => app!.url,
    newPage,
    expectText,
    shot,
    seriousViolations,
    client: () => clients().client,
    wallet: (account) => clients().wallet(account),
    passTime,
    wait: WAIT,
  };
  ownerTests(ownerHelpers);
  registerTests(ownerHelpers);

  // After everything else: it finalises one more epoch.
  test("while the indexer is behind the chain the Claim page says it is catching up and shows no figure; once it catches up, the new epoch's by itself", async () => {
    const { deployment, rpcUrl } = s().chain;
    const earner = [...scenarioAssets()].sort((a, b) => (b.revenue("dUSD") > a.revenue("dUSD") ? 1 : -1))[0]!;
    s().indexerRpc.close();
    try {
      const run = await runNextEpoch(s().world, rpcUrl, deployment, earner.id, { finalise: true });
      assert.ok(run.finalised);
      const epoch = run.prepared.proposal.epoch;
      const { manifest } = await decodeManifest(createReadStream(run.publishedManifest));
      const earned = manifest.leaves.find((leaf) => leaf.amount > 0n)!;
      const page = await newPage({ wallet: { account: earned.account } });
      // Browser notifications allowed, and each one shown recorded for the test.
      await page.context().grantPermissions(["notifications"], { origin: new URL(app!.url).origin });
      await page.addInitScript(() => {
        const Native = window.Notification;
        const shown: { title: string; body: string | undefined }[] = [];
        (window as unknown as { e2eNotifications: typeof shown }).e2eNotifications = shown;
        window.Notification = class extends Native {
          constructor(title: string, options?: NotificationOptions) {
            super(title, options);
            shown.push({ title, body: options?.body });
          }
        } as typeof Notification;
      });
      await page.goto(`${app!.url}/#/claim`);
      await page.getByRole("button", { name: "Connect E2E Test Wallet" }).click();
      const notice = page.getByTestId("indexer-behind");
      await expectText(
        notice,
        new RegExp(`Epoch ${epoch} is finalised on-chain, but the indexer has only reached epoch \\d+`),
      );
      await expectText(notice, "Your payouts are safe");
      assert.equal(await page.getByTestId("claim-card").count(), 0, "no figure from the indexer's older epoch");
      assert.equal(await page.getByTestId("nothing-to-claim").count(), 0, "never 'nothing to claim'");
      await shot(page, "claim-indexer-behind");
      // Pages whose money figures come from the indexer say they may be older.
      const contributor = await newPage();
      await contributor.goto(`${app!.url}/#/contributors/${earned.account}`);
      await expectText(
        contributor.getByTestId("indexer-behind"),
        new RegExp(
          `Epoch ${epoch} is finalised on-chain, but the indexer has only reached epoch \\d+: the figures below do not include it yet`,
        ),
      );

      s().indexerRpc.open();
      // The indexer retries its RPC with backoff; the page asks again every few seconds without a reload.
      await page.getByTestId("claim-card").first().waitFor({ timeout: 90_000 });
      await expectText(page.locator(".claim-summary"), `Epoch ${epoch}`);
      assert.equal(await page.getByTestId("indexer-behind").count(), 0);
      await shot(page, "claim-indexer-caught-up");

      // One more epoch while the page is open, the indexer in step: the page says so, and so does the browser.
      const next = (await runNextEpoch(s().world, rpcUrl, deployment, earner.id, { finalise: true })).prepared.proposal
        .epoch;
      // The page reads the chain's finalised epoch every 30 s, then the claims every 3 s until the indexer has it.
      await expectText(page.getByTestId("new-payouts"), `New payouts: epoch ${next} was finalised`, 90_000);
      const shown = await page.evaluate(
        () => (window as unknown as { e2eNotifications: { title: string; body?: string }[] }).e2eNotifications,
      );
      assert.deepEqual(
        shown.map((n) => n.title),
        ["New payouts to claim"],
      );
      assert.match(shown[0]!.body!, new RegExp(`^Epoch ${next} was finalised: .+ to claim\\.$`));
      // And for when the page is closed: the account's Atom feed, which has the epoch too.
      const feedUrl = (await page.getByTestId("payout-feed").getAttribute("href"))!;
      assert.equal(feedUrl.toLowerCase(), `${s().indexer.url}/v1/accounts/${earned.account}/feed.atom`.toLowerCase());
      const atom = await (await fetch(feedUrl)).text();
      assert.match(atom, new RegExp(`<title>Epoch ${next}: [^<]+ for you</title>`));
      await shot(page, "claim-new-payouts");
    } finally {
      s().indexerRpc.open();
    }
  });

  // Last of all: the indexer it leaves behind has re-synced from nothing.
  test("an indexer killed (-9) and restarted on an empty database: the Claim page names it and shows no figure meanwhile, then the same claims by itself once it has re-synced", async () => {
    let earner: { account: Address; epoch: bigint } | undefined;
    for (const { address } of s().world.applied.accounts.values()) {
      const response = await fetch(`${s().indexer.url}/claims/${address}`);
      if (response.ok) earner = { account: address, epoch: (await claimsOf(address)).epoch.number };
      if (earner !== undefined) break;
    }
    assert.ok(earner, "someone has something to claim");
    const before = await claimsOf(earner.account);
    const page = await newPage({ wallet: { account: earner.account } });
    await page.goto(`${app!.url}/#/claim`);
    await page.getByRole("button", { name: "Connect E2E Test Wallet" }).click();
    await page.getByTestId("claim-card").first().waitFor({ timeout: WAIT });

    await s().indexer.process.kill();
    await s().indexer.process.exited;
    // A visitor arriving while it is down (the wallet still connected): the banner names the indexer, and no
    // figure or "nothing" is shown.
    await page.reload();
    await expectText(page.getByTestId("network-banner"), "The indexer");
    assert.equal(await page.getByTestId("claim-card").count(), 0, "no figure while it is down");
    assert.equal(await page.getByTestId("nothing-to-claim").count(), 0, "never 'nothing to claim'");
    await shot(page, "claim-indexer-down");

    // Back on an empty database: it re-syncs from the first block, and whatever it answers meanwhile (no epoch, an
    // older one) is held back by the chain's finalised epoch. The page comes back by itself, without a reload.
    // Everything the page shows while it re-syncs is recorded, not only its state at the end.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { e2eSeen: string[] }).e2eSeen = seen;
      new MutationObserver(() => {
        for (const id of ["nothing-to-claim", "indexer-behind", "claim-card"])
          if (!seen.includes(id) && document.querySelector(`[data-testid="${id}"]`) !== null) seen.push(id);
      }).observe(document.body, { childList: true, subtree: true });
    });
    await s().restartIndexer();
    await page.getByTestId("claim-card").first().waitFor({ timeout: 180_000 });
    const seen = await page.evaluate(() => (window as unknown as { e2eSeen: string[] }).e2eSeen);
    assert.ok(!seen.includes("nothing-to-claim"), `never "nothing to claim" while it re-synced (shown: ${seen})`);
    await expectText(page.locator(".claim-summary"), `Epoch ${earner.epoch}`);
    assert.equal(await page.getByTestId("network-banner").count(), 0);
    assert.equal(await page.getByTestId("indexer-behind").count(), 0);
    assert.deepEqual(await claimsOf(earner.account), before, "the re-synced indexer answers what it did before");
    assert.equal(await page.getByTestId("claim-card").count(), before.leaves.length, "a card for each leaf");
    await shot(page, "claim-indexer-resynced");
  });

  // Last: it registers an asset and links accounts, which the pages above would show.
  intakeTests(ownerHelpers, () => intakePort);
});
