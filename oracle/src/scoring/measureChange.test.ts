import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { createScoringConfig } from "./config.ts";
import { DuplicateClaimError, ReviewRequiredError } from "./errors.ts";
import { createFixtureRepository, type FixtureRepository } from "./fixtures.ts";
import { gitText, runGit } from "./git.ts";
import { measureChange } from "./measureChange.ts";
import { indexFingerprints } from "./noveltyMetric.ts";
import { scoreContribution } from "./scoreContribution.ts";
import { ScoreStore } from "./scoreStore.ts";
import { isUnscorable } from "./unscorable.ts";

const URL = "https://example.org/lib.git";
const LIB = `/** Adds two numbers, saturating at the largest safe integer. */
export function add(a: number, b: number): number {
  const sum = a + b;
  return sum > Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : sum;
}

/** Splits a comma-separated list into its trimmed, non-empty items. */
export function splitList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
`;

describe("measureChange (scoring v2)", () => {
  let dir: string;
  let repo: FixtureRepository;
  const config = () => createScoringConfig({ "1": { url: URL, path: repo.path } });
  const measure = (evidence: string) => measureChange("1", evidence, config(), indexFingerprints([]));

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "measure-change-"));
    repo = await createFixtureRepository(join(dir, "lib"), [
      { message: "lib", files: { "src/lib.ts": LIB, "package.json": '{\n  "version": "1.0.0"\n}\n' } },
      { message: "reformat", files: { "src/lib.ts": LIB.replaceAll("  ", "\t") } },
      {
        message: "move",
        files: {
          "src/lib.ts": LIB.replaceAll("  ", "\t").split("\n\n")[0]!,
          "src/list.ts": `${LIB.replaceAll("  ", "\t").split("\n\n")[1]!}`,
        },
      },
      { message: "release", files: { "package.json": '{\n  "version": "1.1.0"\n}\n' } },
      {
        message: "vendored",
        files: {
          "vendor/left-pad.js":
            "module.exports = function leftPad(s, n) { while (s.length < n) s = ' ' + s; return s; };\n",
        },
      },
    ]);
    // A branch and a merge of it with main, resolved by hand in one line.
    await runGit(repo.path, ["checkout", "-q", "-b", "topic", repo.commits[4]!]);
    const commit = async (message: string, file: string, text: string) => {
      await writeFile(join(repo.path, file), text);
      await runGit(repo.path, ["add", "-A"]);
      await runGit(repo.path, ["-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-q", "-m", message]);
      return gitText(repo.path, ["rev-parse", "HEAD"]);
    };
    const topic = await commit("topic", "src/topic.ts", "export const topic = (x: number) => x * 2;\n");
    await runGit(repo.path, ["checkout", "-q", "main"]);
    await commit("main side", "src/main.ts", "export const main = (x: number) => x * 3;\n");
    await runGit(repo.path, [
      "-c",
      "user.name=A",
      "-c",
      "user.email=a@example.org",
      "merge",
      "-q",
      "--no-edit",
      "--no-ff",
      topic,
    ]);
    repo.commits.push(topic, await gitText(repo.path, ["rev-parse", "HEAD"]));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("a reformat, a move and a release score the neutral value, not as copies", async () => {
    const withoutReview = createScoringConfig({ "1": { url: URL, path: repo.path } }, { reviewKinds: undefined });
    for (const [i, kind] of [
      [1, "formatting"],
      [3, "release"],
    ] as const) {
      const measured = await measureChange("1", repo.commits[i]!, withoutReview, indexFingerprints([]));
      assert.equal(measured.kind, kind);
      assert.equal(measured.coherenceBps, 5000);
    }
    // The published defaults hold a release for a reviewer instead: unscorable, never an epoch stopped.
    await assert.rejects(
      measure(repo.commits[3]!),
      (error) => error instanceof ReviewRequiredError && error.kind === "release" && isUnscorable(error),
    );
    assert.equal((await measure(repo.commits[1]!)).coherenceBps, 5000);
    const moved = await measure(repo.commits[2]!);
    assert.equal(moved.metrics.novelty.bps, null, JSON.stringify(moved.metrics.novelty.raw));
    assert.ok((moved.metrics.novelty.raw.moved as number) > 0);
  });

  test("vendored code is skipped with its reason and never novel", async () => {
    const measured = await measure(repo.commits[4]!);
    assert.deepEqual(
      measured.skipped.map((s) => [s.path, s.reason]),
      [["vendor/left-pad.js", "vendored"]],
    );
    assert.equal(measured.fingerprints.length, 0);
  });

  test("a merge commit scores only its own resolution: nothing here, since git merged cleanly", async () => {
    const merge = await measure(repo.commits[6]!);
    assert.deepEqual(merge.files, []);
    assert.equal(merge.coherenceBps, 5000);
    // The range of the branch is the pull request: its change is measured.
    const range = await measure(`${repo.commits[4]!}..${repo.commits[5]!}`);
    assert.deepEqual(
      range.files.map((f) => f.path),
      ["src/topic.ts"],
    );
  });

  test("the same commits claimed twice score once: the second claim is held", async () => {
    const store = await ScoreStore.open(join(dir, "store"));
    const input = (n: number, evidence: string) =>
      ({ contributionId: `0x${String(n).padStart(64, "0")}`, assetId: 1n, assetKind: "Code", evidence }) as const;
    await scoreContribution(input(1, repo.commits[0]!), config(), store);
    await assert.rejects(scoreContribution(input(2, repo.commits[0]!), config(), store), DuplicateClaimError);
    // A claim of another commit is scored.
    assert.equal((await scoreContribution(input(3, repo.commits[1]!), config(), store)).source, "computed");
  });

  test("the record of a measure is the same across runs, byte for byte", async () => {
    const [a, b] = [await measure(repo.commits[0]!), await measure(repo.commits[0]!)];
    assert.equal(JSON.stringify(a), JSON.stringify(b));
    assert.equal(a.kind, "code");
    assert.match(a.metrics.docs.reason!, /2 of 2 new or changed public symbol/);
  });
});

