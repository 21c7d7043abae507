import assert from "node:assert/strict";
import { describe, test } from "node:test";

import type { StoredPreview } from "./preview.ts";
import { previewReport } from "./previewReport.ts";

const BASE = "1".repeat(40);
const HEAD = "2".repeat(40);
const ADA = "0x00000000000000000000000000000000000000a1";

const preview = (overrides: Partial<StoredPreview> = {}): StoredPreview => ({
  target: {
    forge: "github",
    repository: "github.com/octo-org/lib",
    number: 8,
    scope: 77,
    owner: "octo-org",
    name: "lib",
  },
  head: HEAD,
  base: BASE,
  cloneUrl: "https://github.com/octo-org/lib.git",
  people: [
    {
      login: "ada",
      address: ADA,
      cost: { laborMicroUsd: 80_000_000n, toolsMicroUsd: 1_234_567n, computeMicroUsd: 0n },
      refusal: undefined,
    },
    {
      login: "grace",
      address: undefined,
      cost: undefined,
      refusal: { code: "unlinked", reason: "grace has linked no address" },
    },
  ],
  refusals: [],
  deliveryId: "d-8",
  version: 1,
  score: undefined,
  ...overrides,
});

const scored = {
  state: "scored" as const,
  range: `${"3".repeat(40)}..${HEAD}`,
  scoringVersion: "coherence-scoring-v2",
  coherenceBps: 5813,
  multiplierBps: 10813,
  metrics: [
    { name: "lint", bps: 10000, weightBps: 1500, reason: "0 lint finding(s) | none introduced" },
    { name: "tests", bps: null, weightBps: 1500, reason: "no code changed" },
  ],
  skipped: [{ path: "vendor/x.js", reason: "vendored" }],
};

describe("the preview on a change request", () => {
  test("while scoring: who would be attested, with their cost and address or why not, and that it is running", () => {
    const report = previewReport(preview());
    assert.equal(report.done, false);
    assert.equal(report.title, "Scoring 111111111111..222222222222");
    assert.ok(
      report.summary.includes(`- @ada: would be attested $81.23 (labour $80.00, tools $1.23, compute $0.00) to ${ADA}`),
    );
    assert.ok(report.summary.includes("- `grace`: would not be attested: grace has linked no address (`unlinked`)"));
    assert.ok(!report.summary.includes("@grace"), "a refused account is quoted, not mentioned");
    assert.match(report.summary, /Scoring `111111111111\.\.222222222222`/);
  });

  test("scored: the coherence, the multiplier and each metric's value, weight and reason, as ccn score gives them", () => {
    const report = previewReport(preview({ score: scored }));
    assert.equal(report.done, true);
    assert.equal(report.title, "Coherence 5,813 bps; 1 of 2 would be attested");
    assert.ok(report.summary.includes("Coherence **5,813 bps**, multiplier **10,813 bps**"));
    assert.ok(report.summary.includes(`\`ccn score --range ${scored.range}\``));
    assert.ok(
      report.summary.includes("| lint | 10,000 | 1,500 | 0 lint finding(s) \\| none introduced |"),
      "pipes escaped",
    );
    assert.ok(report.summary.includes("| tests | n/a | 1,500 | no code changed |"));
    assert.ok(report.summary.includes("- skipped `vendor/x.js`: vendored"));
  });

  test("a change request the repository skips attests nobody; a failed score says why and how to try again", () => {
    const report = previewReport(
      preview({
        refusals: [{ code: "excluded-label", reason: "labelled wip, which the repository skips" }],
        score: {
          state: "failed",
          reason: "fetching 1111 from https://github.com/octo-org/lib.git took longer than 120 s",
        },
      }),
    );
    assert.equal(report.title, "Not scored");
    assert.ok(
      report.summary.includes("- nobody: the pull request labelled wip, which the repository skips (`excluded-label`)"),
    );
    assert.match(
      report.summary,
      /Not scored: fetching 1111 .* took longer than 120 s\. Comment `\/ccn preview` to try again\./,
    );
    assert.equal(
      previewReport(preview({ refusals: [{ code: "bot", reason: "x" }], score: scored })).title.split("; ")[1],
      "0 of 2 would be attested",
    );
  });

  test("a dependency bump or a release is not scored: it says it is held for review, and why, and is done", () => {
    const range = `${"3".repeat(40)}..${HEAD}`;
    const report = previewReport(preview({ score: { state: "held", range, kind: "dependencies" } }));
    assert.equal(report.done, true);
    assert.equal(report.title, "Held for review (a dependency bump); 1 of 2 would be attested");
    assert.ok(
      report.summary.includes(
        `Held for review: \`${range}\` is a dependency bump, a kind of change the scoring config (\`reviewKinds\`) sends to a reviewer`,
      ),
      report.summary,
    );
    assert.ok(!report.summary.includes("Not scored"));
    assert.equal(
      previewReport(preview({ score: { state: "held", range, kind: "release" } })).title,
      "Held for review (a release); 1 of 2 would be attested",
    );
  });
});
