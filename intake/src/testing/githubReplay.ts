/**
 * GitHub's REST API for tests, the one stand-in the intake's tests use (GitHub cannot be reached here): a local
 * HTTP server answering the endpoints the intake calls with responses of the recorded shapes in `github/*.json`,
 * filled from a real git repository (file contents, a pull request's commits and files, a commit's parents) and
 * from what the test says the world is (reviews, permissions). It checks authentication as GitHub does: the App's
 * JWT, signed with its private key, for an installation token; that token for everything else.
 */
import { createPublicKey, createVerify, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";

import type { Permission } from "../forge/forge.ts";
import { checkRunRoutes, type ReplayCheckRunLog } from "./replayCheckRuns.ts";
import { answerList, answerPost, type ReplayComment, type ReplayCommentLog } from "./replayComments.ts";
import {
  commitParents,
  fileAt,
  type ReplayAnswer,
  type ReplayServer,
  rangeCommits,
  rangeFiles,
  startReplayServer,
} from "./replayGit.ts";

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`github/${name}.json`, import.meta.url), "utf8"));

/** The installation token the replay gives the App, and takes for everything else. */
export const REPLAY_INSTALLATION_TOKEN = fixture("installation-token").token as string;
const TOKEN = REPLAY_INSTALLATION_TOKEN;

