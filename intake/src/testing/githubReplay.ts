/**
 * GitHub's REST API for tests, the one stand-in the intake's tests use (GitHub cannot be reached here): a local
 * HTTP server answering the endpoints the intake calls with responses of the recorded shapes in `github/*.json`,
 * filled from a real git repository (file contents, a pull request's commits and files, a commit's parents) and
 * from what the test says the world is (reviews, permissions). It checks authentication as GitHub does: the App's
 * JWT, signed with its private key, for an installation token; that token for everything else.
 */
import { execFile } from "node:child_process";
import { createPublicKey, createVerify, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";

import type { Permission } from "../forge/forge.ts";

const run = promisify(execFile);

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`github/${name}.json`, import.meta.url), "utf8"));

const TOKEN = fixture("installation-token").token as string;

export type ReplayAccount = { login: string; id: number; type?: "User" | "Bot" };
export type ReplayReview = { by: ReplayAccount; state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" };
export type ReplayPullRequest = { head: string; base: string; reviews: ReplayReview[] };

export type ReplayRepository = {
  /** A git repository on disk: what the contents, commits and files endpoints read. */
  dir: string;
  pulls: Map<number, ReplayPullRequest>;
  /** Collaborators' permissions; anyone else is not a collaborator (404, as GitHub answers). */
  permissions: Map<string, Permission>;
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

export type GitHubReplay = { url: string; requests: string[]; stop(): Promise<void> };

const git = async (dir: string, ...args: string[]) => (await run("git", args, { cwd: dir, maxBuffer: 1 << 24 })).stdout;

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

type Answer = { status: number; body: unknown };

const notFound = (): Answer => ({ status: 404, body: fixture("not-found") });

async function contents(repo: ReplayRepository, path: string, ref: string): Promise<Answer> {
  let text: Buffer;
  try {
    text = (await run("git", ["show", `${ref}:${path}`], { cwd: repo.dir, encoding: "buffer" })).stdout;
  } catch {
    return notFound();
  }
  const sha = (await git(repo.dir, "rev-parse", `${ref}:${path}`)).trim();
  return {
    status: 200,
    body: {
      ...fixture("content-file"),
      name: path.split("/").at(-1),
      path,
      sha,
      size: text.length,
      content: text.toString("base64"),
    },
  };
}

async function pullCommits(repo: ReplayRepository, pull: ReplayPullRequest): Promise<Answer> {
  const shas = (await git(repo.dir, "rev-list", "--reverse", `${pull.base}..${pull.head}`)).split("\n").filter(Boolean);
  const template = fixture("pull-request-commit");
  const commits = await Promise.all(
    shas.map(async (sha) => ({
      ...template,
      sha,
      commit: {
        ...(template.commit as object),
        message: (await git(repo.dir, "log", "-1", "--format=%B", sha)).trimEnd(),
      },
    })),
  );
  return { status: 200, body: commits };
}

const STATUS: Record<string, string> = { A: "added", M: "modified", D: "removed", R: "renamed" };

async function pullFiles(repo: ReplayRepository, pull: ReplayPullRequest): Promise<Answer> {
  const range = `${pull.base}...${pull.head}`;
  const numstat = (await git(repo.dir, "diff", "--numstat", "--no-renames", range)).split("\n").filter(Boolean);
  const statuses = (await git(repo.dir, "diff", "--name-status", "--no-renames", range)).split("\n").filter(Boolean);
  const template = fixture("pull-request-file");
  return {
    status: 200,
    body: numstat.map((line, i) => {
      const [additions, deletions, filename] = line.split("\t");
      return {
        ...template,
        filename,
        status: STATUS[statuses[i]![0]!] ?? "modified",
        additions: Number(additions),
        deletions: Number(deletions),
        changes: Number(additions) + Number(deletions),
      };
    }),
  };
}

async function commit(repo: ReplayRepository, ref: string): Promise<Answer> {
  let line: string;
  try {
    line = (await git(repo.dir, "rev-list", "--parents", "-n", "1", ref)).trim();
  } catch {
    return notFound();
  }
  const [sha, ...parents] = line.split(" ");
  return { status: 200, body: { ...fixture("commit"), sha, parents: parents.map((p) => ({ sha: p, url: "" })) } };
}

/** The repository endpoints the intake calls, by the path after `/repos/<owner>/<repo>/`. */
function repositoryRoutes(
  repo: ReplayRepository,
  url: URL,
): [RegExp, (groups: string[]) => Promise<Answer> | Answer][] {
  const pullOf = (number: string) => repo.pulls.get(Number(number));
  return [
    [/^contents\/(.+)$/, ([file]) => contents(repo, file!, url.searchParams.get("ref") ?? "HEAD")],
    [/^commits\/([^/]+)$/, ([ref]) => commit(repo, ref!)],
    [
      /^collaborators\/([^/]+)\/permission$/,
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
      /^pulls\/(\d+)\/commits$/,
      ([number]) => {
        const pull = pullOf(number!);
        return pull === undefined ? notFound() : pullCommits(repo, pull);
      },
    ],
    [
      /^pulls\/(\d+)\/files$/,
      ([number]) => {
        const pull = pullOf(number!);
        return pull === undefined ? notFound() : pullFiles(repo, pull);
      },
    ],
    [
      /^pulls\/(\d+)\/reviews$/,
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
  ];
}

async function answer(
  p: GitHubReplayParameters,
  publicKey: KeyObject,
  method: string,
  url: URL,
  authorization: string | undefined,
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
  if (match === null || repo === undefined || method !== "GET") return notFound();
  const rest = match[3]!;
  for (const [pattern, respond] of repositoryRoutes(repo, url)) {
    const found = pattern.exec(rest);
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
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://github");
    requests.push(`${request.method} ${url.pathname}`);
    request.resume();
    answer(p, publicKey, request.method ?? "GET", url, request.headers.authorization)
      .then(({ status, body }) =>
        response.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body)),
      )
      .catch((error: unknown) => response.writeHead(500).end(JSON.stringify({ message: (error as Error).message })));
  });
  await new Promise<void>((resolve) => server.listen(p.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
