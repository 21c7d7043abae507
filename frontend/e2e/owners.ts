/**
 * End to end for payers and owners: the Pay page (a permit in one transaction, approve then pay, a rejection in the
 * wallet, refused input) and the My assets page, on the stack app.e2e.ts started. Registered from there, last:
 * payments change the revenue other tests assert. Expected values come from the chain and the published manifests,
 * never from the page's own code.
 */
import assert from "node:assert/strict";
import { createReadStream } from "node:fs";
import { test } from "node:test";

import { setWalletRejects } from "@coherence/devnet";
import {
  assetRegistryAbi,
  coherenceTimelockAbi,
  decodeManifest,
  executeArgs,
  payoutDistributorAbi,
  revenueRouterAbi,
  scheduleArgs,
  type TimelockCall,
  timelockOperationId,
} from "@coherence/protocol";
import type { Locator, Page } from "playwright-core";
import {
  type Account,
  type Address,
  type Chain,
  encodeFunctionData,
  erc20Abi,
  getAddress,
  type Hex,
  keccak256,
  type PublicClient,
  parseEventLogs,
  type Transport,
  toHex,
  type WalletClient,
} from "viem";

import type { Stack } from "./support/stack.ts";

/** What app.e2e.ts lends these tests. */
export type OwnerTestHelpers = {
  stack: () => Stack;
  appUrl: () => string;
  newPage: (options?: { wallet?: { account: string } }) => Promise<Page>;
  expectText: (locator: Locator, text: string | RegExp) => Promise<void>;
  shot: (page: Page, name: string) => Promise<void>;
  seriousViolations: (page: Page) => Promise<string[]>;
  client: () => PublicClient;
  wallet: (account: Address) => WalletClient<Transport, Chain, Account>;
  /** Moves the chain's clock forward and mines a block at the new time. */
  passTime: (seconds: number) => Promise<void>;
  wait: number;
};

const SPLIT_PARTS = ["fee", "reserve", "pool"] as const;
type Split = Record<(typeof SPLIT_PARTS)[number], bigint>;

