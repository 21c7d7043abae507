import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { createScoringConfig } from "../../scoring/config.ts";
import { createFixtureRepository, type FixtureRepository } from "../../scoring/fixtures.ts";
import { scoreContribution } from "../../scoring/scoreContribution.ts";
import { ScoreStore } from "../../scoring/scoreStore.ts";
import { COMMANDS } from "../commandTable.ts";
import { dispatchCaptured } from "../dispatchCaptured.ts";

const ccn = (...argv: string[]) => dispatchCaptured(COMMANDS, argv);

describe("ccn score", () => {
  let dir: string;
  let repo: FixtureRepository;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-score-"));
    repo = await createFixtureRepository(path.join(dir, "repo"), [
      {
        message: "one",
        files: { "src/a.ts": "/** Doubles a count of items. */\nexport const double = (n: number) => n * 2;\n" },
      },
      { message: "two", files: { "test/a.test.ts": "test('double', (t) => { t.is(double(2), 4); });\n" } },
    ]);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("--json prints one object: coherence, multiplier, and each metric's value and reason", async () => {
    const run = await ccn("score", "--repo", repo.path, "--commit", repo.commits[1]!.slice(0, 10), "--json");
    assert.equal(run.code, 0, run.stderr);
    const preview = JSON.parse(run.stdout);
    assert.equal(preview.scoringVersion, "coherence-scoring-v2");
    assert.equal(preview.evidence.text, repo.commits[1]);
    assert.equal(preview.kind, "tests");
    assert.equal(preview.multiplierBps, 5000 + preview.coherenceBps);
    for (const name of ["lint", "complexity", "tests", "docs", "novelty", "architecture"]) {
      assert.equal(typeof preview.metrics[name].reason, "string", name);
      assert.ok(preview.metrics[name].bps === null || Number.isInteger(preview.metrics[name].bps), name);
    }
    assert.equal(preview.metrics.tests.bps, 10000);
  });

  test("--range scores the range as one change; the text lists every metric", async () => {
    const run = await ccn("score", "--repo", repo.path, "--range", `${repo.commits[0]}..${repo.commits[1]}`);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\(tests\): coherence \d+ bps, multiplier \d+ bps \(coherence-scoring-v2\)/);
    assert.match(run.stdout, /^ {2}novelty /m);
  });

  test("--store: a commit a stored contribution already claims is named, as an epoch would hold it", async () => {
    const store = await ScoreStore.open(path.join(dir, "store"));
    const config = createScoringConfig({ "1": { url: repo.path, path: repo.path } });
    const contributionId = `0x${"a".repeat(64)}` as const;
    await scoreContribution(
      { contributionId, assetId: 1n, assetKind: "Code", evidence: repo.commits[1]! },
      config,
      store,
    );
    const run = await ccn(
      "score",
      "--repo",
      repo.path,
      "--commit",
      repo.commits[1]!,
      "--store",
      store.directory,
      "--json",
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).claimedBy.contributionId, contributionId);
    const other = await ccn(
      "score",
      "--repo",
      repo.path,
      "--commit",
      repo.commits[0]!,
      "--store",
      store.directory,
      "--json",
    );
    assert.equal(JSON.parse(other.stdout).claimedBy, undefined);
  });

  test("needs exactly one of --commit and --range, and commits of the repository", async () => {
    assert.notEqual((await ccn("score", "--repo", repo.path)).code, 0);
    const unknown = await ccn("score", "--repo", repo.path, "--commit", "f".repeat(40));
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /does not name commits/);
  });
});
