/**
 * A static file server for published epoch manifests (with CORS, as a CDN would serve them), in this process.
 */
import { createReadStream, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";

export type StaticServer = { url: string; close(): Promise<void> };

/** Serves the files of `dir` (no listing, no parent paths) on a free port of 127.0.0.1. */
export async function serveDirectory(dir: string): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    res.setHeader("access-control-allow-origin", "*");
    const name = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname).replace(/^\/+/, "");
    const file = path.join(dir, name);
    if (name === "" || name.includes("..") || !file.startsWith(dir)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const stat = statSync(file);
      res.writeHead(200, { "content-type": "application/json", "content-length": stat.size });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no address");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
