import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { bundleManifestSchema, type Deployment } from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";
import type { PublicClient, WalletClient } from "viem";

import { registerScenarioAsset } from "./registerScenarioAsset.ts";
import type { Scenario } from "./scenarioTypes.ts";
import { readScenario, ScenarioError } from "./validateScenario.ts";

const DEMO = path.resolve(import.meta.dirname, "..", "..", "..", "scenarios", "demo.json");

/** A client that fails the test if anything reads or sends through it: a refusal must come first. */
const untouchable = new Proxy(
  {},
  {
    get: (_, key) => {
      if (key === "then") return undefined;
      assert.fail(`the client was used (${String(key)}) before the bundle was checked`);
    },
  },
) as PublicClient & WalletClient;

describe("registerScenarioAsset", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-scenario-bundle-"));
    await writeFile(path.join(dir, "README.md"), "# lib\n");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const scenarioWith = async (manifest: object): Promise<Scenario> => {
    const file = path.join(dir, "coherence.bundle.json");
    await writeFile(file, JSON.stringify(manifest));
    return {
      assets: [{ key: "lib", kind: "Code", owner: "ada", repository: "lib", bundle: file }],
    } as unknown as Scenario;
  };
  const manifest = {
    format: "coherence-bundle-v1",
    kind: "Code",
    name: "lib",
    description: "A library.",
    version: "1.0.0",
    licence: "MIT",
    repository: "https://example.org/lib.git",
    content: { files: ["README.md"] },
    parents: [{ assetId: "1", weightBps: 1500 }],
  };
  const register = (scenario: Scenario, parents: { assetId: bigint; weightBps: number }[]) =>
    registerScenarioAsset({
      publicClient: untouchable,
      walletClient: untouchable,
      deployment: {} as Deployment,
      scenario,
      index: 0,
      parents,
      squatting: false,
    });

  test("a bundle whose kind is not the scenario's is refused by field, nothing read from or sent to the chain", async () => {
    await assert.rejects(
      register(await scenarioWith({ ...manifest, kind: "Docs" }), [{ assetId: 1n, weightBps: 1500 }]),
      (e: unknown) => e instanceof ScenarioError && e.field === "assets[0].bundle" && /says kind Docs/.test(e.problem),
    );
  });

  test("a bundle whose parents are not the scenario's lineage as registered is refused the same way", async () => {
    await assert.rejects(
      register(await scenarioWith(manifest), [{ assetId: 1n, weightBps: 2000 }]),
      (e: unknown) =>
        e instanceof ScenarioError &&
        /gives parents 1:1500; the scenario's parents are registered as 1:2000/.test(e.problem),
    );
  });

  test("the demo's bundles say what the demo says: kind, and parents as a fresh registry numbers them", async () => {
    const demo = await readScenario(DEMO);
    const order = [...demo.assets].sort((a, b) => (a.epoch ?? 1) - (b.epoch ?? 1));
    const idOf = new Map(order.map((a, i) => [a.key, BigInt(i + 1)]));
    for (const asset of demo.assets) {
      assert.ok(asset.bundle !== undefined && path.isAbsolute(asset.bundle), `${asset.key} has a bundle`);
      const bundle = await readJsonFile(bundleManifestSchema, asset.bundle);
      assert.equal(bundle.kind, asset.kind, asset.key);
      const parents = (asset.parents ?? []).map((p) => ({ assetId: idOf.get(p.asset)!, weightBps: p.weightBps }));
      assert.deepEqual(bundle.parents, parents, asset.key);
    }
  });
});
