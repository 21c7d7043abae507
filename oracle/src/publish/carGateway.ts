/**
 * A trustless IPFS gateway (https://specs.ipfs.tech/http-gateways/trustless-gateway/) over a directory of CAR files
 * named `<cid>.car`, as `packCar` writes them: `GET /ipfs/<cid>?format=car` (or `Accept: application/vnd.ipld.car`)
 * answers the CAR of the file `<cid>`, and `?format=raw` (or `Accept: application/vnd.ipld.raw`) any one block of
 * them. What `npm start` serves its epochs' manifests from; a client verifies what it gets (verifiedFetch), so this
 * server is trusted with nothing. Blocks are located by indexing each CAR once, when a request first needs it.
 */
import { createReadStream } from "node:fs";
import { open, readdir } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { CAR_MEDIA_TYPE, cidOf } from "@coherence/protocol/ipfs";
import { CarIndexer } from "@ipld/car";

const RAW_MEDIA_TYPE = "application/vnd.ipld.raw";

type BlockLocation = { file: string; offset: number; length: number };

export type CarGateway = { server: Server; url: string; close: () => Promise<void> };

/**
 * Serves `directory`'s CARs on `host:port` (port 0: any free one).
 *
 * @example
 * const gateway = await startCarGateway({ directory: "manifests/car", port: 19490 });
 * await fetch(`${gateway.url}/ipfs/${cid}?format=car`);
 */
export async function startCarGateway(parameters: {
  directory: string;
  host?: string;
  port?: number;
}): Promise<CarGateway> {
  const directory = path.resolve(parameters.directory);
  const blocks = new Map<string, BlockLocation>();
  const indexed = new Set<string>();

  async function locate(cid: string): Promise<BlockLocation | undefined> {
    if (!blocks.has(cid)) {
      const names = await readdir(directory).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.endsWith(".car") && !indexed.has(n)).sort()) {
        const file = path.join(directory, name);
        const indexer = await CarIndexer.fromIterable(createReadStream(file));
        for await (const block of indexer) {
          blocks.set(block.cid.toString(), { file, offset: block.blockOffset, length: block.blockLength });
        }
        indexed.add(name);
      }
    }
    return blocks.get(cid);
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://gateway");
    const match = /^\/ipfs\/([^/]+)$/.exec(url.pathname);
    if (request.method !== "GET" || match === null)
      return refuse(response, 404, "Not found: the gateway serves GET /ipfs/<cid>.");
    let cid: string;
    try {
      cid = cidOf(match[1] as string).toString();
    } catch {
      return refuse(response, 400, `"${match[1]}" is not a CID.`);
    }
    const accept = request.headers.accept ?? "";
    const format =
      url.searchParams.get("format") ??
      (accept.includes(CAR_MEDIA_TYPE) ? "car" : accept.includes(RAW_MEDIA_TYPE) ? "raw" : null);
    if (format !== "car" && format !== "raw") {
      return refuse(
        response,
        406,
        "A trustless gateway answers ?format=car or ?format=raw (or the Accept header's media type).",
      );
    }
    const block = await locate(cid);
    if (format === "raw") {
      if (block === undefined) return refuse(response, 404, `No block ${cid} here.`);
      const file = await open(block.file);
      try {
        const bytes = new Uint8Array(block.length);
        await file.read(bytes, 0, block.length, block.offset);
        response.writeHead(200, {
          "content-type": RAW_MEDIA_TYPE,
          "content-length": block.length,
          ...immutable(cid, "raw"),
        });
        response.end(bytes);
      } finally {
        await file.close();
      }
      return;
    }
    const carFile = path.join(directory, `${cid}.car`);
    if (block === undefined || block.file !== carFile) return refuse(response, 404, `No CAR of ${cid} here.`);
    response.writeHead(200, {
      "content-type": `${CAR_MEDIA_TYPE}; version=1; order=dfs; dups=n`,
      ...immutable(cid, "car"),
    });
    createReadStream(carFile).pipe(response);
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      if (!response.headersSent) refuse(response, 500, `The gateway failed: ${(error as Error).message}`);
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(parameters.port ?? 0, parameters.host ?? "127.0.0.1", resolve);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the gateway has no TCP address");
  return {
    server,
    url: `http://${parameters.host ?? "127.0.0.1"}:${address.port}`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

// A CID's content never changes, so any cache may keep the answer; CORS open because every answer is verified.
function immutable(cid: string, format: string): Record<string, string> {
  return {
    "cache-control": "public, max-age=29030400, immutable",
    etag: `"${cid}.${format}"`,
    "x-ipfs-roots": cid,
    "access-control-allow-origin": "*",
    "x-content-type-options": "nosniff",
  };
}

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { "content-type": "application/json", "access-control-allow-origin": "*" });
  response.end(`${JSON.stringify({ error: { message } })}\n`);
}
