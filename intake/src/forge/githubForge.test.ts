import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { type GitHubReplay, type ReplayRepository, startGitHubReplay } from "../testing/githubReplay.ts";
import { GitRepository } from "../testing/gitRepository.ts";
import type { RepositoryForge } from "./forge.ts";
import { GitHubForge } from "./githubForge.ts";

describe("GitHub through the App's installation", () => {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  let dir: string;
  let github: GitHubReplay;
  let api: RepositoryForge;
  let base: string;
  let head: string;
  let merge: string;
  let replay: ReplayRepository;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-intake-forge-"));
    const repo = await GitRepository.init(path.join(dir, "repo"));
    base = await repo.commit({ "README.md": "# lib\n", "src/sum.ts": "export const sum = 1;\n" }, { message: "start" });
    await repo.checkout("feature", true);
    await repo.commit({ "src/sum.ts": "export const sum = 2;\nexport const two = 2;\n" }, { message: "two" });
    head = await repo.commit(
      { "src/add.ts": "export const add = 3;\n" },
      { message: "add\n\nCo-authored-by: Grace <11+grace@users.noreply.github.com>" },
    );
    await repo.checkout("main");
    merge = await repo.merge("feature", "Merge pull request #7 from ada/feature");
    replay = {
      dir: repo.dir,
      pulls: new Map([
        [7, { base, head, reviews: [{ by: { login: "linus", id: 12 }, state: "APPROVED" }] }],
        [8, { base, head, reviews: [], author: { login: "ada", id: 10 } }],
      ]),
      permissions: new Map([["linus", "write"]]),
    };
    github = await startGitHubReplay({
      appId: "4242",
      privateKey: pem,
      repositories: new Map([["octo-org/lib", replay]]),
    });
    api = await new GitHubForge({ appId: "4242", privateKey: pem, baseUrl: github.url }).repository(
      99,
      "octo-org",
      "lib",
    );
  });
  after(async () => {
    await github.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("reads a file at a ref, and says when it is not there", async () => {
    assert.equal(await api.fileAt("src/sum.ts", base), "export const sum = 1;\n");
    assert.equal(await api.fileAt("src/add.ts", base), undefined);
    assert.equal(await api.fileAt("src/add.ts", merge), "export const add = 3;\n");
  });

  test("lists a pull request's commits, files, reviews, and a reviewer's permission", async () => {
    const commits = await api.commits(7);
    assert.equal(commits.length, 2);
    assert.match(commits[1]!.message, /Co-authored-by: Grace/);
    assert.deepEqual(
      (await api.changedFiles(7)).map((f) => [f.path, f.status, f.additions, f.deletions]),
      [
        ["src/add.ts", "added", 1, 0],
        ["src/sum.ts", "modified", 2, 1],
      ],
    );
    assert.deepEqual(await api.reviews(7), [{ login: "linus", accountId: "12", state: "APPROVED" }]);
    assert.equal(await api.permission("linus"), "write");
    assert.equal(await api.permission("mallory"), "none", "not a collaborator");
  });

  test("finds the base a merge was made onto", async () => {
    assert.equal(await api.firstParent(merge), base);
  });

  test("authenticates as the installation, with a token the App's JWT obtained", () => {
    assert.equal(github.requests.filter((r) => r === "POST /app/installations/99/access_tokens").length, 1);
  });

  test("posts comments on a pull request's conversation and lists them back, oldest first", async () => {
    const first = await api.comment(7, "first");
    const second = await api.comment(7, "second\n\nwith lines");
    assert.notEqual(first.id, second.id);
    assert.deepEqual(await api.comments(7), [first, second]);
    assert.deepEqual(await api.comments(8), [], "another pull request has its own");
  });

  test("reads an open pull request's state, head, base and author", async () => {
    assert.deepEqual(await api.changeRequest(8), {
      state: "open",
      head,
      base,
      targetBranch: "main",
      author: { login: "ada", accountId: "10", bot: false },
      labels: [],
    });
  });

  test("a preview is a check run on the head: created in progress, then the same run completed, never a second", async () => {
    const runs = () => replay.checkRunLog?.runs ?? [];
    const id = await api.publishPreview(8, head, { title: "Scoring", summary: "…", done: false });
    assert.deepEqual(
      runs().map((r) => [String(r.id), r.name, r.headSha, r.states.map((s) => s.status)]),
      [[id, "Coherence preview", head, ["in_progress"]]],
    );
    replay.checkRunLog!.fault = "answer-lost";
    await assert.rejects(
      api.publishPreview(8, head, { title: "Coherence 6,000 bps", summary: "| lint |", done: true }),
    );
    replay.checkRunLog!.fault = undefined;
    // Published again after the lost answer: the run is found on the head and updated to the same state.
    assert.equal(
      await api.publishPreview(8, head, { title: "Coherence 6,000 bps", summary: "| lint |", done: true }),
      id,
    );
    const [run, ...more] = runs();
    assert.deepEqual(more, [], "one run on the head");
    assert.deepEqual(run!.states.at(-1), {
      status: "completed",
      conclusion: "neutral",
      title: "Coherence 6,000 bps",
      summary: "| lint |",
    });
    const other = await api.publishPreview(8, base, { title: "Scoring", summary: "…", done: false });
    assert.notEqual(other, id, "another head gets a run of its own");
  });
});
