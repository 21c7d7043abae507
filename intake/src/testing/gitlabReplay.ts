/**
 * GitLab's REST API (v4) for tests, beside `githubReplay.ts` and for the same reason (GitLab cannot be reached
 * here): a local HTTP server answering the endpoints `GitLabForge` calls with responses of the recorded shapes in
 * `gitlab/*.json`, filled from a real git repository (files, a merge request's commits and diffs, a commit's
 * parents) and from what the test says the world is (who opened and merged a merge request, who approved it, who
 * is a member with which role). It reads the same `ReplayRepository` as the GitHub replay: an approving review is
 * an approval, a permission a member's access level. It checks the token as GitLab does: `PRIVATE-TOKEN`.
 */
import { readFileSync } from "node:fs";

import type { Permission } from "../forge/forge.ts";
import type { ReplayAccount, ReplayPullRequest, ReplayRepository } from "./githubReplay.ts";
import { answerEdit, answerList, answerPost, type ReplayComment } from "./replayComments.ts";
import {
  commitParents,
  fileAt,
  type ReplayAnswer,
  type ReplayServer,
  rangeCommits,
  rangeFileDiff,
  rangeFiles,
  startReplayServer,
} from "./replayGit.ts";

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`gitlab/${name}.json`, import.meta.url), "utf8"));

export type GitLabReplayParameters = {
  /** The access token the intake must send. */
  token: string;
  /** By project id. */
  projects: Map<number, ReplayRepository>;
  port?: number;
};

export type GitLabReplay = ReplayServer;

/** Each permission as the access level GitLab gives it (the inverse of `permissionOfAccessLevel`). */
const ACCESS_LEVEL: Record<Permission, number> = { none: 0, read: 10, triage: 20, write: 30, maintain: 40, admin: 50 };

const notFound = (): ReplayAnswer => ({ status: 404, body: fixture("not-found") });

const userOf = (account: ReplayAccount) => ({
  id: account.id,
  username: account.login,
  name: account.login,
  state: "active",
  avatar_url: `https://gitlab.com/uploads/-/system/user/avatar/${account.id}/avatar.png`,
  web_url: `https://gitlab.com/${account.login}`,
});

async function repositoryFile(repo: ReplayRepository, path: string, ref: string): Promise<ReplayAnswer> {
  const file = await fileAt(repo.dir, ref, path);
  if (file === undefined) return notFound();
  return {
    status: 200,
    body: {
      ...fixture("repository-file"),
      file_name: path.split("/").at(-1),
      file_path: path,
      size: file.text.length,
      content: file.text.toString("base64"),
      ref,
      blob_id: file.sha,
    },
  };
}

function mergeRequest(iid: number, mr: ReplayPullRequest): ReplayAnswer {
  const author = mr.author === undefined ? null : userOf(mr.author);
  // A merge time without a merge commit is a fast-forward merge. The test's unmerged ones are closed unless it
  // says they are open (what a preview asks).
  const merged = mr.merge !== undefined || mr.mergedAt !== undefined;
  const unmerged = mr.open === true ? "opened" : "closed";
  return {
    status: 200,
    body: {
      ...fixture("merge-request"),
      iid,
      state: merged ? "merged" : unmerged,
      // The test's repositories' default branch, which every merge request of theirs targets.
      target_branch: "main",
      author,
      merged_at: merged ? (mr.mergedAt ?? "2026-11-02T12:00:00.000Z") : null,
      merge_commit_sha: mr.merge ?? null,
      sha: mr.head,
      diff_refs: { base_sha: mr.base, head_sha: mr.head, start_sha: mr.base },
    },
  };
}

function approvals(iid: number, mr: ReplayPullRequest): ReplayAnswer {
  const approved = mr.reviews.filter((r) => r.state === "APPROVED").map((r) => ({ user: userOf(r.by) }));
  return { status: 200, body: { ...fixture("merge-request-approvals"), iid, approved_by: approved } };
}

async function commits(repo: ReplayRepository, mr: ReplayPullRequest): Promise<ReplayAnswer> {
  const template = fixture("merge-request-commit");
  const made = await rangeCommits(repo.dir, mr.base, mr.head);
  // GitLab lists a merge request's commits newest first.
  const body = made.reverse().map(({ sha, message }) => ({
    ...template,
    id: sha,
    short_id: sha.slice(0, 11),
    title: message.split("\n")[0],
    message,
  }));
  return { status: 200, body };
}

async function diffs(repo: ReplayRepository, mr: ReplayPullRequest): Promise<ReplayAnswer> {
  const template = fixture("merge-request-diff");
  const files = await rangeFiles(repo.dir, mr.base, mr.head);
  const body = await Promise.all(
    files.map(async (f) => ({
      ...template,
      old_path: f.path,
      new_path: f.path,
      diff: await rangeFileDiff(repo.dir, mr.base, mr.head, f.path),
      new_file: f.status === "A",
      deleted_file: f.status === "D",
      renamed_file: false,
    })),
  );
  return { status: 200, body };
}

