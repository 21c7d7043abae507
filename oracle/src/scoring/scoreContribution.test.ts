/**
 * Scoring end to end on real git repositories made by the test
 * (fixtureScenario.ts): quality ordering, Solidity, determinism, the store,
 * reviewer scores, and every error case.
 */

import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { InvalidArgumentError } from "@coherence/protocol";
import type { Hex } from "viem";
import { createScoringConfigV1, type ScoringConfig } from "./config.ts";
import {
  CommitNotFoundError,
  CommitNotReachableError,
  MalformedEvidenceError,
  MalformedReviewError,
  MalformedScoringConfigError,
  RepositoryNotFoundError,
  ScoreConflictError,
  UnconfiguredRepositoryError,
} from "./errors.ts";
import { QUALITY_SCENARIO, SCENARIO_ARCHITECTURE, SCENARIO_COMMIT } from "./fixtureScenario.ts";
import { createFixtureRepository, type FixtureRepository } from "./fixtures.ts";
import { type ScoreContributionParameters, scoreContribution } from "./scoreContribution.ts";
import { type MeasuredScoreRecord, scoreRecordHash, scoreRecordJson, toEpochScore } from "./scoreRecord.ts";
import { ScoreStore } from "./scoreStore.ts";

const URL = "https://example.org/ledger.git";
const idOf = (n: number): Hex => `0x${n.toString(16).padStart(64, "0")}`;

let root: string;
let repo: FixtureRepository;

function configFor(path: string): ScoringConfig {
  return createScoringConfigV1({
    "1": { url: URL, path, ref: "refs/heads/main", architecture: SCENARIO_ARCHITECTURE },
  });
}

function code(n: number, evidence: string): ScoreContributionParameters {
  return { contributionId: idOf(n), assetId: 1n, assetKind: "Code", evidence };
}

/** Scores every scenario commit in order into a fresh store; returns the records by scenario name. */
async function scoreScenario(
  repository: FixtureRepository,
  storeDir: string,
): Promise<Record<keyof typeof SCENARIO_COMMIT, MeasuredScoreRecord>> {
  const store = await ScoreStore.open(storeDir);
  const config = configFor(repository.path);
  const out: Record<string, MeasuredScoreRecord> = {};
  for (const [name, index] of Object.entries(SCENARIO_COMMIT)) {
    const { record, source } = await scoreContribution(code(index + 1, repository.commits[index]!), config, store);
    assert.equal(source, "computed");
    assert.equal(record.method, "measured");
    out[name] = record as MeasuredScoreRecord;
  }
  return out as Record<keyof typeof SCENARIO_COMMIT, MeasuredScoreRecord>;
}

let scores: Awaited<ReturnType<typeof scoreScenario>>;

before(async () => {
  root = await mkdtemp(join(tmpdir(), "score-"));
  repo = await createFixtureRepository(join(root, "repo"), QUALITY_SCENARIO);
  scores = await scoreScenario(repo, join(root, "scores-1"));
});
after(() => rm(root, { recursive: true, force: true }));

