/**
 * An epoch's scores and cost checks when contributions cannot be scored, on a real repository: each gets an
 * unscorable record with its reason, its cost check holds it for a reviewer (nothing paid until approved), and
 * the rest of the epoch is scored as ever.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { withCostReport } from "@coherence/protocol";
import type { Address, Hex } from "viem";
import type { ChainContribution } from "../chain/readChain.ts";
import { costChecksOf } from "../costs/costChecksOf.ts";
import { CostStore } from "../costs/costStore.ts";
import { createScoringConfig, type ScoringConfig } from "../scoring/config.ts";
import { QUALITY_SCENARIO, SCENARIO_COMMIT } from "../scoring/fixtureScenario.ts";
import { createFixtureRepository, type FixtureRepository } from "../scoring/fixtures.ts";
import { ScoreStore } from "../scoring/scoreStore.ts";
import { NEUTRAL_COHERENCE_BPS } from "../scoring/unscorable.ts";
import { contributionIdOf, evidenceBindingsOf, evidenceHashOf, evidenceUriOf } from "./evidence.ts";
import { type ScoreForEpochReturnType, scoreForEpoch, unscorableReasons } from "./scoreForEpoch.ts";

const URL = "https://example.org/ledger.git";
const CONTRIBUTOR: Address = "0x00000000000000000000000000000000000000c1";
const REVIEWER: Hex = "0x00000000000000000000000000000000000000e1";

function contribution(assetId: bigint, fragment: string, n: number, committed = fragment): ChainContribution {
  const evidenceHash = evidenceHashOf(committed);
  return {
    id: contributionIdOf(assetId, CONTRIBUTOR, evidenceHash),
    assetId,
    contributor: CONTRIBUTOR,
    attester: CONTRIBUTOR,
    laborMicroUsd: 100_000_000n,
    toolsMicroUsd: 0n,
    computeMicroUsd: 0n,
    evidenceHash,
    evidenceUri: evidenceUriOf(URL, fragment),
    rateCardHash: null,
    blockNumber: BigInt(n),
    logIndex: 0,
  };
}

describe("scoreForEpoch", () => {
  let dir: string;
  let repo: FixtureRepository;
  let scoring: ScoringConfig;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "epoch-scores-"));
    repo = await createFixtureRepository(join(dir, "repo"), QUALITY_SCENARIO);
    scoring = createScoringConfig({ "1": { url: URL, path: repo.path } });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("records what cannot be scored with its reason, and the cost checks hold it for a reviewer", async () => {
    const scored = contribution(1n, repo.commits[SCENARIO_COMMIT.clean]!, 1);
    const missing = contribution(1n, "f".repeat(40), 2);
    const unreviewed = contribution(2n, "design-v1", 3);
    // A Code asset registered after the config was published: no repository for it, the same for every operator.
    const unconfigured = contribution(3n, repo.commits[SCENARIO_COMMIT.clean]!, 4);
    const store = await ScoreStore.open(join(dir, "scores"));
    const kinds = { "1": "Code", "2": "Design", "3": "Code" } as const;
    const results: ScoreForEpochReturnType[] = [];
    for (const c of [scored, missing, unreviewed, unconfigured]) {
      results.push(await scoreForEpoch(c, kinds[`${c.assetId}` as "1" | "2" | "3"], { scoring, reviews: {}, store }));
    }
    assert.deepEqual(
      results.map((r) => r.source),
      ["computed", "unscorable", "unscorable", "unscorable"],
    );
    const [, notFound, noReview, noRepository] = results.map((r) => r.record);
    assert.ok(
      notFound?.method === "unscorable" && noReview?.method === "unscorable" && noRepository?.method === "unscorable",
    );
    assert.deepEqual(noRepository.unscorable, {
      error: "UnconfiguredRepositoryError",
      reason: "The scoring config has no repository for asset 3.",
    });
    assert.equal(notFound.unscorable.error, "CommitNotFoundError");
    assert.match(notFound.unscorable.reason, /^Commit f{40} not found in repository https:\/\/example\.org/);
    assert.match(noReview.unscorable.reason, /Design asset 2 has no reviewer score/);
    assert.equal(notFound.coherenceBps, NEUTRAL_COHERENCE_BPS);
    assert.deepEqual(await store.list(), [scored.id.toLowerCase()], "an unscorable record is not stored");

    const check = async (approvals: Record<string, { reviewer: Hex; rationale: string }>) =>
      costChecksOf({
        store: CostStore.beside(join(dir, "manifests")),
        config: { approvals },
        priceTables: new Map(),
        contributions: [scored, missing, unreviewed, unconfigured],
        assets: [],
        scoring,
        unscorable: unscorableReasons(results.map((r) => r.record)),
      });
    const held = await check({});
    assert.deepEqual(
      held.checks.map((c) => [c.outcome, c.paid.laborMicroUsd]),
      [
        ["unreported", 100_000_000n],
        ["held", 0n],
        ["held", 0n],
        ["held", 0n],
      ],
    );
    assert.deepEqual(held.checks[1]!.findings, [
      {
        effect: "hold",
        path: "evidence",
        reason: `cannot be scored (CommitNotFoundError: ${notFound.unscorable.reason}), so it is held for a reviewer`,
      },
    ]);
    const approved = await check({ [missing.id]: { reviewer: REVIEWER, rationale: "read the diff by hand" } });
    assert.deepEqual(
      approved.checks.map((c) => [c.outcome, c.paid.laborMicroUsd]),
      [
        ["unreported", 100_000_000n],
        ["approved", 100_000_000n],
        ["held", 0n],
        ["held", 0n],
      ],
    );
  });

  test("a URI naming only the commit is scored and cost-checked through its published binding, held without it", async () => {
    const commit = repo.commits[SCENARIO_COMMIT.clean]!;
    const report = `0x${"cd".repeat(32)}` as Hex;
    const compact = contribution(1n, commit, 5, withCostReport(commit, report));
    const costs = CostStore.beside(join(dir, "compact-manifests"));
    const store = await ScoreStore.open(join(dir, "compact-scores"));
    const unbound = await scoreForEpoch(compact, "Code", { scoring, reviews: {}, store });
    assert.equal(unbound.source, "unscorable");
    assert.match(
      unbound.record.method === "unscorable" ? unbound.record.unscorable.reason : "",
      /evidence hash does not commit to its URI/,
    );

    await costs.putBinding(withCostReport(commit, report));
    const bindings = await evidenceBindingsOf(costs, [compact]);
    const bound = await scoreForEpoch(compact, "Code", { scoring, reviews: {}, store, bindings });
    const plain = await scoreForEpoch(contribution(1n, commit, 6), "Code", {
      scoring,
      reviews: {},
      store: await ScoreStore.open(join(dir, "plain-scores")),
    });
    assert.equal(bound.source, "computed");
    assert.equal(bound.record.coherenceBps, plain.record.coherenceBps, "the same commit measured");
    // The cost check reads the report the binding names: unpublished here, so it is excluded by that report's hash.
    const { checks } = await costChecksOf({
      store: costs,
      config: undefined,
      priceTables: new Map(),
      contributions: [compact],
      assets: [],
      scoring,
      bindings,
    });
    assert.deepEqual(
      checks.map((c) => [c.outcome, c.report]),
      [["excluded", report]],
    );
  });
});