/** Registers the payer's and the owner's tests. */
export function ownerTests(h: OwnerTestHelpers): void {
  const s = h.stack;
  const tokenOf = (symbol: string) => {
    const t = s().chain.deployment.tokens.find((x) => x.symbol === symbol);
    assert.ok(t, `no token ${symbol}`);
    return { ...t, address: getAddress(t.address) };
  };
  const router = () => s().chain.deployment.contracts.RevenueRouter.address;
  const balance = (token: Address, account: Address) =>
    h.client().readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [account] });
  const sentBy = (account: Address) => h.client().getTransactionCount({ address: account, blockTag: "latest" });
  /** The asset the payments go to: the first of the scenario's assets with a parent. */
  const paidAsset = () => {
    const { scenario, applied } = s().world;
    const key = scenario.assets.find((a) => (a.parents ?? []).length > 0)!.key;
    return applied.assets[key]!;
  };
  /** Where each part of a payment goes: the router's treasury and reserve, the distributor's pool vault. */
  const recipients = async () => {
    const client = h.client();
    const [treasury, reserve, vault] = await Promise.all([
      client.readContract({ address: router(), abi: revenueRouterAbi, functionName: "treasury" }),
      client.readContract({ address: router(), abi: revenueRouterAbi, functionName: "reserve" }),
      client.readContract({
        address: s().chain.deployment.contracts.PayoutDistributor.address,
        abi: payoutDistributorAbi,
        functionName: "vault",
      }),
    ]);
    return { fee: treasury, reserve, pool: vault };
  };

  /** Opens Pay with the payer's wallet connected. */
  const openPay = async (query = "") => {
    const page = await h.newPage({ wallet: { account: s().world.payer } });
    await page.goto(`${h.appUrl()}/#/pay${query}`);
    await page.getByRole("button", { name: "Connect E2E Test Wallet" }).click();
    await page.getByTestId("pay-form").waitFor({ timeout: h.wait });
    return page;
  };
  /** Fills the form and reviews the payment. */
  const review = async (page: Page, fields: { asset?: bigint; token: Address; amount: string }) => {
    if (fields.asset !== undefined) await page.getByLabel("Asset").selectOption(fields.asset.toString());
    await page.getByLabel("Token").selectOption(fields.token);
    await page.getByLabel(/^Amount/).fill(fields.amount);
    await page.getByRole("button", { name: "Review the payment" }).click();
  };
  /** The split as a part of the page shows it, in base units (`<data value>`). */
  const shownSplit = async (page: Page, prefix: "split" | "receipt"): Promise<Split> => {
    const parts = await Promise.all(
      SPLIT_PARTS.map(async (part) =>
        BigInt((await page.getByTestId(`${prefix}-${part}`).locator("data").getAttribute("value"))!),
      ),
    );
    return { fee: parts[0]!, reserve: parts[1]!, pool: parts[2]! };
  };
  /** The `RevenuePaid` events of a transaction, read from its receipt. */
  const revenuePaid = async (hash: Hex) => {
    const receipt = await h.client().getTransactionReceipt({ hash });
    return parseEventLogs({ abi: revenueRouterAbi, logs: receipt.logs, eventName: "RevenuePaid" });
  };

  /**
   * Pays `amount` of `symbol` through the page and checks it end to end: the steps the page plans, as many
   * transactions as it says, the router's event equal to the split shown before sending, balances moved exactly.
   */
  const payAndCheck = async (symbol: string, amount: string, steps: string[], shotName: string) => {
    const { payer } = s().world;
    const token = tokenOf(symbol);
    const assetId = paidAsset();
    const allowance = await h
      .client()
      .readContract({ address: token.address, abi: erc20Abi, functionName: "allowance", args: [payer, router()] });
    assert.equal(allowance, 0n, `the payer has no ${symbol} allowance to the router left from earlier steps`);
    const page = await openPay(`?asset=${assetId}`);
    assert.equal(await page.getByLabel("Asset").inputValue(), assetId.toString(), "the link picked the asset");
    await review(page, { token: token.address, amount });
    await page.getByTestId("pay-preview").waitFor({ timeout: h.wait });
    const shown = await shownSplit(page, "split");
    const [whole, fraction = ""] = amount.split(".");
    const units = BigInt(`${whole}${fraction.padEnd(token.decimals, "0")}`);
    assert.equal(shown.fee + shown.reserve + shown.pool, units, "the split shown adds up to the amount typed");
    await h.shot(page, `pay-review-${symbol}`);

    const to = await recipients();
    const before = {
      nonce: await sentBy(payer),
      payer: await balance(token.address, payer),
      ...Object.fromEntries(await Promise.all(SPLIT_PARTS.map(async (p) => [p, await balance(token.address, to[p])]))),
    } as { nonce: number; payer: bigint } & Split;
    await page.getByTestId("pay-send").click();
    const receipt = page.getByTestId("pay-receipt");
    await receipt.waitFor({ timeout: h.wait });
    await h.shot(page, shotName);

    const transactions = page.getByTestId("receipt-tx");
    assert.deepEqual(
      await transactions.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-step"))),
      steps,
      "the transactions the page says it sent",
    );
    assert.equal((await sentBy(payer)) - before.nonce, steps.length, `${steps.length} transaction(s) from the payer`);
    for (const row of await page.getByTestId("pay-steps").locator("li").all())
      assert.equal(await row.getAttribute("data-status"), "done", (await row.textContent()) ?? "");
    const hash = (await transactions.last().getAttribute("data-hash")) as Hex;
    const [event, ...more] = await revenuePaid(hash);
    assert.ok(event && more.length === 0, "the payment emitted one RevenuePaid");
    assert.equal(event.address.toLowerCase(), router().toLowerCase());
    assert.deepEqual(
      { assetId: event.args.assetId, token: event.args.token, payer: event.args.payer, amount: event.args.amount },
      { assetId, token: token.address, payer: getAddress(payer), amount: shown.fee + shown.reserve + shown.pool },
    );
    const recorded = { fee: event.args.fee, reserve: event.args.reserve, pool: event.args.pool };
    assert.deepEqual(recorded, shown, "the router recorded the split the page showed before sending");
    assert.deepEqual(await shownSplit(page, "receipt"), recorded, "the receipt shows the recorded split");
    const block = (await h.client().getTransactionReceipt({ hash })).blockNumber;
    await h.expectText(page.getByTestId("receipt-block"), `Mined in block ${block}.`);

    // Every part landed where the router sends it, to the unit (recipients that coincide add up).
    const paid = event.args.amount;
    assert.equal(before.payer - (await balance(token.address, payer)), paid, "the payer paid exactly the amount");
    const expected = new Map<Address, bigint>();
    for (const part of SPLIT_PARTS) expected.set(to[part], (expected.get(to[part]) ?? 0n) + recorded[part]);
    for (const [account, gained] of expected) {
      const start = SPLIT_PARTS.filter((p) => to[p] === account).map((p) => before[p])[0]!;
      assert.equal((await balance(token.address, account)) - start, gained, `${account} received its part`);
    }
    return page;
  };

  test("Pay: dUSD with a permit is one payWithPermit; the router's event is the split shown; balances moved exactly", async () => {
    await payAndCheck("dUSD", "12.345678", ["payWithPermit"], "pay-permit-receipt");
  });

  test("Pay: dETH (no permit) is approve then pay, each step followed to its receipt", async () => {
    await payAndCheck("dETH", "0.015", ["approve", "pay"], "pay-approve-receipt");
  });

  test("Pay: a signature rejected in the wallet pays nothing, says so, and paying again works", async () => {
    const { payer } = s().world;
    const token = tokenOf("dUSD");
    const page = await openPay(`?asset=${paidAsset()}`);
    await review(page, { token: token.address, amount: "3" });
    await page.getByTestId("pay-preview").waitFor({ timeout: h.wait });
    const before = { nonce: await sentBy(payer), balance: await balance(token.address, payer) };
    const fromBlock = await h.client().getBlockNumber();
    await setWalletRejects(page, true);
    await page.getByTestId("pay-send").click();
    const failed = page.getByTestId("pay-failed");
    await h.expectText(failed, "Rejected in your wallet");
    await h.expectText(failed, "You rejected the request in your wallet, so nothing was paid.");
    assert.equal(
      await page.getByTestId("pay-steps").locator('[data-step="permit"]').getAttribute("data-status"),
      "failed",
    );
    await h.shot(page, "pay-rejected");
    assert.equal(await sentBy(payer), before.nonce, "nothing was sent");
    assert.equal(await balance(token.address, payer), before.balance);
    const logs = await h.client().getContractEvents({
      address: router(),
      abi: revenueRouterAbi,
      eventName: "RevenuePaid",
      fromBlock: fromBlock + 1n,
    });
    assert.equal(logs.length, 0, "no payment since the rejection");

    await setWalletRejects(page, false);
    await failed.getByRole("button", { name: "Try again" }).click();
    await page.getByTestId("pay-send").click();
    await page.getByTestId("pay-receipt").waitFor({ timeout: h.wait });
    assert.equal(before.balance - (await balance(token.address, payer)), 3n * 10n ** BigInt(token.decimals));
  });

  test("Pay: an amount of 0, too many decimals and an unknown asset are refused by name with nothing sent", async () => {
    const { payer } = s().world;
    const token = tokenOf("dUSD");
    const nonce = await sentBy(payer);
    const page = await openPay();
    const refused = page.getByTestId("pay-refused");
    await review(page, { asset: paidAsset(), token: token.address, amount: "0" });
    await h.expectText(refused, "The amount is 0: there is nothing to pay.");
    await h.expectText(refused, "Nothing was sent.");
    const tooPrecise = `1.${"1".repeat(token.decimals + 1)}`;
    await review(page, { token: token.address, amount: tooPrecise });
    await h.expectText(refused, `"${tooPrecise}" has ${token.decimals + 1} decimals; the token has ${token.decimals}.`);
    await h.shot(page, "pay-too-many-decimals");
    assert.equal(await page.getByTestId("pay-preview").count(), 0, "no split is offered for a refused amount");

    const unknown = BigInt(Object.keys(s().world.applied.assets).length + 1000);
    const linked = await openPay(`?asset=${unknown}`);
    await review(linked, { token: token.address, amount: "1" });
    await h.expectText(linked.getByTestId("pay-refused"), `Asset ${unknown} is not registered`);
    assert.equal(await sentBy(payer), nonce, "nothing was sent");
  });

  test("Pay: every asset page links to paying it", async () => {
    const assetId = paidAsset();
    const page = await h.newPage({ wallet: { account: s().world.payer } });
    await page.goto(`${h.appUrl()}/#/assets/${assetId}`);
    await page.getByTestId("pay-this-asset").click();
    await page.getByRole("button", { name: "Connect E2E Test Wallet" }).click();
    await page.getByTestId("pay-form").waitFor({ timeout: h.wait });
    assert.equal(await page.getByLabel("Asset").inputValue(), assetId.toString());
  });

  test("My assets: each asset the owner holds, with revenue paid to it, from descendants and to parents, contributors, attesters and a change scheduled on it, equal to the chain's and the manifests'", async () => {
    const { chain, world } = s();
    const client = h.client();
    const registry = chain.deployment.contracts.AssetRegistry.address;
    const count = await client.readContract({ address: registry, abi: assetRegistryAbi, functionName: "assetCount" });
    const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
    const owners = await Promise.all(
      ids.map((id) =>
        client.readContract({ address: registry, abi: assetRegistryAbi, functionName: "ownerOf", args: [id] }),
      ),
    );
    // The owner of an asset in the middle of the lineage: revenue comes up to it and goes on to its parents.
    const { scenario, applied } = world;
    const middle = scenario.assets.find(
      (a) =>
        (a.parents ?? []).length > 0 && scenario.assets.some((c) => (c.parents ?? []).some((p) => p.asset === a.key)),
    )!;
    const owner = owners[Number(applied.assets[middle.key]!) - 1]!;
    const owned = ids.filter((_, i) => owners[i] === owner);

    // What the chain and the published manifests of the finalised epochs say, computed here.
    const payments = await client.getContractEvents({
      address: router(),
      abi: revenueRouterAbi,
      eventName: "RevenuePaid",
      fromBlock: 0n,
    });
    const manifests = await Promise.all(
      applied.epochs.map(async (e) => (await decodeManifest(createReadStream(e.publishedManifest))).manifest),
    );
    const latest = manifests.at(-1)!;
    const key = (...parts: unknown[]) => parts.map(String).join("/").toLowerCase();
    const expected = new Map<string, bigint>();
    const add = (k: string, v: bigint) => expected.set(k, (expected.get(k) ?? 0n) + v);
    for (const p of payments) {
      add(key(p.args.assetId, p.args.token, "direct"), p.args.amount!);
      add(key(p.args.assetId, p.args.token, "direct-pool"), p.args.pool!);
    }
    for (const m of manifests) {
      for (const f of m.lineageFlows) {
        add(
          key(f.assetId, f.token, "from-children"),
          f.fromChildren.reduce((t, x) => t + x.amount, 0n),
        );
        add(
          key(f.assetId, f.token, "to-parents"),
          f.toParents.reduce((t, x) => t + x.amount, 0n),
        );
        add(key(f.assetId, f.token, "to-contributors"), f.toContributors);
      }
      for (const leaf of m.leaves)
        for (const source of leaf.sources)
          if (source.kind === "contributors") add(key(source.assetId, leaf.account, leaf.token, "paid"), source.amount);
    }

    // A change scheduled on one of the owner's assets, left waiting.
    const target = owned[0]!;
    const change: TimelockCall = {
      target: registry,
      data: encodeFunctionData({ abi: assetRegistryAbi, functionName: "setURI", args: [target, "ipfs://e2e/renamed"] }),
      salt: keccak256(toHex("frontend-e2e:my-assets")),
    };
    const governor = chain.deployment.parameters.governors[0]!;
    const hash = await h.wallet(governor).writeContract({
      address: chain.deployment.contracts.CoherenceTimelock.address,
      abi: coherenceTimelockAbi,
      functionName: "schedule",
      args: scheduleArgs(change, BigInt(chain.deployment.parameters.governanceDelay)),
    });
    assert.equal((await client.waitForTransactionReceipt({ hash })).status, "success");
    await s().synced();

    const page = await h.newPage({ wallet: { account: owner } });
    await page.goto(`${h.appUrl()}/#/my-assets`);
    await page.getByRole("button", { name: "Connect E2E Test Wallet" }).click();
    const cards = page.getByTestId("owned-asset");
    await cards.first().waitFor({ timeout: h.wait });
    assert.deepEqual(
      await cards.evaluateAll((all) => all.map((c) => c.getAttribute("data-asset"))),
      owned.map(String),
      "the owner's assets, as the registry's ownerOf says",
    );
    const value = async (cell: Locator) => BigInt((await cell.locator("data").getAttribute("value"))!);
    for (const id of owned) {
      const card = page.locator(`[data-testid="owned-asset"][data-asset="${id}"]`);
      // Every figure is exact (base units in <data value>); flows appear once every finalised manifest is read.
      await card.getByTestId("to-contributors").first().locator("data").waitFor({ timeout: h.wait });
      for (const row of await card.getByTestId("flow-row").all()) {
        const token = (await row.getAttribute("data-token"))!;
        for (const part of ["direct", "direct-pool", "from-children", "to-parents", "to-contributors"])
          assert.equal(
            await value(row.getByTestId(part)),
            expected.get(key(id, token, part)) ?? 0n,
            `asset #${id} ${token} ${part}`,
          );
      }
      const tokensShown = await card.getByTestId("flow-row").count();
      const tokensExpected = new Set(
        [...expected.keys()].filter((k) => k.startsWith(`${id}/`) && !k.endsWith("/paid")).map((k) => k.split("/")[1]),
      );
      assert.equal(tokensShown, tokensExpected.size, `asset #${id} shows every token it has revenue or flows in`);

      // Contributors: the latest epoch's attested contributions to it, their cost, and what each was paid from it.
      const contributions = latest.inputs.contributions.filter((c) => c.assetId === id);
      const people = new Map<string, { count: number; cost: bigint }>();
      for (const c of contributions) {
        const p = people.get(c.contributor) ?? { count: 0, cost: 0n };
        people.set(c.contributor, {
          count: p.count + 1,
          cost: p.cost + BigInt(c.laborMicroUsd) + BigInt(c.toolsMicroUsd) + BigInt(c.computeMicroUsd),
        });
      }
      const rows = card.getByTestId("owned-contributor");
      assert.equal(await rows.count(), people.size, `asset #${id}'s contributors`);
      for (const [contributor, p] of people) {
        const row = card.locator(`[data-testid="owned-contributor"][data-contributor="${contributor}"]`);
        const dollars = `$${(p.cost / 1_000_000n).toLocaleString("en-US")}.`;
        await h.expectText(row.getByTestId("contributor-cost"), dollars);
        for (const paid of await row.getByTestId("contributor-paid").all()) {
          const token = (await paid.getAttribute("data-token"))!;
          assert.equal(await value(paid), expected.get(key(id, contributor, token, "paid")), `${contributor} paid`);
        }
      }
      const asset = scenario.assets.find((a) => applied.assets[a.key] === id);
      if (asset?.attestersRestricted === true) {
        await h.expectText(card.getByTestId("owned-attesters"), "Restricted by its owner to the");
        for (const attester of scenario.roles.attesters)
          await h.expectText(
            card.getByTestId("owned-attesters"),
            applied.accounts.get(attester)!.address.toLowerCase(),
          );
      } else {
        await h.expectText(card.getByTestId("owned-attesters"), "Open: any attester of the ledger may attest");
      }
    }
    const scheduled = page.locator(
      `[data-testid="owned-asset"][data-asset="${target}"] [data-testid="owned-change"][data-operation="${timelockOperationId(change)}"]`,
    );
    await h.expectText(scheduled, `Call setURI(assetId ${target}, uri ipfs://e2e/renamed) on AssetRegistry`);
    for (const other of owned.slice(1))
      await page
        .locator(`[data-testid="owned-asset"][data-asset="${other}"]`)
        .getByTestId("owned-no-changes")
        .waitFor({ timeout: h.wait });
    await h.shot(page, "my-assets");
    assert.deepEqual(await h.seriousViolations(page), [], "axe-core on My assets");
  });

  test("My assets without a wallet says to get one; an account owning nothing is told so", async () => {
    const noWallet = await h.newPage();
    await noWallet.goto(`${h.appUrl()}/#/my-assets`);
    await h.expectText(noWallet.getByTestId("no-wallet"), "Seeing your assets needs a browser wallet");
    const page = await h.newPage({ wallet: { account: s().world.nobody } });
    await page.goto(`${h.appUrl()}/#/my-assets`);
    await page.getByRole("button", { name: "Connect E2E Test Wallet" }).click();
    await h.expectText(page.getByTestId("no-owned-assets"), "This account owns no registered asset.");
  });

  test("Pay: a token governance takes off the allowlist shows on My assets while it waits, then is marked on Pay and refused by name with nothing sent", async () => {
    const { chain, world } = s();
    const { deployment } = chain;
    const token = tokenOf("dETH");
    const timelock = deployment.contracts.CoherenceTimelock.address;
    const allow = (allowed: boolean): TimelockCall => ({
      target: deployment.contracts.PayoutDistributor.address,
      data: encodeFunctionData({
        abi: payoutDistributorAbi,
        functionName: "setTokenAllowed",
        args: [token.address, allowed],
      }),
      salt: keccak256(toHex(`frontend-e2e:allow-${token.symbol}-${allowed}`)),
    });
    const mined = async (hash: Promise<Hex>) =>
      assert.equal((await h.client().waitForTransactionReceipt({ hash: await hash })).status, "success");
    const delay = deployment.parameters.governanceDelay;
    const schedule = (call: TimelockCall) =>
      mined(
        h.wallet(deployment.parameters.governors[0]!).writeContract({
          address: timelock,
          abi: coherenceTimelockAbi,
          functionName: "schedule",
          args: scheduleArgs(call, BigInt(delay)),
        }),
      );
    // Once the delay has passed, anyone executes it.
    const execute = (call: TimelockCall) =>
      mined(
        h.wallet(world.payer).writeContract({
          address: timelock,
          abi: coherenceTimelockAbi,
          functionName: "execute",
          args: executeArgs(call),
        }),
      );
    const removal = allow(false);
    await schedule(removal);
    await s().synced();

    const registry = deployment.contracts.AssetRegistry.address;
    const owner = await h
      .client()
      .readContract({ address: registry, abi: assetRegistryAbi, functionName: "ownerOf", args: [paidAsset()] });
    const dashboard = await h.newPage({ wallet: { account: owner } });
    await dashboard.goto(`${h.appUrl()}/#/my-assets`);
    await dashboard.getByRole("button", { name: "Connect E2E Test Wallet" }).click();
    const waiting = dashboard.locator(
      `[data-testid="every-asset-change"][data-operation="${timelockOperationId(removal)}"]`,
    );
    await h.expectText(waiting, "from the token allowlist");
    await h.shot(dashboard, "my-assets-allowlist-change");

    await h.passTime(delay);
    await execute(removal);
    const nonce = await sentBy(world.payer);
    const page = await openPay(`?asset=${paidAsset()}`);
    const option = page.getByLabel("Token").locator(`option[value="${token.address}"]`);
    await h.expectText(option, "not on the allowlist: the router refuses it");
    await review(page, { token: token.address, amount: "0.01" });
    const refused = page.getByTestId("pay-refused");
    await h.expectText(refused, `${token.symbol} (${token.address}) is not on the distributor's token allowlist.`);
    await h.expectText(refused, "Nothing was sent.");
    assert.equal(await page.getByTestId("pay-preview").count(), 0, "no split is offered for a refused token");
    await h.shot(page, "pay-token-not-allowed");
    assert.equal(await sentBy(world.payer), nonce, "nothing was sent");

    // Put back, so the tests after this one pay in it as before.
    const restore = allow(true);
    await schedule(restore);
    await h.passTime(delay);
    await execute(restore);
  });

  test("Pay and My assets have no serious or critical accessibility violation (axe-core)", async () => {
    const page = await openPay(`?asset=${paidAsset()}`);
    await review(page, { token: tokenOf("dUSD").address, amount: "1" });
    await page.getByTestId("pay-preview").waitFor({ timeout: h.wait });
    assert.deepEqual(await h.seriousViolations(page), [], "Pay, reviewed");
    const noWallet = await h.newPage();
    await noWallet.goto(`${h.appUrl()}/#/pay`);
    await noWallet.getByTestId("no-wallet").waitFor({ timeout: h.wait });
    assert.deepEqual(await h.seriousViolations(noWallet), [], "Pay without a wallet");
    await noWallet.goto(`${h.appUrl()}/#/my-assets`);
    await noWallet.getByTestId("no-wallet").waitFor({ timeout: h.wait });
    assert.deepEqual(await h.seriousViolations(noWallet), [], "My assets without a wallet");
  });
}