describe("scoreContribution on code", () => {
  test("a clean, tested, documented commit scores clearly above a sloppy one", () => {
    const { clean, sloppy } = scores;
    assert.equal(clean.coherenceBps, 10000);
    assert.ok(
      clean.coherenceBps - sloppy.coherenceBps >= 4000,
      `clean ${clean.coherenceBps} vs sloppy ${sloppy.coherenceBps}`,
    );
    // Every quality problem of the sloppy commit shows in its own metric.
    assert.ok(sloppy.metrics.lint.bps! < 2000);
    assert.ok((sloppy.metrics.lint.raw.findingsByRule as Record<string, number>)["no-var"]! > 0);
    assert.ok(sloppy.metrics.complexity.bps! < clean.metrics.complexity.bps!);
    assert.ok((sloppy.metrics.complexity.raw.maxComplexity as number) > 10);
    assert.equal(sloppy.metrics.tests.bps, 0);
    assert.equal(sloppy.metrics.docs.bps, 0);
    assert.equal(sloppy.metrics.architecture.bps, 7500, "src/ui imports src/db");
    assert.equal(sloppy.multiplierBps, 5000 + sloppy.coherenceBps);
  });

  test("a clean commit scores clearly above one that copies existing code", () => {
    const { clean, copied } = scores;
    assert.ok(
      clean.coherenceBps - copied.coherenceBps >= 3000,
      `clean ${clean.coherenceBps} vs copied ${copied.coherenceBps}`,
    );
    assert.ok(copied.metrics.novelty.bps! <= 1000, `novelty ${copied.metrics.novelty.bps}`);
    assert.ok((copied.metrics.novelty.raw.inRepository as number) > 0);
    // The copy is otherwise tidy: only novelty (and its missing tests) pull it down.
    assert.equal(copied.metrics.lint.bps, 10000);
    assert.equal(copied.metrics.docs.bps, 10000);
  });

  test("a Solidity commit is linted with solhint", () => {
    const { solidityClean, soliditySloppy } = scores;
    assert.equal(solidityClean.metrics.lint.bps, 10000);
    assert.equal(solidityClean.metrics.lint.raw.lintedFiles, 2);
    assert.equal(solidityClean.metrics.docs.bps, 10000);
    const rules = soliditySloppy.metrics.lint.raw.findingsByRule as Record<string, number>;
    for (const rule of ["avoid-tx-origin", "contract-name-capwords", "func-visibility", "no-global-import"]) {
      assert.ok(rules[rule]! > 0, `expected a ${rule} finding`);
    }
    assert.ok(solidityClean.coherenceBps - soliditySloppy.coherenceBps >= 3000);
    assert.ok(
      solidityClean.tools.some(
        (t) => t.name === "solhint" && /^\d+\.\d+\.\d+/.test(t.version) && t.configHash !== undefined,
      ),
    );
  });

  test("the record names the commits, config hash and tools, and holds no local path or time", () => {
    const { clean } = scores;
    assert.deepEqual(clean.evidence, {
      text: repo.commits[SCENARIO_COMMIT.clean],
      repository: URL,
      base: repo.commits[SCENARIO_COMMIT.base],
      head: repo.commits[SCENARIO_COMMIT.clean],
      commits: [repo.commits[SCENARIO_COMMIT.clean]],
    });
    assert.match(clean.configHash, /^0x[0-9a-f]{64}$/);
    assert.deepEqual(
      clean.tools.map((t) => t.name),
      ["@eslint/js", "@solidity-parser/parser", "eslint", "solhint", "typescript", "typescript-eslint"],
    );
    assert.equal(clean.appliedWeightBps, 10000);
    const json = scoreRecordJson(clean);
    assert.ok(!json.includes(root) && !json.includes(tmpdir()), "no absolute paths");
    assert.doesNotMatch(json, /20\d\d-\d\d-\d\d/);
    assert.deepEqual(toEpochScore(clean), {
      contributionId: idOf(2),
      coherenceBps: 10000,
      metricsHash: scoreRecordHash(clean),
    });
  });

  test("scores are identical across two runs, in another directory and store", async () => {
    const again = await createFixtureRepository(join(root, "elsewhere", "repo"), QUALITY_SCENARIO);
    assert.deepEqual(again.commits, repo.commits);
    const second = await scoreScenario(again, join(root, "scores-2"));
    for (const name of Object.keys(SCENARIO_COMMIT) as (keyof typeof SCENARIO_COMMIT)[]) {
      assert.equal(scoreRecordJson(second[name]), scoreRecordJson(scores[name]), name);
    }
  });

  test("a range is scored as one change", async () => {
    const store = await ScoreStore.open(join(root, "scores-range"));
    const range = `${repo.commits[SCENARIO_COMMIT.base]}..${repo.commits[SCENARIO_COMMIT.sloppy]}`;
    const { record } = await scoreContribution(code(99, range), configFor(repo.path), store);
    assert.ok(record.method === "measured");
    assert.equal(record.evidence.commits.length, 2);
    assert.ok(record.coherenceBps > scores.sloppy.coherenceBps && record.coherenceBps < scores.clean.coherenceBps);
  });

  test("code copied from an earlier contribution in another repository is not novel", async () => {
    const other = await createFixtureRepository(join(root, "other"), [
      { message: "init", files: { "README.md": "# other\n" } },
      {
        message: "rates, again",
        files: { "lib/interest.ts": QUALITY_SCENARIO[SCENARIO_COMMIT.clean]!.files["src/rates.ts"]! },
      },
    ]);
    const store = await ScoreStore.open(join(root, "scores-cross"));
    const config = createScoringConfigV1({
      "1": { url: URL, path: repo.path },
      "2": { url: "https://example.org/other.git", path: other.path },
    });
    await scoreContribution(code(1, repo.commits[SCENARIO_COMMIT.clean]!), config, store);
    const { record } = await scoreContribution(
      { contributionId: idOf(2), assetId: 2n, assetKind: "Code", evidence: other.commits[1]! },
      config,
      store,
    );
    assert.ok(record.method === "measured");
    assert.equal(record.metrics.novelty.bps, 0);
    assert.deepEqual(
      (record.metrics.novelty.raw.matchedContributions as { contributionId: string }[]).map((m) => m.contributionId),
      [idOf(1)],
    );
  });
});

