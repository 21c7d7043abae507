/**
 * First introduction (configs with `firstIntroduction`) on real git repositories built here: the same code written
 * on two parallel branches, merged in either order and scored in either order, belongs to the earlier commit; code
 * copied from another repository of the config is that repository's, whichever was scored first; a backdated commit
 * counts as no earlier than what it is built on.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Hex } from "viem";
import { correctedTimes } from "./commitPrecedence.ts";
import { createScoringConfig, type RepositoryConfig } from "./config.ts";
import { gitText, runGit } from "./git.ts";
import { scoreContribution } from "./scoreContribution.ts";
import { type MeasuredScoreRecord, scoreRecordJson } from "./scoreRecord.ts";
import { ScoreStore } from "./scoreStore.ts";

const T0 = 1_704_067_200;
const idOf = (n: number): Hex => `0x${n.toString(16).padStart(64, "0")}`;

/** A function long enough to be fingerprinted many times over, named by `name`. */
const shared = (name: string) => `/** Splits a ledger entry into whole units and a remainder, rounding down. */
export function ${name}(amount: number, units: number, fee: number): { whole: number; rest: number } {
  if (units <= 0) throw new RangeError(\`units must be positive, got \${units}\`);
  const net = amount - fee > 0 ? amount - fee : 0;
  const whole = Math.floor(net / units);
  const rest = net - whole * units;
  return { whole, rest: rest < 0 ? 0 : rest };
}
`;
const own = (name: string, factor: number) => `/** Scales every rate of a table by a factor, keeping the keys. */
export function ${name}(table: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, rate] of Object.entries(table)) out[key] = rate * ${factor} + (key.length % ${factor + 1});
  return out;
}
`;
const BASE = 'export const version = "1.0.0";\n';

/** Runs git with a fixed identity and both dates at `time`. */
async function git(repository: string, time: number, args: string[]): Promise<string> {
  const date = `${time} +0000`;
  const who = { NAME: "Fixture Author", EMAIL: "fixture@example.org" };
  return gitText(repository, ["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", ...args], {
    env: {
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
      GIT_AUTHOR_NAME: who.NAME,
      GIT_AUTHOR_EMAIL: who.EMAIL,
      GIT_COMMITTER_NAME: who.NAME,
      GIT_COMMITTER_EMAIL: who.EMAIL,
    },
  });
}

async function commit(repository: string, time: number, message: string, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(repository, path)), { recursive: true });
    await writeFile(join(repository, path), text);
  }
  await runGit(repository, ["add", "-A"]);
  await git(repository, time, ["commit", "-q", "--no-verify", "-m", message]);
  return gitText(repository, ["rev-parse", "HEAD"]);
}

async function init(repository: string): Promise<void> {
  await mkdir(repository, { recursive: true });
  await runGit(repository, ["-c", "init.defaultBranch=main", "init", "-q"]);
}

/**
 * A repository where `a` (at T0+100) and `b` (at T0+200) are written on parallel branches off one base, both adding
 * the same function (under other names), then merged into main in `order`. The same contents and dates give the same
 * commit ids whatever the order, so two of these hold the same `a` and `b`.
 */
async function parallelBranches(repository: string, order: "a first" | "b first") {
  await init(repository);
  const base = await commit(repository, T0, "base", { "README.md": "# ledger\n", "src/index.ts": BASE });
  await runGit(repository, ["checkout", "-q", "-b", "a", base]);
  const a = await commit(repository, T0 + 100, "a: split", { "src/split.ts": shared("splitEntry") });
  await runGit(repository, ["checkout", "-q", "-b", "b", base]);
  const b = await commit(repository, T0 + 200, "b: divide", {
    "src/divide.ts": `${shared("divideEntry")}\n${own("scaled", 3)}`,
  });
  await runGit(repository, ["checkout", "-q", "main"]);
  for (const [i, branch] of (order === "a first" ? ["a", "b"] : ["b", "a"]).entries())
    await git(repository, T0 + 300 + i, ["merge", "-q", "--no-ff", "-m", `merge ${branch}`, branch]);
  return { base, a, b };
}

const config = (repositories: Record<string, RepositoryConfig>, withRule = true) =>
  createScoringConfig(repositories, {
    dependencies: undefined,
    ...(withRule ? {} : { firstIntroduction: undefined }),
  });

async function score(
  store: ScoreStore,
  cfg: ReturnType<typeof config>,
  n: number,
  assetId: bigint,
  evidence: string,
): Promise<MeasuredScoreRecord> {
  const { record } = await scoreContribution(
    { contributionId: idOf(n), assetId, assetKind: "Code", evidence },
    cfg,
    store,
  );
  assert.equal(record.method, "measured");
  return record as MeasuredScoreRecord;
}

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "first-introduction-"));
});
after(() => rm(root, { recursive: true, force: true }));

describe("corrected committer times", () => {
  test("a commit dated before its parent counts as no earlier than its parent", async () => {
    const repository = join(root, "backdated");
    await init(repository);
    const first = await commit(repository, T0 + 500, "first", { "a.ts": "export const a = 1;\n" });
    const backdated = await commit(repository, T0, "backdated", { "b.ts": "export const b = 2;\n" });
    const times = await correctedTimes(repository, [backdated]);
    assert.equal(times.get(first), T0 + 500);
    assert.equal(times.get(backdated), T0 + 500, "not T0: it cannot precede the commit it is built on");
  });
});

