import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { type GitLabReplay, startGitLabReplay } from "../testing/gitlabReplay.ts";
import { GitRepository } from "../testing/gitRepository.ts";
import { diffLineCounts, GitLabForge, type GitLabRepository, permissionOfAccessLevel } from "./gitlabForge.ts";

describe("GitLab through an access token", () => {
  const TOKEN = "glpat-intake-test";
  let dir: string;
  let gitlab: GitLabReplay;
  let api: GitLabRepository;
  let base: string;
  let first: string;
  let head: string;
  let merge: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-intake-gitlab-"));
    const repo = await GitRepository.init(path.join(dir, "repo"));
    base = await repo.commit({ "README.md": "# lib\n", "src/sum.ts": "export const sum = 1;\n" }, { message: "start" });
    await repo.checkout("feature", true);
    first = await repo.commit({ "src/sum.ts": "export const sum = 2;\nexport const two = 2;\n" }, { message: "two" });
    head = await repo.commit(
      { "src/add.ts": "export const add = 3;\n++x\n" },
      { message: "add\n\nCo-authored-by: Grace <1011-grace@users.noreply.gitlab.com>" },
    );
    await repo.checkout("main");
    merge = await repo.merge("feature", "Merge branch 'feature' into 'main'");
    gitlab = await startGitLabReplay({
      token: TOKEN,
      projects: new Map([
        [
          101,
          {
            dir: repo.dir,
            pulls: new Map([
              [
                7,
                {
                  base,
                  head,
                  merge,
                  mergedAt: "2026-11-02T12:00:00.000Z",
                  author: { login: "ada", id: 1010 },
                  reviews: [{ by: { login: "linus", id: 1012 }, state: "APPROVED" }],
                },
              ],
              [9, { base, head, open: true, author: { login: "ada", id: 1010 }, reviews: [] }],
            ]),
            permissions: new Map([
              ["linus", "write"],
              ["linda", "triage"],
            ]),
          },
        ],
      ]),
    });
    api = await new GitLabForge({ token: TOKEN, host: gitlab.url }).repository(101, "octo-org", "lib");
  });
  after(async () => {
    await gitlab.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("reads a file at a ref, and says when it is not there", async () => {
    assert.equal(await api.fileAt("src/sum.ts", base), "export const sum = 1;\n");
    assert.equal(await api.fileAt("src/add.ts", base), undefined);
    assert.equal(await api.fileAt("src/add.ts", merge), "export const add = 3;\n++x\n");
  });

  test("lists a merge request's commits in the order made, and its files with the lines each diff adds and removes", async () => {
    assert.deepEqual(
      (await api.commits(7)).map((c) => c.sha),
      [first, head],
    );
    assert.match((await api.commits(7))[1]!.message, /Co-authored-by: Grace/);
    assert.deepEqual(
      (await api.changedFiles(7)).map((f) => [f.path, f.status, f.additions, f.deletions]),
      [
        ["src/add.ts", "added", 2, 0],
        ["src/sum.ts", "modified", 2, 1],
      ],
    );
  });

  test("takes approvals for reviews, and members' access levels for permissions", async () => {
    assert.deepEqual(await api.reviews(7), [{ login: "linus", accountId: "1012", state: "APPROVED" }]);
    assert.equal(await api.permission("linus"), "write");
    assert.equal(await api.permission("lin"), "none", "the loose search's matches are not the member");
    assert.equal(await api.permission("linda"), "triage", "a Reporter cannot push");
    assert.equal(await api.permission("mallory"), "none", "not a member");
  });

  test("finds the base a merge was made onto, and the merge request's author and merge", async () => {
    assert.equal(await api.firstParent(merge), base);
    assert.deepEqual(await api.mergeRequest(7), {
      author: { login: "ada", accountId: "1010" },
      state: "merged",
      mergeSha: merge,
      mergeBase: undefined,
      mergedAt: Date.UTC(2026, 10, 2, 12) / 1000,
    });
  });

  test("sends its token as PRIVATE-TOKEN, and a wrong one is refused as GitLab refuses it", async () => {
    const wrong = await new GitLabForge({ token: "glpat-wrong", host: gitlab.url }).repository(101, "octo-org", "lib");
    await assert.rejects(wrong.fileAt("README.md", base), (error: Error) => /401 Unauthorized/.test(error.message));
  });

  test("access levels: Developer (30) and above can push", () => {
    assert.deepEqual([0, 5, 10, 15, 20, 30, 40, 50].map(permissionOfAccessLevel), [
      "none",
      "none",
      "read",
      "read",
      "triage",
      "write",
      "maintain",
      "admin",
    ]);
  });

  test("a diff's lines count from its hunks, a line beginning with ++ included", () => {
    assert.deepEqual(diffLineCounts("@@ -1,2 +1,2 @@\n-a\n+b\n+++c\n context\n\\ No newline at end of file"), {
      additions: 2,
      deletions: 1,
    });
    assert.deepEqual(diffLineCounts(""), { additions: 0, deletions: 0 }, "a collapsed diff counts nothing");
  });

  test("posts notes on a merge request and lists them back, oldest first; an unknown merge request is not found", async () => {
    const first = await api.comment(7, "first");
    const second = await api.comment(7, "second\n\nwith lines");
    assert.notEqual(first.id, second.id);
    assert.deepEqual(await api.comments(7), [first, second]);
    await assert.rejects(api.comment(8, "nowhere"), /Not Found/);
  });

  test("reads an open merge request's head and diff base; its preview is one note, edited on each publish", async () => {
    assert.deepEqual(await api.changeRequest(9), {
      state: "open",
      head,
      base,
      targetBranch: "main",
      author: { login: "ada", accountId: "1010", bot: false },
      labels: [],
    });
    assert.equal((await api.changeRequest(7)).state, "merged");
    const id = await api.publishPreview(9, head, { title: "Scoring", summary: "being scored", done: false });
    assert.equal(
      await api.publishPreview(9, head, { title: "Coherence 6,000 bps", summary: "| lint |", done: true }),
      id,
    );
    const notes = await api.comments(9);
    assert.equal(notes.length, 1, "edited, not posted again");
    assert.equal(notes[0]!.body, "<!-- Coherence preview -->\n### Coherence preview: Coherence 6,000 bps\n\n| lint |");
  });
});