describe("scoreContribution and the store", () => {
  test("returns the stored score instead of recomputing it", async () => {
    const store = await ScoreStore.open(join(root, "scores-1"));
    // Even with the repository gone, the stored score comes back: nothing is re-measured.
    const config = configFor(join(root, "no-such-checkout"));
    const { record, source } = await scoreContribution(code(2, repo.commits[SCENARIO_COMMIT.clean]!), config, store);
    assert.equal(source, "stored");
    assert.equal(scoreRecordJson(record), scoreRecordJson(scores.clean));
  });

  test("rejects other evidence under a stored contribution id", async () => {
    const store = await ScoreStore.open(join(root, "scores-1"));
    await assert.rejects(
      scoreContribution(code(2, repo.commits[SCENARIO_COMMIT.sloppy]!), configFor(repo.path), store),
      ScoreConflictError,
    );
  });

  test("refuses to overwrite a stored score with a different one", async () => {
    const store = await ScoreStore.open(join(root, "scores-1"));
    const changed = { ...scores.clean, coherenceBps: 9999 };
    await assert.rejects(store.put(changed), ScoreConflictError);
  });
});

describe("scoreContribution on work that is not code", () => {
  const reviewer = `0x${"ab".repeat(20)}` as Hex;

  test("records the reviewer's score and rationale", async () => {
    const store = await ScoreStore.open(join(root, "scores-review"));
    const input = {
      contributionId: idOf(7),
      assetId: 4n,
      assetKind: "Design",
      review: { reviewer, bps: 8200, rationale: "Consistent, accessible colour system." },
    } as const;
    const { record } = await scoreContribution(input, configFor(repo.path), store);
    assert.deepEqual(record, {
      format: "coherence-score-v1",
      contributionId: idOf(7),
      assetId: "4",
      assetKind: "Design",
      configHash: record.configHash,
      method: "review",
      coherenceBps: 8200,
      multiplierBps: 13200,
      review: { reviewer, bps: 8200, rationale: "Consistent, accessible colour system." },
    });
    assert.equal((await scoreContribution(input, configFor(repo.path), store)).source, "stored");
    await assert.rejects(
      scoreContribution({ ...input, review: { ...input.review, bps: 9000 } }, configFor(repo.path), store),
      ScoreConflictError,
    );
  });

  test("rejects a review without rationale or out of range", async () => {
    const store = await ScoreStore.open(join(root, "scores-review-bad"));
    const input = { contributionId: idOf(8), assetId: 4n, assetKind: "Content" } as const;
    await assert.rejects(
      scoreContribution({ ...input, review: { reviewer, bps: 5000, rationale: " " } }, configFor(repo.path), store),
      MalformedReviewError,
    );
    await assert.rejects(
      scoreContribution({ ...input, review: { reviewer, bps: 12000, rationale: "ok" } }, configFor(repo.path), store),
      MalformedReviewError,
    );
    assert.deepEqual(await store.list(), []);
  });
});

