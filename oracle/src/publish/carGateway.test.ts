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
} from "@coherence/protocol/ipfs";
import { workedManifest } from "../manifest/workedManifest.ts";
import { manifestBytes } from "../manifest/writeManifest.ts";
import { type CarGateway, startCarGateway } from "./carGateway.ts";
import { packCar } from "./packCar.ts";

const directory = await mkdtemp(path.join(tmpdir(), "ccn-car-gateway-"));
const manifest = new Uint8Array((await manifestBytes(workedManifest())).bytes);
let cid: string;
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
