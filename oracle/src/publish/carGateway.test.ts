import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import {
  CAR_MEDIA_TYPE,
  CarVerificationError,
  GatewaysExhaustedError,
  GatewayUnavailableError,
  verifiedFetch,
  verifiedFetchRange,
  verifiedFileReader,
  verifiedFileStream,
} from "@coherence/protocol/ipfs";
import { workedManifest } from "../manifest/workedManifest.ts";
import { manifestBytes } from "../manifest/writeManifest.ts";
import { type CarGateway, entityBytesRange, startCarGateway } from "./carGateway.ts";
import { MANIFEST_BLOCK_BYTES, packCar } from "./packCar.ts";

const directory = await mkdtemp(path.join(tmpdir(), "ccn-car-gateway-"));
const manifest = new Uint8Array((await manifestBytes(workedManifest())).bytes);
let cid: string;
// A file of six blocks as manifests are packed, so a range is a part of it.
const BLOCK = MANIFEST_BLOCK_BYTES;
const big = new Uint8Array(BLOCK * 5 + 123).map((_, i) => (i * 131 + (i >> 9) + (i >> 18) * 7) & 255);
let bigCid: string;
let gateway: CarGateway;
let tampering: Server;
let tamperingUrl: string;
let closedUrl: string;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  assert.ok(address !== null && typeof address === "object");
  return `http://127.0.0.1:${address.port}`;
}

before(async () => {
  await writeFile(path.join(directory, "epoch-1.json"), manifest);
  ({ cid } = await packCar(path.join(directory, "epoch-1.json"), path.join(directory, "car")));
  await writeFile(path.join(directory, "big.bin"), big);
  ({ cid: bigCid } = await packCar(path.join(directory, "big.bin"), path.join(directory, "car")));
  gateway = await startCarGateway({ directory: path.join(directory, "car") });
  // A gateway that relays the real one's CAR with one byte of the manifest changed.
  tampering = createServer(async (request, response) => {
    const car = new Uint8Array(await (await fetch(`${gateway.url}${request.url}`)).arrayBuffer());
    car[car.length - 20] = (car[car.length - 20] as number) ^ 1;
    response.writeHead(200, { "content-type": CAR_MEDIA_TYPE });
    response.end(car);
  });
  tamperingUrl = await listen(tampering);
  const closed = createServer();
  closedUrl = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
});

after(async () => {
  await gateway.close();
  await new Promise((resolve) => tampering.close(resolve));
  await rm(directory, { recursive: true, force: true });
});

describe("the local trustless gateway and verifiedFetch", () => {
  test("the manifest round-trips over HTTP as a CAR, every block checked", async () => {
    const fetched = await verifiedFetch(`ipfs://${cid}`, { gateways: [gateway.url] });
    assert.deepEqual(fetched.bytes, manifest);
    assert.equal(fetched.gateway, gateway.url);
    assert.deepEqual(fetched.failures, []);
  });

  test("a tampering gateway and an unreachable one are refused by name and the next gateway is used", async () => {
    const fetched = await verifiedFetch(cid, { gateways: [closedUrl, tamperingUrl, gateway.url] });
    assert.deepEqual(fetched.bytes, manifest);
    assert.equal(fetched.gateway, gateway.url);
    assert.deepEqual(
      fetched.failures.map((f) => [f.gateway, f.error.name]),
      [
        [closedUrl, "GatewayUnavailableError"],
        [tamperingUrl, "CarVerificationError"],
      ],
    );
    const tampered = fetched.failures[1]?.error;
    assert.ok(tampered instanceof CarVerificationError && tampered.code === "TAMPERED_BLOCK");
  });

  test("when every gateway fails, the error lists each one's failure", async () => {
    await assert.rejects(verifiedFetch(cid, { gateways: [tamperingUrl, closedUrl] }), (error: unknown) => {
      assert.ok(error instanceof GatewaysExhaustedError);
      assert.ok(error.failures[0]?.error instanceof CarVerificationError);
      assert.ok(error.failures[1]?.error instanceof GatewayUnavailableError);
      assert.match(error.message, /TAMPERED|does not hash to its CID/);
      return true;
    });
    await assert.rejects(verifiedFetch(cid, { gateways: [] }), GatewaysExhaustedError);
  });

  test("serves one block raw, and says what it does not serve", async () => {
    const raw = await fetch(`${gateway.url}/ipfs/${cid}?format=raw`);
    assert.equal(raw.status, 200);
    assert.equal(raw.headers.get("content-type"), "application/vnd.ipld.raw");
    // The worked example's manifest is one chunk, so its root block is the file itself.
    assert.deepEqual(new Uint8Array(await raw.arrayBuffer()), manifest);
    const byAccept = await fetch(`${gateway.url}/ipfs/${cid}`, { headers: { accept: CAR_MEDIA_TYPE } });
    assert.deepEqual(
      Buffer.from(await byAccept.arrayBuffer()),
      await readFile(path.join(directory, "car", `${cid}.car`)),
    );
    const other = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    for (const [url, status] of [
      [`/ipfs/${other}?format=car`, 404],
      [`/ipfs/${cid}`, 406],
      [`/ipfs/not-a-cid?format=car`, 400],
      ["/elsewhere", 404],
    ] as const) {
      const response = await fetch(`${gateway.url}${url}`);
      assert.equal(response.status, status, url);
      assert.equal(typeof ((await response.json()) as { error: { message: string } }).error.message, "string");
    }
  });
});

