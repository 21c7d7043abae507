/**
 * A private repository over git's smart HTTP protocol, for tests: `git http-backend` as CGI behind a local
 * `node:http` server that answers 401 to any request without the expected `Authorization` header, as a forge does
 * for a private repository. Every request is listed with whether it carried the header.
 */
import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type GitHttpRequest = { method: string; path: string; authorized: boolean };

export type GitHttpServer = {
  /** `http://127.0.0.1:<port>`: a repository `<root>/<name>` is `<url>/<name>`. */
  url: string;
  requests: GitHttpRequest[];
  stop(): Promise<void>;
};

export type GitHttpServerParameters = {
  /** The directory whose repositories (bare or not) it serves, by their directory names. */
  root: string;
  /** The whole `Authorization` header value a request must carry, e.g. `Basic eC1hY2Nlc3MtdG9rZW46…`. */
  authorization: string;
  /** Called as each request arrives and waited for before it is answered: while the fetching git waits. */
  onRequest?: (request: GitHttpRequest) => void | Promise<void>;
};

/** The CGI response's header block, parsed; the rest of `output` is its body. */
function cgiResponse(output: Buffer): { status: number; headers: Record<string, string>; body: Buffer } {
  const end = output.indexOf("\r\n\r\n");
  const split = end === -1 ? output.indexOf("\n\n") : end;
  const headerText = output.subarray(0, split).toString("latin1");
  const body = output.subarray(split + (end === -1 ? 2 : 4));
  const headers: Record<string, string> = {};
  let status = 200;
  for (const line of headerText.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
    else headers[name] = value;
  }
  return { status, headers, body };
}

async function serve(
  p: GitHttpServerParameters,
  requests: GitHttpRequest[],
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://git");
  const seen = {
    method: request.method ?? "GET",
    path: url.pathname,
    authorized: request.headers.authorization === p.authorization,
  };
  requests.push(seen);
  await p.onRequest?.(seen);
  if (!seen.authorized) {
    request.resume();
    response.writeHead(401, { "www-authenticate": 'Basic realm="private"' }).end("Unauthorized\n");
    return;
  }
  const backend = spawn("git", ["http-backend"], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: p.root,
      GIT_HTTP_EXPORT_ALL: "1",
      REQUEST_METHOD: seen.method,
      PATH_INFO: url.pathname,
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: request.headers["content-type"] ?? "",
      REMOTE_USER: "intake",
      REMOTE_ADDR: "127.0.0.1",
      ...(request.headers["content-encoding"] === undefined
        ? {}
        : { HTTP_CONTENT_ENCODING: request.headers["content-encoding"] }),
      ...(typeof request.headers["git-protocol"] === "string" ? { GIT_PROTOCOL: request.headers["git-protocol"] } : {}),
    },
  });
  const output: Buffer[] = [];
  backend.stdout.on("data", (chunk: Buffer) => output.push(chunk));
  backend.stderr.resume();
  request.pipe(backend.stdin);
  backend.on("close", () => {
    const { status, headers, body } = cgiResponse(Buffer.concat(output));
    response.writeHead(status, headers).end(body);
  });
}

/**
 * @example
 * const git = await startGitHttpServer({ root: forgeDir, authorization: `Basic ${btoa("x-access-token:ghs_…")}` });
 * // git fetch fails without the header: `${git.url}/lib.git`
 */
export async function startGitHttpServer(p: GitHttpServerParameters): Promise<GitHttpServer> {
  const requests: GitHttpRequest[] = [];
  const server: Server = createServer((request, response) => {
    serve(p, requests, request, response).catch((error: Error) => response.writeHead(500).end(error.message));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
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
