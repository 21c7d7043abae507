import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  type CostCheck,
  canonicalHash,
  configSchema,
  decodeManifest,
  MANIFEST_FORMAT_V1,
  type Manifest,
} from "@coherence/protocol";

import { commitEpoch } from "../epoch/commitEpoch.ts";
import { computeEpoch } from "../epoch/computeEpoch.ts";
import { epochInputOf } from "./epochInputOf.ts";
import { validateManifest } from "./validateManifest.ts";
import { cappedWorkedManifest, workedManifest } from "./workedManifest.ts";
import { manifestBytes } from "./writeManifest.ts";

const withCheck = (manifest: Manifest, i: number, change: Partial<CostCheck>): Manifest => ({
  ...manifest,
  inputs: {
    ...manifest.inputs,
    costs: manifest.inputs.costs.map((c, j) => (j === i ? { ...c, ...change } : c)),
  },
});

describe("cost checks in the manifest", () => {
  test("without checks every contribution is unreported and paid as attested", () => {
    const manifest = workedManifest();
    assert.equal(manifest.format, "coherence-epoch-manifest-v3");
    assert.equal(manifest.inputs.costs.length, manifest.inputs.contributions.length);
    assert.ok(manifest.inputs.costs.every((c) => c.outcome === "unreported" && c.report === null));
    validateManifest(manifest);
  });

  test("the epoch weighs the paid costs: a capped contribution moves the payout root", () => {
    const { manifest } = cappedWorkedManifest();
    validateManifest(manifest);
    // What the ledger attested stays on record beside what was paid.
    assert.deepEqual(manifest.inputs.contributions, workedManifest().inputs.contributions);
    const again = commitEpoch(computeEpoch(epochInputOf(manifest)), epochInputOf(manifest).scores);
    assert.equal(again.payoutRoot, manifest.epoch.payoutRoot);
    assert.notEqual(manifest.epoch.payoutRoot, workedManifest().epoch.payoutRoot);
  });

  test("an inconsistent check is named by its field", () => {
    const manifest = workedManifest();
    const c = manifest.inputs.contributions[0]!;
    const cases: [Partial<CostCheck>, RegExp][] = [
      [
        { paid: { ...manifest.inputs.costs[0]!.paid, laborMicroUsd: c.laborMicroUsd + 1n } },
        /paid\.laborMicroUsd: \d+ exceeds the attested/,
      ],
      [{ outcome: "verified" }, /inputs\.costs\[0\]\.outcome: "verified" does not fit/],
      [{ outcome: "held" }, /does not fit/],
      [
        { approval: { reviewer: c.contributor, rationale: "fine" } },
        /inputs\.costs\[0\]\.approval: is set exactly when/,
      ],
      [
        { contributionId: manifest.inputs.contributions[1]!.id },
        /inputs\.costs\[0\]\.contributionId: expected the check of/,
      ],
    ];
    for (const [change, message] of cases)
      assert.throws(() => validateManifest(withCheck(manifest, 0, change)), message);
    assert.throws(
      () => validateManifest({ ...manifest, inputs: { ...manifest.inputs, costs: manifest.inputs.costs.slice(1) } }),
      /inputs\.costs: has \d+ cost checks for \d+ contributions/,
    );
  });

  test("a v1 manifest, from before cost checks, recomputes paying every cost as attested", async () => {
    // The worked example as v1 wrote it: no cost policy in its config, no cost section.
    const { costs: _, ...config } = workedManifest().config;
    const v1: Manifest = {
      ...workedManifest(),
      format: MANIFEST_FORMAT_V1,
      config,
      configHash: canonicalHash(configSchema.encode(config)),
      inputs: { ...workedManifest().inputs, costs: [] },
    };
    const { bytes } = await manifestBytes(v1);
    const { manifest } = await decodeManifest([bytes], { validate: validateManifest });
    assert.equal(manifest.format, "coherence-epoch-manifest-v1");
    assert.deepEqual(manifest.inputs.costs, []);
    const input = epochInputOf(manifest);
    assert.equal(commitEpoch(computeEpoch(input), input.scores).payoutRoot, manifest.epoch.payoutRoot);
  });
});
