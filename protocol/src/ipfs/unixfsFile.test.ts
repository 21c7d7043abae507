import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { fixedChunks, UNIXFS_CHUNK_BYTES, unixfsFileDag } from "./unixfsFile.ts";

/** A file of `size` bytes whose content is a fixed function of the offset. */
function patternedFile(size: number): Uint8Array {
  return new Uint8Array(size).map((_, i) => (i * 7 + (i >> 9)) & 255);
}

async function* piecesOf(bytes: Uint8Array, piece: number) {
  for (let i = 0; i < bytes.length; i += piece) yield bytes.subarray(i, i + piece);
}

describe("unixfsFileDag", () => {
  // CIDs of the same files from Helia's importer (ipfs-unixfs-importer 15.x, cidVersion 1, rawLeaves), which
  // gives kubo's `ipfs add --cid-version=1`: one chunk is its raw block, 175 chunks a two-level tree.
  const vectors: [number, string][] = [
    [0, "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"],
    [5, "bafkreibgvdglonyr2jmmemhmimq5r5usftifdmvyapadbngpatpaimezwy"],
    [UNIXFS_CHUNK_BYTES, "bafkreiffklzcgj2ptt3kqyewz6sxgdarc3p3oxo5lqrqixtj3tnzct5wfq"],
    [UNIXFS_CHUNK_BYTES + 1, "bafybeiam2njuqdvcmi3gmy3j5y23enw7vkawjcuutkrit3al3guinqtfym"],
    [UNIXFS_CHUNK_BYTES * 175 + 3, "bafybeigas5j6o2tf3cwvk7cvatfplens3jw5u2r7hbiyev4e2hrcljwphm"],
  ];
  for (const [size, cid] of vectors) {
    test(`a ${size}-byte file has the CID an IPFS node gives it`, async () => {
      const root = await unixfsFileDag(fixedChunks(piecesOf(patternedFile(size), 100_000)));
      assert.equal(root.cid.toString(), cid);
      assert.equal(root.fileBytes, BigInt(size));
    });
  }

  test("the cut into chunks does not depend on how the bytes arrive", async () => {
    const file = patternedFile(UNIXFS_CHUNK_BYTES * 2 + 17);
    const sizes = [];
    for (const piece of [1, 4096, 262_143, file.length]) {
      const chunks = [];
      for await (const chunk of fixedChunks(piecesOf(file, piece))) chunks.push(chunk.length);
      sizes.push(chunks);
    }
    for (const chunks of sizes) assert.deepEqual(chunks, [UNIXFS_CHUNK_BYTES, UNIXFS_CHUNK_BYTES, 17]);
  });
});
