/**
 * A trustless IPFS gateway (https://specs.ipfs.tech/http-gateways/trustless-gateway/) over a directory of CAR files
 * named `<cid>.car`, as `packCar` writes them: `GET /ipfs/<cid>?format=car` (or `Accept: application/vnd.ipld.car`)
 * answers the CAR of the file `<cid>`; with `entity-bytes=from:to` only the blocks that hold those bytes (the root,
 * the nodes on the way, the leaves that overlap; `dag-scope=block`: the root alone), which is how one account's
 * slice is read without the whole manifest; and `?format=raw` (or `Accept: application/vnd.ipld.raw`) any one block of
 * them. What `npm start` serves its epochs' manifests from; a client verifies what it gets (verifiedFetch), so this
 * server is trusted with nothing. Blocks are located by indexing each CAR once, when a request first needs it.
 */
import { createReadStream } from "node:fs";
import { type FileHandle, open, readdir } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import {
  type ByteRange,
  CAR_MEDIA_TYPE,
  CarVerificationError,
  carBlock,
  carHeader,
  cidOf,
  fileBytesOf,
  RAW_MEDIA_TYPE,
  walkFileRange,
} from "@coherence/protocol/ipfs";
import { CarIndexer } from "@ipld/car";

type BlockLocation = { file: string; offset: number; length: number };

const CAR_CONTENT_TYPE = `${CAR_MEDIA_TYPE}; version=1; order=dfs; dups=n`;

/**
 * The bytes an `entity-bytes=from:to` names in a file of `fileBytes` (inclusive bounds, `*` for the end, a negative
 * bound counted from the end), or a reason it names none; undefined when the request has no such parameter.
 */
export function entityBytesRange(value: string | null, fileBytes: number): ByteRange | string | undefined {
  if (value === null) return undefined;
  const match = /^(-?\d+):(-?\d+|\*)$/.exec(value);
  if (match === null) return `entity-bytes must be from:to (integers, or * for the end), not "${value}".`;
  const bound = (text: string) => {
    const n = Number(text);
    return n < 0 ? Math.max(fileBytes + n, 0) : n;
  };
  const from = bound(match[1] as string);
  const to = match[2] === "*" ? fileBytes - 1 : Math.min(bound(match[2] as string), fileBytes - 1);
  if (from >= fileBytes || to < from) return `entity-bytes=${value} is outside the file's ${fileBytes} bytes.`;
  return { offset: from, length: to - from + 1 };
}

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
      const bytes = await readBlock(block);
      response.writeHead(200, {
        "content-type": RAW_MEDIA_TYPE,
        "content-length": block.length,
        ...immutable(cid, "raw"),
      });
      response.end(bytes);
      return;
    }
    const carFile = path.join(directory, `${cid}.car`);
    if (block === undefined || block.file !== carFile) return refuse(response, 404, `No CAR of ${cid} here.`);
    const scope = url.searchParams.get("dag-scope") ?? "all";
    if (!["all", "entity", "block"].includes(scope))
      return refuse(response, 400, `dag-scope is all, entity or block, not "${scope}".`);
    const entityBytes = url.searchParams.get("entity-bytes");
    if (entityBytes === null && scope !== "block") {
      // The whole file (`entity` of a file is all of it): the CAR as packed.
      response.writeHead(200, { "content-type": CAR_CONTENT_TYPE, ...immutable(cid, `car.${scope}`) });
      createReadStream(carFile).pipe(response);
      return;
    }
    // The file's CAR holds every block of it (a block another CAR also holds may be located there): one open.
    const handle = await open(carFile);
    const sections: Uint8Array[] = [];
    let range: ByteRange | string | undefined;
    try {
      const read = (location: BlockLocation) => readBlock(location, location.file === carFile ? handle : undefined);
      const rootBytes = await read(block);
      const root = cidOf(cid);
      range = entityBytesRange(entityBytes, Number(fileBytesOf(root, rootBytes)));
      if (typeof range === "string") return refuse(response, 400, range);
      sections.push(carHeader(root));
      const sent = new Set<string>();
      if (range === undefined) sections.push(carBlock(root, rootBytes));
      else
        await walkFileRange(
          root,
          range,
          async (node) => {
            const location = blocks.get(node.toString());
            return location === undefined ? undefined : read(location);
          },
          ({ cid: node, bytes }) => {
            if (sent.has(node.toString())) return;
            sent.add(node.toString());
            sections.push(carBlock(node, bytes));
          },
        );
    } finally {
      await handle.close();
    }
    const body = Buffer.concat(sections);
    const etag = range === undefined ? "car.block" : `car.${range.offset}-${range.offset + range.length - 1}`;
    response.writeHead(200, {
      "content-type": CAR_CONTENT_TYPE,
      "content-length": body.length,
      ...immutable(cid, etag),
    });
    response.end(body);
  }

  /** A block's bytes, through `handle` when its file is open already. */
  async function readBlock(location: BlockLocation, handle?: FileHandle): Promise<Uint8Array> {
    const file = handle ?? (await open(location.file));
    try {
      const bytes = new Uint8Array(location.length);
      await file.read(bytes, 0, location.length, location.offset);
      return bytes;
    } finally {
      if (handle === undefined) await file.close();
    }
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      // A block of the file missing from its CAR: the gateway does not hold the file whole.
      if (!response.headersSent && error instanceof CarVerificationError) refuse(response, 404, error.shortMessage);
      else if (!response.headersSent) refuse(response, 500, `The gateway failed: ${(error as Error).message}`);
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
