/**
 * End to end for the Register page, on the stack app.e2e.ts started: a real folder chosen in Chromium is hashed
 * in the browser as `ccn bundle hash` hashes it, the lineage the manifest suggests is edited, and what the
 * registry would refuse (weights over 100%, a parent that does not exist, content registered already, a signature
 * rejected in the wallet) is refused by name with nothing sent. Expected values come from the oracle's
 * `bundleContent` and the chain, never from the page's own code.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";

import { setWalletRejects } from "@coherence/devnet";
import { bundleContent } from "@coherence/oracle";
import { assetRegistryAbi, bundleManifestSchema, parseJson } from "@coherence/protocol";
import type { Page } from "playwright-core";
import { type Address, getAddress, type Hex } from "viem";

import type { OwnerTestHelpers } from "./owners.ts";

/** A composable's folder as an owner has it: its manifest (unless `manifest` is false), a source file and a test. */
async function composableFolder(name: string, parents: { assetId: string; weightBps: number }[], manifest = true) {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), "ccn-register-")), name);
  await mkdir(path.join(dir, "src"), { recursive: true });
  await writeFile(path.join(dir, "src", "index.ts"), `export const ${name} = (a: number) => a + 1;\n`);
  await writeFile(path.join(dir, "src", "index.test.ts"), `import { ${name} } from "./index.ts";\n${name}(1);\n`);
  const file = path.join(dir, "coherence.bundle.json");
  if (manifest) {
    await writeFile(
      file,
      JSON.stringify({
        format: "coherence-bundle-v1",
        kind: "Code",
        name,
        description: `${name}, registered from the browser.`,
        version: "1.0.0",
        licence: "MIT",
        repository: `https://example.org/${name}.git`,
        content: { globs: ["src/**/*.ts"] },
        parents,
      }),
    );
  }
  return { dir, file };
}

/** What `ccn bundle hash` computes for the manifest at `file`. */
async function contentHashOf(file: string): Promise<Hex> {
  const manifest = parseJson(bundleManifestSchema, await readFile(file, "utf8"));
  return (await bundleContent(file, manifest)).contentHash;
}

