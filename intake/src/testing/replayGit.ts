/**
 * What the forges' replayed APIs (`githubReplay.ts`, `gitlabReplay.ts`) read from a real git repository: a file at
 * a ref, the commits and changed files of a range as a change request has them, a commit's parents, and the
 * local HTTP server both answer from. Each replay wraps these in its forge's recorded response shapes.
 */
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";

const run = promisify(execFile);

export const git = async (dir: string, ...args: string[]) =>
  (await run("git", args, { cwd: dir, maxBuffer: 1 << 24 })).stdout;

/** The file's bytes and blob id at `ref`, or undefined when it does not exist there. */
export async function fileAt(
  dir: string,
  ref: string,
  path: string,
): Promise<{ text: Buffer; sha: string } | undefined> {
  let text: Buffer;
  try {
    text = (await run("git", ["show", `${ref}:${path}`], { cwd: dir, encoding: "buffer" })).stdout;
  } catch {
    return undefined;
  }
  return { text, sha: (await git(dir, "rev-parse", `${ref}:${path}`)).trim() };
}

/** The commits `base..head`, oldest first, with their full messages. */
export async function rangeCommits(dir: string, base: string, head: string) {
  const shas = (await git(dir, "rev-list", "--reverse", `${base}..${head}`)).split("\n").filter(Boolean);
  return Promise.all(
    shas.map(async (sha) => ({ sha, message: (await git(dir, "log", "-1", "--format=%B", sha)).trimEnd() })),
  );
}

export type RangeFile = { path: string; status: "A" | "M" | "D"; additions: number; deletions: number };

/** The files `head` changes since its merge base with `base` (what a change request shows), renames as add+delete. */
export async function rangeFiles(dir: string, base: string, head: string): Promise<RangeFile[]> {
  const range = `${base}...${head}`;
  const numstat = (await git(dir, "diff", "--numstat", "--no-renames", range)).split("\n").filter(Boolean);
  const statuses = (await git(dir, "diff", "--name-status", "--no-renames", range)).split("\n").filter(Boolean);
  return numstat.map((line, i) => {
    const [additions, deletions, path] = line.split("\t");
    return {
      path: path!,
      status: statuses[i]![0] as RangeFile["status"],
      additions: Number(additions),
      deletions: Number(deletions),
    };
  });
}

/** One file's unified diff in the range, from its first hunk (without git's `diff --git`/`---`/`+++` header). */
export async function rangeFileDiff(dir: string, base: string, head: string, path: string): Promise<string> {
  const diff = await git(dir, "diff", "--no-renames", "--no-color", `${base}...${head}`, "--", path);
  const hunk = diff.indexOf("@@");
  return hunk === -1 ? "" : diff.slice(hunk);
}

/** The commit `ref` names and its parents, or undefined when there is none. */
export async function commitParents(dir: string, ref: string): Promise<{ sha: string; parents: string[] } | undefined> {
  let line: string;
  try {
    line = (await git(dir, "rev-list", "--parents", "-n", "1", ref)).trim();
  } catch {
    return undefined;
  }
  const [sha, ...parents] = line.split(" ");
  return { sha: sha!, parents };
}

export type ReplayAnswer = { status: number; body: unknown; headers?: Record<string, string> };

export type ReplayServer = { url: string; requests: string[]; stop(): Promise<void> };

/**
 * A local HTTP server answering each request with `answer`'s JSON, listening on `port` of 127.0.0.1 (a free one
 * unless told: a restarted replay keeps its predecessor's). Every request is listed, `METHOD /path`.
 */
export async function startReplayServer(
  answer: (request: {
    method: string;
    url: URL;
    headers: Record<string, string | string[] | undefined>;
    /** The request's body, as text (empty for a GET). */
    body: string;
  }) => Promise<ReplayAnswer>,
  port = 0,
): Promise<ReplayServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://replay");
    requests.push(`${request.method} ${url.pathname}`);
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    new Promise<void>((resolve, reject) => request.on("end", resolve).on("error", reject))
      .then(() =>
        answer({
          method: request.method ?? "GET",
          url,
          headers: request.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      )
      .then(({ status, body, headers }) =>
        response
          .writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers })
          .end(JSON.stringify(body)),
      )
      .catch((error: unknown) => response.writeHead(500).end(JSON.stringify({ message: (error as Error).message })));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