describe("duplicate claims across branches and repositories (scoring v2)", () => {
  let dir: string;
  let repo: FixtureRepository;
  let picked: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cherry-"));
    repo = await createFixtureRepository(join(dir, "lib"), [
      { message: "lib", files: { "src/lib.ts": LIB } },
      { message: "other", files: { "src/other.ts": "export const other = 1;\n" } },
      { message: "fix", files: { "src/fix.ts": "export const fix = (x: number): number => (x > 0 ? x : -x);\n" } },
    ]);
    // The fix cherry-picked onto a branch that does not have "other".
    await runGit(repo.path, ["checkout", "-q", "-b", "release", repo.commits[0]!]);
    await runGit(repo.path, ["-c", "user.name=A", "-c", "user.email=a@example.org", "cherry-pick", repo.commits[2]!]);
    picked = await gitText(repo.path, ["rev-parse", "HEAD"]);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("a cherry-pick of a claimed commit is the same work: held, in either order", async () => {
    const config = createScoringConfig({ "1": { url: URL, path: repo.path } });
    const input = (n: number, evidence: string) =>
      ({ contributionId: `0x${String(n).padStart(64, "0")}`, assetId: 1n, assetKind: "Code", evidence }) as const;
    const fix = repo.commits[2]!;
    for (const [first, second] of [
      [fix, picked],
      [picked, fix],
    ] as const) {
      const store = await ScoreStore.open(await mkdtemp(join(dir, "store-")));
      await scoreContribution(input(1, first), config, store);
      await assert.rejects(scoreContribution(input(2, second), config, store), DuplicateClaimError);
    }
  });

  test("novelty does not depend on which contribution of the repository was scored first", async () => {
    const config = createScoringConfig({ "1": { url: URL, path: repo.path } });
    const novelty = async (order: readonly string[]) => {
      const store = await ScoreStore.open(await mkdtemp(join(dir, "order-")));
      const scores: Record<string, unknown> = {};
      for (const [i, evidence] of order.entries()) {
        const { record } = await scoreContribution(
          { contributionId: `0x${String(10 + i).padStart(64, "0")}`, assetId: 1n, assetKind: "Code", evidence },
          config,
          store,
        );
        if (record.method === "measured") scores[evidence] = record.metrics.novelty;
      }
      return scores;
    };
    const a = await novelty([repo.commits[1]!, repo.commits[0]!]);
    const b = await novelty([repo.commits[0]!, repo.commits[1]!]);
    assert.deepEqual(a[repo.commits[0]!], b[repo.commits[0]!]);
    assert.deepEqual(a[repo.commits[1]!], b[repo.commits[1]!]);
  });
});