/** Registers the Register page's tests. */
export function registerTests(h: OwnerTestHelpers): void {
  const s = h.stack;
  const registry = () => ({ address: s().chain.deployment.contracts.AssetRegistry.address, abi: assetRegistryAbi });
  const assetCount = () => h.client().readContract({ ...registry(), functionName: "assetCount" });
  const sentBy = (account: Address) => h.client().getTransactionCount({ address: account, blockTag: "latest" });

  const openRegister = async (dir: string): Promise<Page> => {
    const page = await h.newPage({ wallet: { account: s().world.payer } });
    await page.goto(`${h.appUrl()}/#/register`);
    await page.getByTestId("bundle-folder").setInputFiles(dir);
    return page;
  };
  const connect = async (page: Page) => {
    await page.getByRole("button", { name: "Connect E2E Test Wallet" }).click();
    await page.getByTestId("asset-uri").waitFor({ timeout: h.wait });
  };

  test("Register: a folder hashed in the browser as ccn bundle hash hashes it; edited lineage, refusals named with nothing sent, then registered as shown", async () => {
    const { payer } = s().world;
    const parent = 1n;
    const { dir, file } = await composableFolder("adder", [{ assetId: parent.toString(), weightBps: 1500 }]);
    const expected = await contentHashOf(file);
    const page = await openRegister(dir);

    const hash = page.getByTestId("content-hash");
    await h.expectText(hash, expected);
    await h.expectText(hash, "over 2 file(s)");
    await page.getByTestId("expected-hash").fill(expected);
    await page.getByTestId("hash-matches").waitFor({ timeout: h.wait });
    const wrong = `0x${"0".repeat(64)}`;
    await page.getByTestId("expected-hash").fill(wrong);
    await h.expectText(page.getByTestId("hash-mismatch"), `The declared content hashes to ${expected}, not ${wrong}`);
    await h.shot(page, "register-hash-mismatch");
    await page.getByTestId("expected-hash").fill("");

    // The manifest's suggestion, then the owner's decision.
    const weight = page.getByTestId(`weight-${parent}`);
    assert.equal(await weight.inputValue(), "1500", "the manifest's suggested weight");
    await weight.fill("2000");
    await h.expectText(page.getByTestId("upstream-share"), "Upstream share 20.00%");

    // Weights over 100%: named, and the button stays disabled.
    await page.getByTestId("add-parent-id").fill("2");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByTestId("weight-2").fill("9000");
    await h.expectText(
      page.getByTestId("lineage-problem"),
      "parents: weights add up to 11000 bps, more than 10000 (100%)",
    );
    await connect(page);
    await page.getByTestId("asset-uri").fill("ipfs://adder");
    assert.equal(await page.getByTestId("register").isDisabled(), true, "over 100% cannot be sent");
    await h.shot(page, "register-weights-over");

    // A parent that is not registered: the registry's check names it before the wallet is asked.
    const count = await assetCount();
    const missing = count + 100n;
    await page.getByTestId("weight-2").fill("500");
    await page.getByTestId("add-parent-id").fill(missing.toString());
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByTestId(`weight-${missing}`).fill("100");
    const nonce = await sentBy(payer);
    await page.getByTestId("register").click();
    const refused = page.getByTestId("register-refused");
    await h.expectText(refused, `parents[2].assetId: asset ${missing} is not registered (assets are 1..${count}).`);
    await h.expectText(refused, "Nothing was sent.");
    await refused.getByRole("button", { name: "Dismiss" }).click();
    await page
      .getByTestId("parent-row")
      .filter({ has: page.getByTestId(`weight-${missing}`) })
      .getByRole("button", { name: "Remove" })
      .click();

    // A signature rejected in the wallet.
    await setWalletRejects(page, true);
    await page.getByTestId("register").click();
    await h.expectText(
      page.getByTestId("register-rejected"),
      "You rejected the request in your wallet. Nothing was sent.",
    );
    await h.shot(page, "register-rejected");
    assert.equal(await sentBy(payer), nonce, "nothing was sent");
    assert.equal(await assetCount(), count, "nothing was registered");
    await setWalletRejects(page, false);
    await page.getByTestId("register-rejected").getByRole("button", { name: "Dismiss" }).click();

    await page.getByTestId("register").click();
    const registered = page.getByTestId("registered");
    await h.expectText(registered, `Registered as asset #${count + 1n}`);
    await h.shot(page, "register-registered");
    const assetId = await h.client().readContract({ ...registry(), functionName: "assetOf", args: [expected] });
    assert.equal(assetId, count + 1n, "the content hash the page showed is the one registered");
    assert.equal(
      await h.client().readContract({ ...registry(), functionName: "ownerOf", args: [assetId] }),
      getAddress(payer),
    );
    const [event] = await h.client().getContractEvents({
      ...registry(),
      eventName: "AssetRegistered",
      args: { assetId },
      fromBlock: 0n,
    });
    assert.ok(event, "the registry recorded the registration");
    await h.expectText(registered, event.transactionHash);
    assert.deepEqual(
      { parents: event.args.parents, weights: event.args.parentWeightsBps, uri: event.args.uri },
      { parents: [parent, 2n], weights: [2000, 500], uri: "ipfs://adder" },
      "the lineage as the owner confirmed it",
    );
    assert.equal(event.args.upstreamShareBps, 2500);

    // The same content again: refused by the registry's check, nothing sent.
    const after = await sentBy(payer);
    const again = await openRegister(dir);
    await connect(again);
    await again.getByTestId("asset-uri").fill("ipfs://adder-again");
    await again.getByTestId("register").click();
    await h.expectText(again.getByTestId("register-refused"), `is registered already, as asset ${assetId}.`);
    assert.equal(await sentBy(payer), after, "nothing was sent");
  });

  test("Register: a folder without a manifest gets one built in the page; the downloaded manifest hashes to what the page showed", async () => {
    const { dir, file } = await composableFolder("counter", [], false);
    const page = await openRegister(dir);
    const form = page.getByTestId("build-manifest");
    await h.expectText(form, "its content is the folder's 2 file(s)");
    await form.getByRole("button", { name: "Build the manifest" }).click();
    await h.expectText(page.getByTestId("manifest-problem"), "description");
    await form.getByLabel("description").fill("A counter.");
    await form.getByLabel("repository").fill("https://example.org/counter.git");
    await form.getByRole("button", { name: "Build the manifest" }).click();
    await page.getByTestId("no-parents").waitFor({ timeout: h.wait });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("download-manifest").click(),
    ]);
    await download.saveAs(file);
    await h.expectText(page.getByTestId("content-hash"), await contentHashOf(file));
    await h.shot(page, "register-built-manifest");
    assert.deepEqual(await h.seriousViolations(page), [], "axe-core on Register");
  });
}
