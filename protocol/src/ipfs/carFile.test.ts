import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { CarBufferReader } from "@ipld/car";
import { carBlock, carHeader, unixfsCar } from "./carEncoding.ts";
import { CarVerificationError } from "./carError.ts";
import { cidOf, fileFromCar, fileRangeFromCar } from "./carFile.ts";
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

describe("fileRangeFromCar", () => {
  // sections: the header, the root node, then the four leaves in file order.
  const only = (sections: Uint8Array[], leaves: number[]) =>
    concat([sections[0]!, sections[1]!, ...leaves.map((i) => sections[2 + i]!)]);

  test("reads a range from the blocks that hold it alone, across a block boundary, shortened at the file's end", async () => {
    const { root, sections } = await carOf(file);
    const offset = UNIXFS_CHUNK_BYTES - 100;
    const range = await fileRangeFromCar(only(sections, [0, 1]), root.cid, { offset, length: 300 });
    assert.deepEqual(range, { bytes: file.slice(offset, offset + 300), fileBytes: file.length });
    const tail = await fileRangeFromCar(only(sections, [3]), root.cid, { offset: file.length - 10, length: 50 });
    assert.deepEqual(tail.bytes, file.slice(file.length - 10));
    const past = await fileRangeFromCar(only(sections, []), root.cid, { offset: file.length + 5, length: 5 });
    assert.deepEqual(past, { bytes: new Uint8Array(0), fileBytes: file.length });
  });

  test("refuses a CAR without a block the range needs, and an altered one", async () => {
    const { root, sections } = await carOf(file);
    const range = { offset: UNIXFS_CHUNK_BYTES - 100, length: 300 };
    await assert.rejects(fileRangeFromCar(only(sections, [0]), root.cid, range), refusal("MISSING_BLOCK"));
    const altered = sections.map((s) => s.slice());
    const leaf = altered[3] as Uint8Array;
    leaf[leaf.length - 1] = (leaf[leaf.length - 1] as number) ^ 1;
    await assert.rejects(fileRangeFromCar(only(altered, [0, 1]), root.cid, range), refusal("TAMPERED_BLOCK"));
  });
});
