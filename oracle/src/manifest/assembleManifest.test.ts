import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { canonicalHash, InvalidArgumentError, MalformedFieldError } from "@coherence/protocol";
import { computeEpoch } from "../epoch/computeEpoch.ts";
import { assembleManifest } from "./assembleManifest.ts";
import { validateManifest } from "./validateManifest.ts";
import { workedManifestParameters } from "./workedManifest.ts";

describe("assembleManifest", () => {
  test("puts inputs in canonical form: sorted, lower-case, revenue summed per (asset, token)", () => {
    const parameters = workedManifestParameters();
    const upper = (a: `0x${string}`): `0x${string}` => `0x${a.slice(2).toUpperCase()}`;
    const revenue = [...parameters.input.revenue].reverse().flatMap((r) => [
      { ...r, token: upper(r.token), amount: r.amount / 2n },
      { ...r, amount: r.amount - r.amount / 2n },
    ]);
    const input = { ...parameters.input, revenue };
    const manifest = assembleManifest({ ...parameters, input, result: computeEpoch(input) });
    assert.deepEqual(
      manifest.inputs.revenue.map((r) => [r.assetId, r.token, r.amount]),
      [...parameters.input.revenue]
        .sort((a, b) => (a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : a.token < b.token ? -1 : 1))
        .map((r) => [r.assetId, r.token, r.amount]),
    );
    assert.equal(
      manifest.configHash,
      canonicalHash({
        // Costs not checked: every cost paid as attested, under the default windows.
        costs: { priceTables: [], requireReports: false, windowAfterSeconds: 86_400, windowBeforeSeconds: 2_592_000 },
        multiplier: { baseBps: 5000, kind: "linear", slopeBps: 10000 },
        scoring: parameters.scoringConfig ?? null,
        treasury: parameters.input.config.treasury,
      }),
    );
    validateManifest(manifest);
  });

  test("refuses a score whose metricsHash is not the hash of its metrics", () => {
    const parameters = workedManifestParameters();
    const scores = parameters.input.scores.map((s, i) => (i === 2 ? { ...s, metrics: { changed: 1 } } : s));
    assert.throws(
      () => assembleManifest({ ...parameters, input: { ...parameters.input, scores } }),
      (e: unknown) => e instanceof InvalidArgumentError && /scores\[2\]\.metricsHash/.test(e.message),
    );
  });

  test("refuses inputs the computation would refuse", () => {
    const parameters = workedManifestParameters();
    const assets = [...parameters.input.assets, { id: 9n, parents: [{ assetId: 99n, weightBps: 1 }] }];
    assert.throws(
      () => assembleManifest({ ...parameters, input: { ...parameters.input, assets } }),
      (e: unknown) => e instanceof MalformedFieldError && e.field === "assets[5].parents[0].assetId",
    );
  });
});
