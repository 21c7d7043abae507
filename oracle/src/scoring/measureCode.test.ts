/**
 * Where measureCode reads a repository: a work tree's top or a bare repository (a real `git clone --bare`), and
 * the per-contribution bound that makes a change too large to measure.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createScoringConfigV1, DEFAULT_LIMITS } from "./config.ts";
import { ContributionTooLargeError, RepositoryNotFoundError } from "./errors.ts";
import { QUALITY_SCENARIO, SCENARIO_COMMIT } from "./fixtureScenario.ts";
import { createFixtureRepository, type FixtureRepository } from "./fixtures.ts";
import { measureCode, openRepository } from "./measureCode.ts";
import { indexFingerprints } from "./noveltyMetric.ts";

const URL = "https://example.org/ledger.git";

describe("measureCode", () => {
  let dir: string;
  let repo: FixtureRepository;
  let bare: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "measure-"));
    repo = await createFixtureRepository(join(dir, "work"), QUALITY_SCENARIO);
    bare = join(dir, "bare.git");
    execFileSync("git", ["clone", "--bare", "--quiet", repo.path, bare]);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const measure = (path: string, limits = DEFAULT_LIMITS) =>
    measureCode(
      "1",
      repo.commits[SCENARIO_COMMIT.clean]!,
      createScoringConfigV1({ "1": { url: URL, path } }, { limits }),
      indexFingerprints([]),
    );

  test("measures a bare clone exactly as the work tree it was cloned from", async () => {
    assert.deepEqual(await measure(bare), await measure(repo.path));
  });

  test("refuses a directory inside a repository, bare or not", async () => {
    for (const inside of [join(repo.path, "src"), join(bare, "refs")]) {
      await assert.rejects(openRepository("1", { url: URL, path: inside }), RepositoryNotFoundError);
    }
  });

  test("a change with more code than limits.maxContributionBytes is too large to measure", async () => {
    await assert.rejects(measure(repo.path, { ...DEFAULT_LIMITS, maxContributionBytes: 100 }), (error: unknown) => {
      assert.ok(error instanceof ContributionTooLargeError);
      assert.equal(error.limit, 100);
      assert.ok(error.bytes > 100);
      return true;
    });
  });
});
