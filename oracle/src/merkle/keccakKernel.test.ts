import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";
import { keccak_256 } from "@noble/hashes/sha3.js";
import fc from "fast-check";
import { assembleKeccakKernel, KECCAK_KERNEL_FILE, keccakKernelModuleText } from "./assembleKeccakKernel.ts";
import { createKeccakKernel } from "./keccakKernel.ts";
import { roundConstants } from "./keccakKernelSource.ts";

describe("Keccak kernel", () => {
  test("the committed WebAssembly is what its generated text assembles to", async () => {
    assert.equal(
      await readFile(KECCAK_KERNEL_FILE, "utf8"),
      keccakKernelModuleText(await assembleKeccakKernel()),
      "run node oracle/scripts/generateKeccakKernel.ts",
    );
  });

  test("derives FIPS 202's round constants", () => {
    const rc = roundConstants();
    assert.equal(rc.length, 24);
    assert.equal(rc[0], 0x1n);
    assert.equal(rc[1], 0x8082n);
    assert.equal(rc[23], 0x8000000080008008n);
  });

  test("hash agrees with @noble/hashes on any length: short lanes, tails, several blocks", () => {
    const kernel = createKeccakKernel();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat(7), (data, shift) => {
        // Unaligned inputs too: the tree's buffers are aligned, other callers' need not be.
        const memory = kernel.reserve(1024);
        const at = kernel.data + shift;
        memory.set(data, at);
        kernel.hash(at, data.length, kernel.data + 700);
        assert.deepEqual(memory.slice(kernel.data + 700, kernel.data + 732), keccak_256(data));
      }),
      { numRuns: 300 },
    );
  });

  test("leafHashes is the double hash of each encoding", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 20 }), (words, count) => {
        const size = 32 * words;
        const kernel = createKeccakKernel();
        const memory = kernel.reserve((size + 32) * count);
        const encodings = Array.from({ length: count }, (_, i) => new Uint8Array(size).fill(i + 1));
        encodings.forEach((e, i) => {
          memory.set(e, kernel.data + size * i);
        });
        kernel.leafHashes(kernel.data, size, count, kernel.data + size * count);
        encodings.forEach((e, i) => {
          const at = kernel.data + size * count + 32 * i;
          assert.deepEqual(memory.slice(at, at + 32), keccak_256(keccak_256(e)));
        });
      }),
      { numRuns: 30 },
    );
  });

  test("internalNodes hashes each node's children smaller first", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 2, maxLength: 9 }),
        (leaves) => {
          const n = leaves.length;
          const kernel = createKeccakKernel();
          const memory = kernel.reserve(32 * (2 * n - 1));
          const node = (i: number): Uint8Array => memory.slice(kernel.data + 32 * i, kernel.data + 32 * i + 32);
          leaves.forEach((leaf, k) => {
            memory.set(leaf, kernel.data + 32 * (n - 1 + k));
          });
          kernel.internalNodes(kernel.data, n - 2);
          for (let i = n - 2; i >= 0; i--) {
            const [a, b] = [node(2 * i + 1), node(2 * i + 2)];
            const [first, second] = Buffer.compare(a, b) <= 0 ? [a, b] : [b, a];
            assert.deepEqual(node(i), keccak_256(new Uint8Array([...first, ...second])));
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
