import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { CommitNotFoundError, CommitNotReachableError, MalformedEvidenceError } from "./errors.ts";
import { parseEvidence, resolveEvidence } from "./evidence.ts";
import { createFixtureRepository, type FixtureRepository } from "./fixtures.ts";
import { runGit } from "./git.ts";

const A = "a".repeat(40);
const B = "b".repeat(40);

describe("parseEvidence", () => {
  test("accepts a full commit id or a range of two", () => {
    assert.deepEqual(parseEvidence(A), { to: A });
    assert.deepEqual(parseEvidence(`${A}..${B}`), { from: A, to: B });
    assert.deepEqual(parseEvidence("c".repeat(64)), { to: "c".repeat(64) });
  });

  test("rejects anything else with MalformedEvidenceError", () => {
    for (const bad of [
      "",
      "abc1234",
      A.toUpperCase(),
      `${A}...${B}`,
      `${A}..`,
      `${A}..${A}`,
      `HEAD`,
      `${A}..${B}..${A}`,
      42,
      null,
    ]) {
      assert.throws(() => parseEvidence(bad), MalformedEvidenceError, String(bad));
    }
  });
});

describe("resolveEvidence", () => {
  let repo: FixtureRepository;
  let side: string;
  before(async () => {
    repo = await createFixtureRepository(await mkdtemp(join(tmpdir(), "ev-")), [
      { message: "root", files: { "a.ts": "1\n" } },
      { message: "second", files: { "a.ts": "2\n" } },
      { message: "third", files: { "a.ts": "3\n" } },
    ]);
    // A commit on another branch, not reachable from main.
    await runGit(repo.path, ["checkout", "-q", "-b", "side", repo.commits[0]!]);
    await runGit(repo.path, [
      "-c",
      "user.name=x",
      "-c",
      "user.email=x@x",
      "commit",
      "-q",
      "--allow-empty",
      "-m",
      "side",
    ]);
    side = (await runGit(repo.path, ["rev-parse", "HEAD"])).stdout.toString().trim();
    await runGit(repo.path, ["checkout", "-q", "main"]);
  });
  after(() => rm(repo.path, { recursive: true, force: true }));

  test("a commit is compared with its first parent", async () => {
    const [, second] = repo.commits;
    assert.deepEqual(await resolveEvidence(repo.path, { to: second! }, { label: "r" }), {
      base: repo.commits[0],
      head: second,
      commits: [second],
    });
  });

  test("a root commit is compared with the empty tree", async () => {
    const resolved = await resolveEvidence(repo.path, { to: repo.commits[0]! }, { label: "r" });
    assert.equal(resolved.base, "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  });

  test("a range lists its commits oldest first", async () => {
    const [root, second, third] = repo.commits;
    const resolved = await resolveEvidence(repo.path, { from: root!, to: third! }, { label: "r" });
    assert.deepEqual(resolved, { base: root, head: third, commits: [second, third] });
  });

  test("a missing commit is CommitNotFoundError", async () => {
    await assert.rejects(resolveEvidence(repo.path, { to: A }, { label: "https://x/r.git" }), (error: unknown) => {
      assert.ok(error instanceof CommitNotFoundError);
      assert.equal(error.commit, A);
      assert.match(error.message, /https:\/\/x\/r\.git/);
      return true;
    });
    await assert.rejects(
      resolveEvidence(repo.path, { from: A, to: repo.commits[1]! }, { label: "r" }),
      CommitNotFoundError,
    );
  });

  test("a range whose start is not an ancestor of its end is CommitNotReachableError", async () => {
    await assert.rejects(
      resolveEvidence(repo.path, { from: repo.commits[2]!, to: repo.commits[0]! }, { label: "r" }),
      CommitNotReachableError,
    );
    await assert.rejects(
      resolveEvidence(repo.path, { from: side, to: repo.commits[2]! }, { label: "r" }),
      CommitNotReachableError,
    );
  });

  test("with a ref, the commit must be reachable from it", async () => {
    await assert.rejects(
      resolveEvidence(repo.path, { to: side }, { label: "r", ref: "refs/heads/main" }),
      CommitNotReachableError,
    );
    await assert.rejects(
      resolveEvidence(repo.path, { to: repo.commits[1]! }, { label: "r", ref: "refs/heads/nope" }),
      CommitNotReachableError,
    );
    const ok = await resolveEvidence(repo.path, { to: repo.commits[1]! }, { label: "r", ref: "refs/heads/main" });
    assert.equal(ok.head, repo.commits[1]);
  });
});