async function commit(repo: ReplayRepository, sha: string): Promise<ReplayAnswer> {
  const found = await commitParents(repo.dir, sha);
  if (found === undefined) return notFound();
  return {
    status: 200,
    body: { ...fixture("commit"), id: found.sha, short_id: found.sha.slice(0, 11), parent_ids: found.parents },
  };
}

/** The intake's note, as GitLab answers for a merge request note: by the access token's bot user. */
const note = (iid: number) => (c: ReplayComment) => ({
  ...fixture("merge-request-note"),
  id: c.id,
  body: c.body,
  author: userOf({ login: "project_101_bot_3f2a", id: 9000 }),
  created_at: c.createdAt,
  updated_at: c.createdAt,
  noteable_iid: iid,
});

const NO_BODY: ReplayAnswer = { status: 400, body: { message: "400 Bad request - body is missing" } };

/** Members whose username contains `query`, as GitLab's loose search finds them; each id is the replay's. */
function members(repo: ReplayRepository, query: string): ReplayAnswer {
  const template = fixture("project-member");
  const body = [...repo.permissions]
    .filter(([login]) => login.toLowerCase().includes(query.toLowerCase()))
    .map(([login, permission], i) => ({
      ...template,
      ...userOf({ login, id: 900 + i }),
      access_level: ACCESS_LEVEL[permission],
    }));
  return { status: 200, body };
}

/**
 * The project endpoints the intake calls, by `<method> <the path after /api/v4/projects/<id>/>` (segments still
 * encoded).
 */
function projectRoutes(
  repo: ReplayRepository,
  url: URL,
  body: string,
): [RegExp, (groups: string[]) => Promise<ReplayAnswer> | ReplayAnswer][] {
  const withMergeRequest = (iid: string, respond: (mr: ReplayPullRequest) => Promise<ReplayAnswer> | ReplayAnswer) => {
    const mr = repo.pulls.get(Number(iid));
    return mr === undefined ? notFound() : respond(mr);
  };
  return [
    [
      /^GET repository\/files\/([^/]+)$/,
      ([file]) => repositoryFile(repo, decodeURIComponent(file!), url.searchParams.get("ref") ?? "HEAD"),
    ],
    [/^GET repository\/commits\/([^/]+)$/, ([sha]) => commit(repo, decodeURIComponent(sha!))],
    [/^GET merge_requests\/(\d+)$/, ([iid]) => withMergeRequest(iid!, (mr) => mergeRequest(Number(iid), mr))],
    [/^GET merge_requests\/(\d+)\/approvals$/, ([iid]) => withMergeRequest(iid!, (mr) => approvals(Number(iid), mr))],
    [/^GET merge_requests\/(\d+)\/commits$/, ([iid]) => withMergeRequest(iid!, (mr) => commits(repo, mr))],
    [/^GET merge_requests\/(\d+)\/diffs$/, ([iid]) => withMergeRequest(iid!, (mr) => diffs(repo, mr))],
    [
      /^GET merge_requests\/(\d+)\/notes$/,
      ([iid]) => withMergeRequest(iid!, () => answerList(repo.commentLog, Number(iid), note(Number(iid)))),
    ],
    [
      /^POST merge_requests\/(\d+)\/notes$/,
      ([iid]) => withMergeRequest(iid!, () => answerPost(repo, Number(iid), body, note(Number(iid)), NO_BODY)),
    ],
    [
      /^PUT merge_requests\/(\d+)\/notes\/(\d+)$/,
      ([iid, id]) =>
        withMergeRequest(iid!, () => answerEdit(repo, Number(iid), Number(id), body, note(Number(iid)), NO_BODY)),
    ],
    [/^GET members\/all$/, () => members(repo, url.searchParams.get("query") ?? "")],
  ];
}

/**
 * @example
 * const gitlab = await startGitLabReplay({ token, projects: new Map([[101, replayRepository]]) });
 * // CCN_GITLAB_API_URL=gitlab.url CCN_GITLAB_TOKEN=token
 */
export function startGitLabReplay(p: GitLabReplayParameters): Promise<GitLabReplay> {
  return startReplayServer(async ({ method, url, headers, body }) => {
    if (headers["private-token"] !== p.token) return { status: 401, body: fixture("unauthorized") };
    const match = /^\/api\/v4\/projects\/(\d+)\/(.+)$/.exec(url.pathname);
    const repo = match === null ? undefined : p.projects.get(Number(match[1]));
    if (match === null || repo === undefined) return notFound();
    for (const [pattern, respond] of projectRoutes(repo, url, body)) {
      const found = pattern.exec(`${method} ${match[2]!}`);
      if (found !== null) return respond(found.slice(1));
    }
    return notFound();
  }, p.port);
}
