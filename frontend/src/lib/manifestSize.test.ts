import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { byteSize, publishedSize } from "./manifestSize.ts";

// A real HTTP server: one path answers with its length, one without (chunked), one 404.
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/epoch-2.json") return res.writeHead(200, { "content-length": "1260000000" }).end();
    if (req.url === "/chunked.json") {
      res.writeHead(200, { "transfer-encoding": "chunked" });
      return res.end();
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("publishedSize", () => {
  test("is the server's Content-Length for a HEAD request, and unknown when it does not say or fails", async () => {
    expect(await publishedSize(`${url}/epoch-2.json`)).toBe(1_260_000_000);
    expect(await publishedSize(`${url}/chunked.json`)).toBeUndefined();
    expect(await publishedSize(`${url}/missing.json`)).toBeUndefined();
    expect(await publishedSize("http://127.0.0.1:1/epoch-2.json")).toBeUndefined();
  });
});

describe("byteSize", () => {
  test("decimal units, as download sizes are shown", () => {
    expect([980, 1_500, 412_000, 1_260_000_000, 25_000_000].map(byteSize)).toEqual([
      "980 bytes",
      "1.5 kB",
      "412 kB",
      "1.3 GB",
      "25 MB",
    ]);
  });
});
