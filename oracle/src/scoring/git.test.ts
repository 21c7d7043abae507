import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { Hex } from "viem";
import { createScoringConfig } from "./config.ts";
import { GitCommandError } from "./errors.ts";
import { createFixtureRepository, type FixtureCommit } from "./fixtures.ts";
import { gitText, readObjects, runGit } from "./git.ts";
import { scoreContribution } from "./scoreContribution.ts";
import { scoreRecordJson } from "./scoreRecord.ts";
import { ScoreStore } from "./scoreStore.ts";

describe("runGit", () => {
  test("returns stdout, and treats listed exit codes as answers", async () => {
    const dir = await mkdtemp(join(tmpdir(), "git-"));
    try {
      const repo = await createFixtureRepository(dir, [{ message: "one", files: { "a.txt": "hello\n" } }]);
      assert.equal(await gitText(repo.path, ["rev-parse", "HEAD"]), repo.commits[0]);
      const { exitCode } = await runGit(repo.path, ["diff", "--quiet", "HEAD", "HEAD"], { okExitCodes: [1] });
      assert.equal(exitCode, 0);
      const blob = await gitText(repo.path, ["rev-parse", "HEAD:a.txt"]);
      assert.deepEqual((await readObjects(repo.path, [blob, blob])).map(String), ["hello\n", "hello\n"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a failure is a GitCommandError with git's message", async () => {
    const dir = await mkdtemp(join(tmpdir(), "git-"));
    try {
      await assert.rejects(runGit(dir, ["rev-parse", "HEAD"]), (error: unknown) => {
        assert.ok(error instanceof GitCommandError);
        assert.equal(error.exitCode, 128);
        assert.match(error.details, /not a git repository/);
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("ignores GIT_DIR and other GIT_* variables of the calling process", async () => {
    const dir = await mkdtemp(join(tmpdir(), "git-"));
    const saved = process.env.GIT_DIR;
    try {
      const repo = await createFixtureRepository(join(dir, "r"), [{ message: "one", files: { "a.txt": "a\n" } }]);
      process.env.GIT_DIR = join(dir, "elsewhere");
      assert.equal(await gitText(repo.path, ["rev-parse", "HEAD"]), repo.commits[0]);
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const numbered = (n: number, edit: (i: number) => string | undefined = () => undefined): string =>
  Array.from({ length: n }, (_, i) => `${edit(i + 1) ?? `export const line${i + 1} = ${i + 1};`}\n`).join("");

/** A change that settings would reshape: two edits four lines apart, a 2 KB file, a rename with an edit. */
const RESHAPED: readonly FixtureCommit[] = [
  { message: "base", files: { "src/a.ts": numbered(40), "src/old.ts": numbered(30) } },
  {
    message: "change",
    files: {
      "src/a.ts": numbered(40, (i) => (i === 10 || i === 14 ? `export const line${i} = ${i * 100};` : undefined)),
      "src/big.ts": numbered(80),
      "src/old.ts": null,
      "src/new.ts": numbered(30, (i) => (i === 3 ? "export const line3 = 300;" : undefined)),
    },
  },
];

/** Config a user or repository could have, each setting one that would change what is measured. */
const HOSTILE_CONFIG: readonly (readonly [string, string])[] = [
  ["diff.interHunkContext", "20"],
  ["diff.context", "10"],
  ["core.bigFileThreshold", "1k"],
  ["diff.algorithm", "patience"],
  ["diff.renames", "false"],
  ["diff.renameLimit", "1"],
  ["diff.noprefix", "true"],
  ["diff.mnemonicPrefix", "true"],
  ["diff.relative", "true"],
  ["diff.external", "/bin/false"],
  ["diff.hostile.textconv", "sed s/export/EXPORTED/"],
  ["color.ui", "always"],
  ["color.diff", "always"],
  ["core.quotePath", "false"],
  ["core.autocrlf", "true"],
];

describe("pinned git settings", () => {
  test("a repository with hostile config scores byte for byte as a clean one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "git-hostile-"));
    try {
      const clean = await createFixtureRepository(join(dir, "clean"), RESHAPED);
      const hostile = await createFixtureRepository(join(dir, "hostile"), RESHAPED);
      assert.deepEqual(hostile.commits, clean.commits);
      for (const [key, value] of HOSTILE_CONFIG) await runGit(hostile.path, ["config", key, value]);
      await writeFile(join(hostile.path, ".git", "info", "attributes"), "* diff=hostile\nsrc/new.ts -diff\n");
      // The settings do reshape git's own output when nothing pins them: the test is not vacuous.
      const plainDiff = (repo: string) =>
        execFileSync("git", ["-C", repo, "diff", "--no-ext-diff", "-U0", ...clean.commits], {
          env: { PATH: process.env.PATH },
        });
      assert.notEqual(String(plainDiff(hostile.path)), String(plainDiff(clean.path)));

      const record = async (path: string) => {
        const config = createScoringConfig({ "1": { url: "https://example.org/app.git", path } });
        const store = await ScoreStore.open(join(path, ".git", "scores"));
        const contributionId: Hex = `0x${"7".padStart(64, "0")}`;
        const input = { contributionId, assetId: 1n, assetKind: "Code" as const, evidence: clean.commits[1]! };
        return scoreRecordJson((await scoreContribution(input, config, store)).record);
      };
      assert.equal(await record(hostile.path), await record(clean.path));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
