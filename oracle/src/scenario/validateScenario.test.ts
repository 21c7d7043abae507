import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";

import type { Scenario } from "./scenarioTypes.ts";
import { readScenario, ScenarioError, validateScenario } from "./validateScenario.ts";

const DEMO = path.resolve(import.meta.dirname, "..", "..", "..", "scenarios", "demo.json");
const demo = async (): Promise<Scenario> => JSON.parse(await readFile(DEMO, "utf8")) as Scenario;

/** Asserts that validation fails at `field` with a message matching `problem`. */
async function rejects(change: (s: Scenario) => void, field: string, problem: RegExp): Promise<void> {
  const scenario = await demo();
  change(scenario);
  assert.throws(
    () => validateScenario(scenario),
    (error: unknown) => error instanceof ScenarioError && error.field === field && problem.test(error.problem),
  );
}

describe("validateScenario", () => {
  test("accepts the demo scenario: a dozen assets over three lineage levels, two tokens", async () => {
    const scenario = validateScenario(await demo());
    assert.equal(scenario.assets.length, 12);
    assert.equal(scenario.tokens.length, 2);
    const depth = new Map<string, number>();
    for (const a of scenario.assets)
      depth.set(a.key, 1 + Math.max(0, ...(a.parents ?? []).map((p) => depth.get(p.asset)!)));
    assert.equal(Math.max(...depth.values()), 3);
  });

  test("names an unknown parent", () =>
    rejects(
      (s) => (s.assets[4]!.parents = [{ asset: "nope", weightBps: 100 }]),
      "assets[4].parents[0].asset",
      /unknown parent "nope"/,
    ));

  test("names a parent declared after its child", () =>
    rejects(
      (s) =>
        (s.assets = [
          { key: "early", kind: "Docs", owner: "ada", parents: [{ asset: "bigint-math", weightBps: 100 }] },
          ...s.assets,
        ]),
      "assets[0].parents[0].asset",
      /unknown parent/,
    ));

  test("names weights over 100%", () =>
    rejects(
      (s) =>
        (s.assets[4]!.parents = [
          { asset: "bigint-math", weightBps: 6000 },
          { asset: "merkle-kit", weightBps: 5000 },
        ]),
      "assets[4].parents",
      /11000 bps, more than 10000/,
    ));

  test("names a negative cost", () =>
    rejects(
      (s) => (s.contributions[0]!.costs.laborMicroUsd = "-5"),
      "contributions[0].costs.laborMicroUsd",
      /expected micro-USD as a decimal string without leading zeros, got "-5"/,
    ));

  test("names all-zero costs", () =>
    rejects(
      (s) => (s.contributions[0]!.costs = { laborMicroUsd: "0", toolsMicroUsd: "0", computeMicroUsd: "0" }),
      "contributions[0].costs",
      /all zero/,
    ));

  test("names a missing repository", () =>
    rejects(
      (s) => (s.assets[0]!.repository = "no-such-repo"),
      "assets[0].repository",
      /unknown repository "no-such-repo"/,
    ));

  test("names a commit the repository does not have", () =>
    rejects(
      (s) => (s.contributions[0]!.commit = "never-made"),
      "contributions[0].commit",
      /has no commit "never-made"/,
    ));

  test("names an unknown account", () =>
    rejects((s) => (s.revenue[0]!.payer = "nobody"), "revenue[0].payer", /unknown account "nobody"/));

  test("names a squatter who owns the asset it squats", () =>
    rejects(
      (s) => (s.assets[0]!.squatter = s.assets[0]!.owner),
      "assets[0].squatter",
      /is the owner: nobody squats their own work/,
    ));

  test("names a verified asset in a scenario without a verifier", () =>
    rejects(
      (s) => {
        delete s.roles.verifier;
        s.assets[0]!.verified = true;
      },
      "assets[0].verified",
      /needs roles.verifier/,
    ));

  test("names an unknown field", () =>
    rejects(
      (s) => ((s.assets[0] as Record<string, unknown>).colour = "red"),
      "assets[0].colour",
      /unexpected field \(expected key, title, kind/,
    ));

  test("names a threshold above the oracle count", () =>
    rejects((s) => (s.roles.threshold = 9), "roles.threshold", /more than the 5 oracle/));

  test("names a work item of an epoch that is never run, after the last or between two", async () => {
    await rejects((s) => (s.revenue[0]!.epoch = 7), "revenue[0].epoch", /epoch 7 is never run/);
    await rejects(
      (s) => {
        s.epochs = [1, 2, 4];
        s.revenue[0]!.epoch = 3;
      },
      "revenue[0].epoch",
      /epoch 3 is never run \(the scenario runs epochs 1, 2, 4\)/,
    );
  });

  test("names non-code work without a review", () =>
    rejects((s) => delete s.contributions[4]!.review, "contributions[4].review", /scored by a reviewer/));

  test("names a name listed twice and epochs out of order", async () => {
    await rejects(
      (s) => (s.roles.oracles = ["oracle1", "oracle2", "oracle1"]),
      "roles.oracles[2]",
      /"oracle1" is listed twice/,
    );
    await rejects((s) => (s.assets[1]!.key = s.assets[0]!.key), "assets[1].key", /is listed twice/);
    await rejects((s) => (s.epochs = [2, 1]), "epochs[1]", /1 does not come after 2/);
  });

  test("reads a file naming it in the one message style of input errors", async () => {
    const scenario = await demo();
    scenario.assets[4]!.parents = [
      { asset: "bigint-math", weightBps: 6000 },
      { asset: "merkle-kit", weightBps: 5000 },
    ];
    const dir = await mkdtemp(path.join(tmpdir(), "scenario-"));
    try {
      const file = path.join(dir, "demo.json");
      await writeFile(file, JSON.stringify(scenario));
      await assert.rejects(readScenario(file), (error: unknown) => {
        assert.ok(error instanceof ScenarioError);
        assert.equal(
          error.message,
          `${file}: assets[4].parents: edge weights add up to 11000 bps, more than 10000 (100%)`,
        );
        return true;
      });
      assert.equal((await readScenario(DEMO)).name, "demo");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