export type ReplayAccount = { login: string; id: number; type?: "User" | "Bot" };
export type ReplayReview = { by: ReplayAccount; state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" };
export type ReplayPullRequest = {
  head: string;
  base: string;
  reviews: ReplayReview[];
  /** Who opened it and its merge commit and time, when merged: what GitLab's merge request endpoint answers. */
  author?: ReplayAccount;
  merge?: string;
  mergedAt?: string;
  /** GitLab's replay only: an unmerged one is open, not closed. */
  open?: boolean;
};

export type ReplayRepository = {
  /** A git repository on disk: what the contents, commits and files endpoints read. */
  dir: string;
  pulls: Map<number, ReplayPullRequest>;
  /** Collaborators' permissions; anyone else is not a collaborator (404, as GitHub answers). */
  permissions: Map<string, Permission>;
  /** The comments posted on its change requests, and the comment endpoints' outage (made on the first comment). */
  commentLog?: ReplayCommentLog;
  /** The check runs published on its commits, and the Checks API's outage (`replayCheckRuns.ts`). */
  checkRunLog?: ReplayCheckRunLog;
};

export type GitHubReplayParameters = {
  appId: string;
  /** The App's private key (PEM): its public half checks the App's JWTs. */
  privateKey: string;
  /** By `owner/repo`. */
  repositories: Map<string, ReplayRepository>;
  /** The port to listen on (a free one unless told: a restarted replay keeps its predecessor's). */
  port?: number;
};

export type GitHubReplay = ReplayServer;

function userOf(account: ReplayAccount) {
  return {
    ...fixture("user"),
    login: account.login,
    id: account.id,
    type: account.type ?? "User",
    url: `https://api.github.com/users/${account.login}`,
    html_url: `https://github.com/${account.login}`,
  };
}

/** Whether `authorization` is `Bearer <the App's JWT>`, RS256-signed by its key, for this App, unexpired. */
function isAppJwt(authorization: string | undefined, publicKey: KeyObject, appId: string, now: number): boolean {
  const jwt = /^bearer (.+)$/i.exec(authorization ?? "")?.[1];
  const [header, payload, signature] = jwt?.split(".") ?? [];
  if (header === undefined || payload === undefined || signature === undefined) return false;
  const verifier = createVerify("RSA-SHA256");
  verifier.update(`${header}.${payload}`);
  if (!verifier.verify(publicKey, Buffer.from(signature, "base64url"))) return false;
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as { iss?: unknown; exp?: number };
  return String(claims.iss) === appId && (claims.exp ?? 0) > now;
}

type Answer = ReplayAnswer;

const notFound = (): Answer => ({ status: 404, body: fixture("not-found") });

async function contents(repo: ReplayRepository, path: string, ref: string): Promise<Answer> {
  const file = await fileAt(repo.dir, ref, path);
  if (file === undefined) return notFound();
  return {
    status: 200,
    body: {
      ...fixture("content-file"),
      name: path.split("/").at(-1),
      path,
      sha: file.sha,
      size: file.text.length,
      content: file.text.toString("base64"),
    },
  };
}

async function pullCommits(repo: ReplayRepository, pull: ReplayPullRequest): Promise<Answer> {
  const template = fixture("pull-request-commit");
  const commits = (await rangeCommits(repo.dir, pull.base, pull.head)).map(({ sha, message }) => ({
    ...template,
    sha,
    commit: { ...(template.commit as object), message },
  }));
  return { status: 200, body: commits };
}

const STATUS: Record<string, string> = { A: "added", M: "modified", D: "removed" };

async function pullFiles(repo: ReplayRepository, pull: ReplayPullRequest): Promise<Answer> {
  const template = fixture("pull-request-file");
  return {
    status: 200,
    body: (await rangeFiles(repo.dir, pull.base, pull.head)).map((f) => ({
      ...template,
      filename: f.path,
      status: STATUS[f.status] ?? "modified",
      additions: f.additions,
      deletions: f.deletions,
      changes: f.additions + f.deletions,
    })),
  };
}

/** A pull request as `GET /pulls/{number}` answers: open until the test merges it. */
function pullRequest(number: number, pull: ReplayPullRequest): Answer {
  const template = fixture("pull-request") as Record<string, Record<string, unknown>>;
  const merged = pull.merge !== undefined;
  return {
    status: 200,
    body: {
      ...template,
      number,
      state: merged ? "closed" : "open",
      merged,
      merge_commit_sha: pull.merge ?? null,
      user: userOf(pull.author ?? { login: "octocat", id: 1 }),
      labels: [],
      head: { ...template.head, sha: pull.head },
      base: { ...template.base, ref: "main", sha: pull.base },
    },
  };
}

async function commit(repo: ReplayRepository, ref: string): Promise<Answer> {
  const found = await commitParents(repo.dir, ref);
  if (found === undefined) return notFound();
  const parents = found.parents.map((p) => ({ sha: p, url: "" }));
  return { status: 200, body: { ...fixture("commit"), sha: found.sha, parents } };
}

/** The App's comment, as GitHub answers for an issue comment. */
const issueComment = (c: ReplayComment) => ({
  ...fixture("issue-comment"),
  id: c.id,
  body: c.body,
  user: userOf({ login: "coherence-intake[bot]", id: 9000, type: "Bot" }),
  created_at: c.createdAt,
  updated_at: c.createdAt,
});

const NO_BODY: Answer = { status: 422, body: { message: 'Invalid request.\n\n"body" wasn\'t supplied.' } };

/**
 * The repository endpoints the intake calls, by `<method> <the path after /repos/<owner>/<repo>/>`. A pull
 * request's comments are its issue's, so they answer for any number.
 */
function repositoryRoutes(
  repo: ReplayRepository,
  url: URL,
  body: string,
): [RegExp, (groups: string[]) => Promise<Answer> | Answer][] {
  const pullOf = (number: string) => repo.pulls.get(Number(number));
  return [
    [/^GET contents\/(.+)$/, ([file]) => contents(repo, file!, url.searchParams.get("ref") ?? "HEAD")],
    [/^GET commits\/([^/]+)$/, ([ref]) => commit(repo, ref!)],
    [
      /^GET collaborators\/([^/]+)\/permission$/,
      ([login]) => {
        const permission = repo.permissions.get(login!);
        if (permission === undefined) return notFound();
        const user = userOf({ login: login!, id: 0 });
        return {
          status: 200,
          body: { ...fixture("collaborator-permission"), permission, role_name: permission, user },
        };
      },
    ],
    [
      /^GET pulls\/(\d+)$/,
      ([number]) => {
        const pull = pullOf(number!);
        return pull === undefined ? notFound() : pullRequest(Number(number), pull);
      },
    ],
    [
      /^GET pulls\/(\d+)\/commits$/,
      ([number]) => {
        const pull = pullOf(number!);
        return pull === undefined ? notFound() : pullCommits(repo, pull);
      },
    ],
    [
      /^GET pulls\/(\d+)\/files$/,
      ([number]) => {
        const pull = pullOf(number!);
        return pull === undefined ? notFound() : pullFiles(repo, pull);
      },
    ],
    [
      /^GET pulls\/(\d+)\/reviews$/,
      ([number]) => {
        const pull = pullOf(number!);
        if (pull === undefined) return notFound();
        const review = fixture("review");
        const reviews = pull.reviews.map((r, i) => ({
          ...review,
          id: i + 1,
          user: userOf(r.by),
          state: r.state,
          commit_id: pull.head,
        }));
        return { status: 200, body: reviews };
      },
    ],
    [/^GET issues\/(\d+)\/comments$/, ([number]) => answerList(repo.commentLog, Number(number), issueComment)],
    [/^POST issues\/(\d+)\/comments$/, ([number]) => answerPost(repo, Number(number), body, issueComment, NO_BODY)],
    ...checkRunRoutes(repo, url, body),
  ];
}

async function answer(
  p: GitHubReplayParameters,
  publicKey: KeyObject,
  method: string,
  url: URL,
  authorization: string | undefined,
  body: string,
): Promise<Answer> {
  const path = decodeURIComponent(url.pathname);
  if (method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
    if (!isAppJwt(authorization, publicKey, p.appId, Math.floor(Date.now() / 1000)))
      return { status: 401, body: { message: "A JSON web token could not be decoded" } };
    return { status: 201, body: fixture("installation-token") };
  }
  if (authorization !== `token ${TOKEN}`) return { status: 401, body: { message: "Bad credentials" } };
  const match = /^\/repos\/([^/]+)\/([^/]+)\/(.+)$/.exec(path);
  const repo = match === null ? undefined : p.repositories.get(`${match[1]}/${match[2]}`);
  if (match === null || repo === undefined) return notFound();
  const route = `${method} ${match[3]!}`;
  for (const [pattern, respond] of repositoryRoutes(repo, url, body)) {
    const found = pattern.exec(route);
    if (found !== null) return respond(found.slice(1));
  }
  return notFound();
}

/**
 * @example
 * const github = await startGitHubReplay({ appId, privateKey, repositories });
 * // CCN_GITHUB_API_URL=github.url
 */
export async function startGitHubReplay(p: GitHubReplayParameters): Promise<GitHubReplay> {
  const publicKey = createPublicKey(p.privateKey);
  return startReplayServer(
    ({ method, url, headers, body }) =>
      answer(p, publicKey, method, url, headers.authorization as string | undefined, body),
    p.port,
  );
}