describe("scoreContribution errors", () => {
  let store: ScoreStore;
  before(async () => {
    store = await ScoreStore.open(join(root, "scores-errors"));
  });
  const clean = (): string => repo.commits[SCENARIO_COMMIT.clean]!;

  test("repository missing: not configured, checkout absent, or not a git repository", async () => {
    const unconfigured = { contributionId: idOf(1), assetId: 5n, assetKind: "Code", evidence: clean() } as const;
    await assert.rejects(
      scoreContribution(unconfigured, configFor(repo.path), store),
      (e: unknown) => e instanceof UnconfiguredRepositoryError && e.assetId === "5" && /no repository/.test(e.message),
    );
    await assert.rejects(
      scoreContribution(code(1, clean()), configFor(join(root, "missing")), store),
      (e: unknown) =>
        e instanceof RepositoryNotFoundError && /does not exist/.test(e.message) && e.message.includes(URL),
    );
    const plain = join(root, "plain-dir");
    await mkdir(plain, { recursive: true });
    await assert.rejects(
      scoreContribution(code(1, clean()), configFor(plain), store),
      (e: unknown) => e instanceof RepositoryNotFoundError && /not the top of a git repository/.test(e.message),
    );
    await assert.rejects(
      scoreContribution(code(1, clean()), configFor(join(repo.path, "src")), store),
      RepositoryNotFoundError,
    );
  });

  test("commit missing or not reachable", async () => {
    await assert.rejects(scoreContribution(code(1, "f".repeat(40)), configFor(repo.path), store), CommitNotFoundError);
    const backwards = `${repo.commits[SCENARIO_COMMIT.sloppy]}..${repo.commits[SCENARIO_COMMIT.clean]}`;
    await assert.rejects(scoreContribution(code(1, backwards), configFor(repo.path), store), CommitNotReachableError);
    const elsewhere = createScoringConfigV1({ "1": { url: URL, path: repo.path, ref: "refs/heads/release" } });
    await assert.rejects(scoreContribution(code(1, clean()), elsewhere, store), CommitNotReachableError);
  });

  test("evidence malformed", async () => {
    for (const evidence of ["HEAD", clean().slice(0, 12), `${clean()}...${clean()}`, ""]) {
      await assert.rejects(
        scoreContribution(code(1, evidence), configFor(repo.path), store),
        MalformedEvidenceError,
        evidence,
      );
    }
  });

  test("config malformed, naming the field", async () => {
    const config = configFor(repo.path);
    const bad = { ...config, weights: { ...config.weights, tests: 2001 } };
    await assert.rejects(
      scoreContribution(code(1, clean()), bad, store),
      (e: unknown) => e instanceof MalformedScoringConfigError && e.field === "weights",
    );
    const badRepo = {
      ...config,
      repositories: { "1": { url: URL, path: repo.path, architecture: { maxFileLines: 0 } } },
    };
    await assert.rejects(
      scoreContribution(code(1, clean()), badRepo, store),
      (e: unknown) =>
        e instanceof MalformedScoringConfigError && e.field === "repositories.1.architecture.maxFileLines",
    );
  });

  test("input malformed", async () => {
    await assert.rejects(
      scoreContribution({ ...code(1, clean()), contributionId: "0x12" as Hex }, configFor(repo.path), store),
      InvalidArgumentError,
    );
    const music = {
      contributionId: idOf(1),
      assetId: 1n,
      assetKind: "Music",
      evidence: clean(),
    } as unknown as ScoreContributionParameters;
    await assert.rejects(scoreContribution(music, configFor(repo.path), store), InvalidArgumentError);
    assert.deepEqual(await store.list(), []);
  });
});
