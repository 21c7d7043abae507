import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { CarBufferReader } from "@ipld/car";
import { carBlock, carHeader, unixfsCar } from "./carEncoding.ts";
import { CarVerificationError, cidOf, fileFromCar } from "./carFile.ts";
import { branchOf, fixedChunks, UNIXFS_CHUNK_BYTES, unixfsFileDag } from "./unixfsFile.ts";

const file = new Uint8Array(UNIXFS_CHUNK_BYTES * 3 + 1000).map((_, i) => (i * 31 + (i >> 8) + (i >> 18) * 7) & 255);

async function* once(bytes: Uint8Array) {
  yield bytes;
}

async function carOf(bytes: Uint8Array) {
  const root = await unixfsFileDag(fixedChunks(once(bytes)));
  const sections: Uint8Array[] = [];
  for await (const section of unixfsCar(root, fixedChunks(once(bytes)))) sections.push(section);
  return { root, sections, car: concat(sections) };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const refusal = (code: string) => (error: unknown) => error instanceof CarVerificationError && error.code === code;

describe("fileFromCar", () => {
  test("gives back the file's bytes, from bytes or a stream, and the same file gives the same CAR", async () => {
    const { root, car, sections } = await carOf(file);
    assert.deepEqual(await fileFromCar(car, root.cid), file);
    assert.deepEqual(
      await fileFromCar(
        (async function* () {
          yield* sections;
        })(),
        root.cid,
      ),
      file,
    );
    assert.deepEqual((await carOf(file.slice())).car, car);
    // @ipld/car reads it as a CAR with the one root, blocks root first.
    const reader = CarBufferReader.fromBytes(car);
    assert.deepEqual(reader.getRoots().map(String), [root.cid.toString()]);
    assert.equal(reader._blocks.length, 5);
    assert.equal(reader._blocks[0]?.cid.toString(), root.cid.toString());
  });

  test("writes a chunk that repeats once", async () => {
    const repeating = new Uint8Array(UNIXFS_CHUNK_BYTES * 3).fill(7);
    const { root, car } = await carOf(repeating);
    assert.equal(CarBufferReader.fromBytes(car)._blocks.length, 2);
    assert.deepEqual(await fileFromCar(car, root.cid), repeating);
  });

  test("refuses an altered block by name", async () => {
    const { root, sections } = await carOf(file);
    const altered = sections.map((s) => s.slice());
    const leaf = altered[2] as Uint8Array;
    leaf[leaf.length - 1] = (leaf[leaf.length - 1] as number) ^ 1;
    await assert.rejects(fileFromCar(concat(altered), root.cid), refusal("TAMPERED_BLOCK"));
  });

  test("refuses a CAR missing a block, or of another file", async () => {
    const { root, sections } = await carOf(file);
    await assert.rejects(fileFromCar(concat(sections.filter((_, i) => i !== 3)), root.cid), refusal("MISSING_BLOCK"));
    const other = await carOf(file.subarray(1));
    await assert.rejects(fileFromCar(other.car, root.cid), refusal("MISSING_BLOCK"));
  });

  test("refuses a truncated CAR, a file beyond the size asked and a malformed CID", async () => {
    const { root, car } = await carOf(file);
    await assert.rejects(fileFromCar(car.subarray(0, car.length - 10), root.cid), refusal("MALFORMED"));
    await assert.rejects(fileFromCar(car, root.cid, { maxBytes: UNIXFS_CHUNK_BYTES }), refusal("TOO_LARGE"));
    assert.throws(() => cidOf("ipfs://not-a-cid"), refusal("MALFORMED"));
    assert.equal(cidOf(`ipfs://${root.cid}`).toString(), root.cid.toString());
  });

  test("refuses a node whose sizes disagree with its children", async () => {
    const { root, sections } = await carOf(file);
    const [first, ...rest] = root.kind === "branch" ? root.children : [];
    assert.ok(first);
    // A well-hashed root that claims one child is shorter: a consistent lie the hashes alone do not catch.
    const lying = await branchOf([{ ...first, fileBytes: first.fileBytes - 1n }, ...rest]);
    assert.equal(lying.kind, "branch");
    if (lying.kind !== "branch") return;
    const car = concat([carHeader(lying.cid), carBlock(lying.cid, lying.bytes), ...sections.slice(2)]);
    await assert.rejects(fileFromCar(car, lying.cid), refusal("MALFORMED"));
  });
});
