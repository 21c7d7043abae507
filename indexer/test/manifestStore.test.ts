/**
 * The claims API's manifest store on its own: manifests from a base URL (a real HTTP server) or a directory,
 * accepted only when they hash to the on-chain manifestHash, fetched once however many requests wait.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { cutSlice, manifestBytes } from "@coherence/oracle";
import { workedManifest } from "@coherence/oracle/testing";
import { decodeManifest, verifySlice } from "@coherence/protocol";
import { ApiError } from "../src/api/errors.ts";
import { ManifestStore } from "../src/api/manifestStore.ts";

describe("ManifestStore", () => {
  let dir: string;
  let bytes: Uint8Array;
  let manifestHash: `0x${string}`;
  let payoutRoot: `0x${string}`;
  let number: bigint;
  let baseUrl: string;
  let hits = 0;
  const server = createServer(async (request, response) => {
    hits++;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? "");
    if (request.url === `/m/epoch-${number}.json` && range !== null) {
      response.writeHead(206).end(bytes.subarray(Number(range[1]), Number(range[2]) + 1));
    } else if (request.url === `/m/epoch-${number}.json` || request.url === `/m/${manifestHash}.json`) {
      response.writeHead(200, { "content-type": "application/json" }).end(bytes);
    } else if (request.url === "/m/tampered-2.json") {
      response
        .writeHead(200)
        .end(Buffer.from(bytes).toString("utf8").replace("coherence-oracle@0.1.0", "coherence-oracle@9.9.9"));
    } else {
      response.writeHead(404).end("not found");
    }
  });

  before(async () => {
    const manifest = workedManifest();
    ({ bytes, contentHash: manifestHash } = await manifestBytes(manifest));
    payoutRoot = manifest.epoch.payoutRoot;
    number = manifest.epoch.number;
    dir = await mkdtemp(path.join(os.tmpdir(), "ccn-manifests-"));
    await writeFile(path.join(dir, `epoch-${number}.json`), bytes);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const address = server.address() as { port: number };
    baseUrl = `http://127.0.0.1:${address.port}/m`;
  });

  after(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("reads a manifest from a base URL once, however many requests wait for it", async () => {
    const store = new ManifestStore({ kind: "url", baseUrl: `${baseUrl}/`, pattern: "epoch-{epoch}.json" }, 2);
    hits = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store.get({ number, manifestHash, payoutRoot })),
    );
    assert.equal(hits, 1);
    assert.ok(results.every((r) => r === results[0]));
    const { manifest } = await decodeManifest([bytes]);
    const leaf = manifest.leaves[0]!;
    assert.deepStrictEqual(results[0]!.leavesByAccount.get(leaf.account)?.[0], leaf);
    await store.get({ number, manifestHash, payoutRoot });
    assert.equal(hits, 1, "a verified manifest is served from memory");
  });

  test("cuts a v3 manifest's slice by byte ranges, of the file or by Range requests, and it verifies on-chain", async () => {
    const account = workedManifest().leaves[3]!.account;
    for (const source of [
      { kind: "directory", directory: dir, pattern: "epoch-{epoch}.json" } as const,
      { kind: "url", baseUrl: `${baseUrl}/`, pattern: "epoch-{epoch}.json" } as const,
    ]) {
      const verified = await new ManifestStore(source, 2).get({ number, manifestHash, payoutRoot });
      assert.ok(verified.chunks !== undefined, "a v3 manifest is indexed by chunk");
      const { text } = await cutSlice(verified.chunks, verified.readRange, account);
      const slice = await verifySlice(text, { manifestHash, account });
      assert.deepStrictEqual(
        slice.leaves.map((l) => l.cumulative),
        workedManifest()
          .leaves.filter((l) => l.account === account)
          .map((l) => l.cumulative),
      );
    }
  });

  test("a server that ignores Range requests is refused as unavailable, not read whole", async () => {
    const verified = await new ManifestStore(
      { kind: "url", baseUrl: `${baseUrl}/`, pattern: "{manifestHash}.json" },
      2,
    ).get({ number, manifestHash, payoutRoot });
    await assert.rejects(
      cutSlice(verified.chunks!, verified.readRange, workedManifest().leaves[0]!.account),
      (error: unknown) =>
        error instanceof ApiError && error.code === "MANIFEST_UNAVAILABLE" && /HTTP 200, not 206/.test(error.message),
    );
  });

  test("names files by content hash with {manifestHash}", async () => {
    const store = new ManifestStore({ kind: "url", baseUrl: `${baseUrl}/`, pattern: "{manifestHash}.json" }, 2);
    const verified = await store.get({ number, manifestHash, payoutRoot });
    assert.equal(verified.source, `${baseUrl}/${manifestHash}.json`);
  });

  test("refuses a manifest whose bytes do not hash to the on-chain manifestHash, naming both hashes", async () => {
    const store = new ManifestStore({ kind: "url", baseUrl: `${baseUrl}/`, pattern: "tampered-{epoch}.json" }, 2);
    await assert.rejects(store.get({ number, manifestHash, payoutRoot }), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, "MANIFEST_HASH_MISMATCH");
      assert.equal(error.status, 502);
      assert.equal(error.fields.expectedManifestHash, manifestHash);
      assert.match(error.fields.actualManifestHash!, /^0x[0-9a-f]{64}$/);
      assert.notEqual(error.fields.actualManifestHash, manifestHash);
      return true;
    });
  });

  test("refuses a manifest of another epoch or root even when its hash matches", async () => {
    const store = new ManifestStore({ kind: "directory", directory: dir, pattern: "epoch-2.json" }, 2);
    await assert.rejects(
      store.get({ number: number + 1n, manifestHash, payoutRoot }),
      (error: unknown) => error instanceof ApiError && error.code === "MANIFEST_INCONSISTENT",
    );
  });

  test("reports a missing manifest (HTTP 404 or no file) as unavailable, and no source as not configured", async () => {
    const url = new ManifestStore({ kind: "url", baseUrl: `${baseUrl}/`, pattern: "missing-{epoch}.json" }, 2);
    await assert.rejects(
      url.get({ number, manifestHash, payoutRoot }),
      (error: unknown) =>
        error instanceof ApiError && error.code === "MANIFEST_UNAVAILABLE" && /HTTP 404/.test(error.message),
    );
    const directory = new ManifestStore({ kind: "directory", directory: dir, pattern: "missing-{epoch}.json" }, 2);
    await assert.rejects(
      directory.get({ number, manifestHash, payoutRoot }),
      (error: unknown) =>
        error instanceof ApiError && error.code === "MANIFEST_UNAVAILABLE" && /ENOENT/.test(error.message),
    );
    const none = new ManifestStore({ kind: "none" }, 2);
    await assert.rejects(
      none.get({ number, manifestHash, payoutRoot }),
      (error: unknown) => error instanceof ApiError && error.code === "MANIFEST_SOURCE_NOT_CONFIGURED",
    );
  });

  test("never shows a server path: a missing directory, a bad file and a served one are named by file name", async () => {
    const missing = path.join(dir, "no-such-directory");
    const store = new ManifestStore({ kind: "directory", directory: missing, pattern: "epoch-{epoch}.json" }, 2);
    await assert.rejects(store.get({ number, manifestHash, payoutRoot }), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, "MANIFEST_UNAVAILABLE");
      const answer = JSON.stringify(error.toJSON());
      assert.ok(!answer.includes(dir) && !answer.includes(os.tmpdir()), answer);
      assert.deepStrictEqual(error.toJSON(), {
        error: {
          code: "MANIFEST_UNAVAILABLE",
          message: `The epoch manifest epoch-${number}.json cannot be read: ENOENT.`,
          source: `epoch-${number}.json`,
        },
      });
      // The log keeps the path, through the cause.
      assert.ok(error.message.includes(missing));
      return true;
    });
    const inconsistent = new ManifestStore({ kind: "directory", directory: dir, pattern: "epoch-2.json" }, 2);
    await assert.rejects(inconsistent.get({ number: number + 1n, manifestHash, payoutRoot }), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.ok(!JSON.stringify(error.toJSON()).includes(dir));
      return true;
    });
    const served = new ManifestStore({ kind: "directory", directory: dir, pattern: "epoch-{epoch}.json" }, 2);
    assert.equal((await served.get({ number, manifestHash, payoutRoot })).source, `epoch-${number}.json`);
  });
});