describe("ranged CARs (entity-bytes)", () => {
  test("a range is read from the blocks that hold it alone, each checked", async () => {
    const offset = BLOCK * 2 - 10;
    const fetched = await verifiedFetchRange(bigCid, { offset, length: 20 }, { gateways: [gateway.url] });
    assert.deepEqual(fetched.bytes, big.slice(offset, offset + 20));
    assert.equal(fetched.fileBytes, big.length);
    // Two leaves and the root, not six leaves.
    assert.ok(fetched.carBytes > 2 * BLOCK && fetched.carBytes < 2 * BLOCK + 1024);
    const tail = await verifiedFetchRange(bigCid, { offset: big.length - 5, length: 100 }, { gateways: [gateway.url] });
    assert.deepEqual(tail.bytes, big.slice(big.length - 5));
  });

  test("a tampered range is refused and the next gateway used; a range outside the file is a 400", async () => {
    const range = { offset: BLOCK * 5, length: 100 };
    const fetched = await verifiedFetchRange(bigCid, range, { gateways: [tamperingUrl, gateway.url] });
    assert.deepEqual(fetched.bytes, big.slice(range.offset, range.offset + 100));
    const tampered = fetched.failures[0]?.error;
    assert.ok(tampered instanceof CarVerificationError && tampered.code === "TAMPERED_BLOCK");
    const outside = await fetch(`${gateway.url}/ipfs/${bigCid}?format=car&entity-bytes=${big.length}:*`);
    assert.equal(outside.status, 400);
    const rootOnly = await fetch(`${gateway.url}/ipfs/${bigCid}?format=car&dag-scope=block`);
    assert.ok((await rootOnly.arrayBuffer()).byteLength < 1024);
  });

  test("a file streamed as verified ranges of whole blocks is the file", async () => {
    const parts: Uint8Array[] = [];
    for await (const part of verifiedFileStream(bigCid, { gateways: [tamperingUrl, gateway.url] }, 2 * BLOCK))
      parts.push(part);
    assert.deepEqual(
      parts.map((p) => p.length),
      [2 * BLOCK, 2 * BLOCK, BLOCK + 123],
    );
    assert.deepEqual(new Uint8Array(Buffer.concat(parts)), big);
  });

  test("entity-bytes bounds: inclusive, * for the end, negative from the end", () => {
    assert.deepEqual(entityBytesRange("0:*", 100), { offset: 0, length: 100 });
    assert.deepEqual(entityBytesRange("10:19", 100), { offset: 10, length: 10 });
    assert.deepEqual(entityBytesRange("-10:*", 100), { offset: 90, length: 10 });
    assert.deepEqual(entityBytesRange("5:-6", 100), { offset: 5, length: 90 });
    assert.deepEqual(entityBytesRange("90:500", 100), { offset: 90, length: 10 });
    assert.equal(entityBytesRange(null, 100), undefined);
    for (const value of ["100:*", "20:10", "a:b", "1-2"]) assert.equal(typeof entityBytesRange(value, 100), "string");
  });
});

describe("verifiedFileReader: ranges block by block", () => {
  test("reads ranges from raw blocks, each fetched once, past a tampering gateway", async () => {
    const file = verifiedFileReader(bigCid, { gateways: [closedUrl, tamperingUrl, gateway.url] });
    const offset = BLOCK * 3 - 7;
    assert.deepEqual(await file.read({ offset, length: 14 }), big.slice(offset, offset + 14));
    // The root and two leaves.
    assert.equal(file.fetched().blocks, 3);
    assert.deepEqual(await file.read({ offset: offset + 1, length: 3 }), big.slice(offset + 1, offset + 4));
    assert.equal(file.fetched().blocks, 3, "blocks already read come from the cache");
    assert.deepEqual(await file.read({ offset: big.length - 3, length: 10 }), big.slice(big.length - 3));
    assert.equal(file.fetched().blocks, 4);
    assert.ok(file.fetched().bytes < 4 * BLOCK);
  });

  test("a gateway that does not answer in time is passed over like one that is down", async () => {
    const hanging = createServer(() => {});
    const hangingUrl = await listen(hanging);
    try {
      const file = verifiedFileReader(bigCid, { gateways: [hangingUrl, gateway.url], timeoutMs: 200 });
      assert.deepEqual(await file.read({ offset: 5, length: 5 }), big.slice(5, 10));
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  test("when no gateway gives a block, the error names each gateway's failure", async () => {
    const file = verifiedFileReader(bigCid, { gateways: [tamperingUrl, closedUrl] });
    await assert.rejects(file.read({ offset: 0, length: 1 }), (error: unknown) => {
      assert.ok(error instanceof GatewaysExhaustedError);
      const tampered = error.failures[0]?.error;
      assert.ok(tampered instanceof CarVerificationError && tampered.code === "TAMPERED_BLOCK");
      assert.ok(error.failures[1]?.error instanceof GatewayUnavailableError);
      return true;
    });
  });
});
