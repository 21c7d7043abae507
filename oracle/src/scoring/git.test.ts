import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { GitCommandError } from "./errors.ts";
import { createFixtureRepository } from "./fixtures.ts";
import { gitText, readObjects, runGit } from "./git.ts";

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
