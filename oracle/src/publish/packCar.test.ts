import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";

import { cidOf, fileFromCar, fixedChunks, UNIXFS_CHUNK_BYTES, unixfsFileDag } from "@coherence/protocol/ipfs";
import { workedManifest } from "../manifest/workedManifest.ts";
import { manifestBytes } from "../manifest/writeManifest.ts";
import { MANIFEST_BLOCK_BYTES, packCar } from "./packCar.ts";

const directory = await mkdtemp(path.join(tmpdir(), "ccn-pack-car-"));
after(() => rm(directory, { recursive: true, force: true }));

describe("packCar", () => {
  test("the same manifest gives the same CID and the same CAR, byte for byte, which holds the manifest", async () => {
    const manifest = path.join(directory, "epoch-1.json");
    await writeFile(manifest, (await manifestBytes(workedManifest())).bytes);
    const first = await packCar(manifest, path.join(directory, "a"));
    const second = await packCar(manifest, path.join(directory, "b"));
    assert.equal(first.cid, second.cid);
    assert.equal(path.basename(first.carFile), `${first.cid}.car`);
    const car = await readFile(first.carFile);
    assert.deepEqual(car, await readFile(second.carFile));
    assert.equal(car.length, first.carBytes);
    assert.deepEqual(Buffer.from(await fileFromCar(car, cidOf(first.cid))), await readFile(manifest));
  });

  test("a file of several chunks round-trips, and another file gets another CID", async () => {
    const file = path.join(directory, "big.bin");
    const bytes = new Uint8Array(700_000).map((_, i) => (i * 13 + (i >> 10)) & 255);
    await writeFile(file, bytes);
    const packed = await packCar(file, directory);
    assert.equal(packed.fileBytes, bytes.length);
    assert.deepEqual(await fileFromCar(await readFile(packed.carFile), cidOf(packed.cid)), bytes);
    await writeFile(file, bytes.subarray(1));
    assert.notEqual((await packCar(file, directory)).cid, packed.cid);
  });

  test("manifests are packed in 32 KiB blocks; 256 KiB gives the CID of kubo's default ipfs add", async () => {
    const file = path.join(directory, "blocks.bin");
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7 + (i >> 12)) & 255);
    await writeFile(file, bytes);
    const once = async function* () {
      yield bytes;
    };
    const packed = await packCar(file, path.join(directory, "blocks"));
    assert.equal(packed.cid, (await unixfsFileDag(fixedChunks(once(), MANIFEST_BLOCK_BYTES))).cid.toString());
    const kubo = await packCar(file, path.join(directory, "blocks"), { chunkBytes: UNIXFS_CHUNK_BYTES });
    assert.equal(kubo.cid, (await unixfsFileDag(fixedChunks(once()))).cid.toString());
    assert.notEqual(kubo.cid, packed.cid);
    await assert.rejects(packCar(file, directory, { chunkBytes: 512 }), RangeError);
  });
});