describe("code written on two parallel branches", () => {
  test("belongs to the earlier commit, whichever branch was merged first and whichever was scored first", async () => {
    const aFirst = await parallelBranches(join(root, "a-first"), "a first");
    const bFirst = await parallelBranches(join(root, "b-first"), "b first");
    assert.deepEqual(aFirst, bFirst, "the same commits in both repositories");
    const records: string[][] = [];
    for (const [name, repository] of [
      ["a-first", aFirst],
      ["b-first", bFirst],
    ] as const) {
      const cfg = config({ "1": { url: "https://example.org/ledger.git", path: join(root, name), ref: "main" } });
      for (const scoringOrder of [
        ["a", "b"],
        ["b", "a"],
      ] as const) {
        const store = await ScoreStore.open(join(root, `scores-${name}-${scoringOrder.join("")}`));
        const byName: Record<string, MeasuredScoreRecord> = {};
        for (const [i, which] of scoringOrder.entries())
          byName[which] = await score(store, cfg, i + 1, 1n, repository[which]);
        const a = byName.a!.metrics.novelty;
        const b = byName.b!.metrics.novelty;
        assert.equal(a.bps, 10_000, `a wrote it first (${name}, ${scoringOrder.join(" then ")})`);
        assert.equal(a.raw.inParallelCommits, 0);
        assert.ok((b.raw.inParallelCommits as number) > 0, "b's copy of a's function is not novel");
        assert.ok(b.bps! > 0 && b.bps! < 10_000, "b's own function still is");
        assert.deepEqual(
          (b.raw.firstIntroduction as { matchedCommits: { commit: string }[] }).matchedCommits.map((m) => m.commit),
          [repository.a],
        );
        // Records without contribution ids, which differ with the scoring order.
        records.push(
          [byName.a!, byName.b!].map((r) =>
            scoreRecordJson({ ...r, contributionId: idOf(0) }).replace(/"tip":"\w+"/, ""),
          ),
        );
      }
    }
    for (const other of records.slice(1)) assert.deepEqual(other, records[0], "the same scores in every order");
  });

  test("parallel commits past maxParallelCommits are not read, and the record counts them", async () => {
    const repository = await parallelBranches(join(root, "bounded"), "a first");
    const cfg = createScoringConfig(
      { "1": { url: "https://example.org/ledger.git", path: join(root, "bounded") } },
      { dependencies: undefined, firstIntroduction: { maxParallelCommits: 0, maxParallelPatchBytes: 8_388_608 } },
    );
    const b = await score(await ScoreStore.open(join(root, "scores-bounded")), cfg, 1, 1n, repository.b);
    assert.equal(b.metrics.novelty.raw.inParallelCommits, 0);
    assert.deepEqual((b.metrics.novelty.raw.firstIntroduction as { parallel: unknown }).parallel, {
      tip: await gitText(join(root, "bounded"), ["rev-parse", "HEAD"]),
      read: 0,
      leftOut: 1,
    });
  });

  test("a config written before the rule still credits both (its scores never change)", async () => {
    const repository = await parallelBranches(join(root, "before-rule"), "a first");
    const cfg = config({ "1": { url: "https://example.org/ledger.git", path: join(root, "before-rule") } }, false);
    const store = await ScoreStore.open(join(root, "scores-before-rule"));
    const b = await score(store, cfg, 1, 1n, repository.b);
    assert.equal(b.metrics.novelty.bps, 10_000);
    assert.equal(b.metrics.novelty.raw.inParallelCommits, undefined);
  });
});

describe("code copied from another repository of the network", () => {
  test("is the other repository's when it had it first, whichever contribution was scored first", async () => {
    const library = join(root, "library");
    const app = join(root, "app");
    await init(library);
    await init(app);
    await commit(app, T0, "app base", { "src/index.ts": BASE });
    const original = await commit(library, T0 + 100, "library: split", { "src/split.ts": shared("splitEntry") });
    const copy = await commit(app, T0 + 200, "app: divide", {
      "src/divide.ts": `${shared("divideEntry")}\n${own("scaled", 3)}`,
    });
    const cfg = config({
      "1": { url: "https://example.org/library.git", path: library },
      "2": { url: "https://example.org/app.git", path: app },
    });
    const results: string[] = [];
    for (const order of [
      ["original", "copy"],
      ["copy", "original"],
    ]) {
      const store = await ScoreStore.open(join(root, `scores-network-${order[0]}`));
      const byName: Record<string, MeasuredScoreRecord> = {};
      for (const [i, which] of order.entries())
        byName[which!] = await score(store, cfg, i + 1, which === "copy" ? 2n : 1n, which === "copy" ? copy : original);
      const o = byName.original!.metrics.novelty;
      const c = byName.copy!.metrics.novelty;
      assert.equal(o.bps, 10_000, "the library wrote it first");
      assert.ok((c.raw.inOtherRepositories as number) > 0);
      assert.equal(c.raw.inEarlierContributions, 0, "history decides, not the store");
      assert.deepEqual(
        (c.raw.firstIntroduction as { matchedRepositories: { repository: string }[] }).matchedRepositories.map(
          (m) => m.repository,
        ),
        ["https://example.org/library.git"],
      );
      results.push(JSON.stringify([o, c]));
    }
    assert.equal(results[1], results[0]);
  });
});
