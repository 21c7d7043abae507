import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import type { ReplayPullRequest } from "../testing/githubReplay.ts";
import { mergeRequestHook, noteHook, type PayloadProject } from "../testing/gitlabDeliveries.ts";
import { type GitLabReplay, startGitLabReplay } from "../testing/gitlabReplay.ts";
import { GitRepository } from "../testing/gitRepository.ts";
import {
  gitlabClosedChange,
  gitlabComment,
  isGitLabBot,
  type MergeRequestHook,
  type NoteHook,
} from "./gitlabEvents.ts";
import { GitLabForge } from "./gitlabForge.ts";

const TOKEN = "glpat-events-test";
const PROJECT: PayloadProject = { id: 101, pathWithNamespace: "octo-org/lib" };
const ada = { login: "ada", id: 1010 };
const linus = { login: "linus", id: 1012 };

describe("GitLab's webhook payloads, read as the pipeline's closed changes and comments", () => {
  let dir: string;
  let gitlab: GitLabReplay;
  let forge: GitLabForge;
  let merge: string;
  const pulls = new Map<number, ReplayPullRequest>();

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-intake-gitlab-events-"));
    const repo = await GitRepository.init(path.join(dir, "repo"));
    const base = await repo.commit({ "README.md": "# lib\n" }, { message: "start" });
    await repo.checkout("feature", true);
    const head = await repo.commit({ "src/a.ts": "export const a = 1;\n" }, { message: "a" });
    await repo.checkout("main");
    merge = await repo.merge("feature", "Merge branch 'feature' into 'main'");
    pulls.set(1, { base, head, merge, mergedAt: "2026-11-02T12:00:00.000Z", author: ada, reviews: [] });
    pulls.set(2, { base, head, author: ada, reviews: [] });
    // Merged by fast-forward: GitLab names no merge commit.
    pulls.set(3, { base, head, mergedAt: "2026-11-02T13:00:00.000Z", author: ada, reviews: [] });
    gitlab = await startGitLabReplay({
      token: TOKEN,
      projects: new Map([[PROJECT.id, { dir: repo.dir, pulls, permissions: new Map() }]]),
    });
    forge = new GitLabForge({ token: TOKEN, host: gitlab.url });
  });
  after(async () => {
    await gitlab.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const hook = (iid: number, action: "merge" | "close", labels?: string[]) =>
    mergeRequestHook({
      project: PROJECT,
      iid,
      by: linus,
      authorId: ada.id,
      action,
      merge,
      ...(labels ? { labels } : {}),
    }) as unknown as MergeRequestHook;

  test("a merged merge request: its author (from the API, not the merger), merge, target, labels, clone URL and project", async () => {
    const change = await gitlabClosedChange(hook(1, "merge", ["coherence:skip"]), forge);
    assert.ok(change !== undefined && !("code" in change));
    const { api, ...rest } = change;
    assert.deepEqual(rest, {
      forge: "gitlab",
      repository: "gitlab.com/octo-org/lib",
      number: 1,
      mergeSha: merge,
      mergedAt: Date.UTC(2026, 10, 2, 12) / 1000,
      targetBranch: "main",
      defaultBranch: "main",
      author: { login: "ada", accountId: "1010", bot: false },
      labels: ["coherence:skip"],
      cloneUrl: "https://gitlab.com/octo-org/lib.git",
      address: { scope: 101, owner: "octo-org", name: "lib" },
    });
    assert.equal(await (await api()).firstParent(merge), pulls.get(1)!.base, "its API is the project's");
  });

  test("a merge request closed without merging is a change with no merge, for the merged-only gate to refuse", async () => {
    const change = await gitlabClosedChange(hook(2, "close"), forge);
    assert.ok(change !== undefined && !("code" in change));
    assert.equal(change.mergeSha, undefined);
    assert.equal(change.mergedAt, undefined);
  });

  test("a hook claiming a merge the merge request does not have is not a merge", async () => {
    const change = await gitlabClosedChange(hook(2, "merge"), forge);
    assert.ok(change !== undefined && !("code" in change));
    assert.equal(change.mergeSha, undefined, "the API says the merge request was closed, not merged");
  });

  test("a fast-forward merge (no merge commit) is the merge request's own range: its diff base to its head", async () => {
    const change = await gitlabClosedChange(hook(3, "merge"), forge);
    assert.ok(change !== undefined && !("code" in change));
    assert.equal(change.mergeSha, pulls.get(3)!.head);
    assert.equal(change.mergeBase, pulls.get(3)!.base);
    assert.equal(change.mergedAt, Date.parse("2026-11-02T13:00:00.000Z") / 1000);
  });

  test("a merge commit's range starts at its first parent, so the change names no base of its own", async () => {
    const change = await gitlabClosedChange(hook(1, "merge"), forge);
    assert.ok(change !== undefined && !("code" in change));
    assert.equal(change.mergeBase, undefined);
  });

  test("the hook's other actions (opened, updated, approved) are nothing to decide", async () => {
    for (const action of ["open", "update", "approved", "approval"]) {
      const payload = hook(1, "merge");
      payload.object_attributes.action = action;
      assert.equal(await gitlabClosedChange(payload, forge), undefined, action);
    }
  });

  test("a new comment on a merge request, by its author", () => {
    const payload = noteHook({ project: PROJECT, iid: 4, author: ada, body: "/ccn approve" }) as unknown as NoteHook;
    const comment = gitlabComment(payload, forge);
    assert.ok(comment !== undefined);
    const { api: _api, ...rest } = comment;
    assert.deepEqual(rest, {
      forge: "gitlab",
      repository: "gitlab.com/octo-org/lib",
      number: 4,
      onChangeRequest: true,
      author: { login: "ada", accountId: "1010", bot: false },
      body: "/ccn approve",
      defaultBranch: "main",
      cloneUrl: "https://gitlab.com/octo-org/lib.git",
      address: { scope: 101, owner: "octo-org", name: "lib" },
    });
  });

  test("edits, GitLab's system notes and comments on commits are not read as commands", () => {
    const note = () => noteHook({ project: PROJECT, iid: 4, author: ada, body: "/ccn unlink" }) as unknown as NoteHook;
    const edited = note();
    edited.object_attributes.action = "update";
    const system = note();
    system.object_attributes.system = true;
    const onCommit = note();
    onCommit.object_attributes.noteable_type = "Commit";
    for (const [what, payload] of [
      ["an edit", edited],
      ["a system note", system],
      ["a comment on a commit", onCommit],
    ] as const)
      assert.equal(gitlabComment(payload, forge), undefined, what);
    const older = note();
    delete older.object_attributes.action;
    assert.ok(gitlabComment(older, forge) !== undefined, "before GitLab 16.11 a Note Hook had no action: a new one");
  });

  test("access-token bot users are bots; people are not", () => {
    assert.equal(isGitLabBot("project_278964_bot_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d"), true);
    assert.equal(isGitLabBot("group_9970_bot2"), true);
    assert.equal(isGitLabBot("project_manager"), false);
    assert.equal(isGitLabBot("ada"), false);
  });
});
