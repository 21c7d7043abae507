import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { keccak_256 } from "@noble/hashes/sha3.js";
import fc from "fast-check";

import { bytesToHex } from "../hex.ts";
import { canonicalJson } from "./canonicalJson.ts";
import { chunkTreeRoot } from "./chunkTree.ts";
import { MANIFEST_FORMAT } from "./elements.ts";
import { CLOSING, HEADER_SUFFIX, SECTIONS } from "./layout.ts";
import { CHUNK_BYTES, type ManifestChunk, ManifestChunker } from "./manifestChunks.ts";

const utf8 = new TextEncoder();

/** Manifest lines with `counts[s]` elements of `size` characters in section s (the chunker reads layout, not fields). */
function lines(counts: readonly number[], size: number): string[] {
  const out = [`{"codeVersion":"t","format":"${MANIFEST_FORMAT}"${HEADER_SUFFIX}`];
  SECTIONS.forEach((section, s) => {
    if (s > 0) out.push(section.opening);
    const n = counts[s] ?? 0;
    for (let i = 0; i < n; i++) {
      const element = `{"e":"${String(i).padStart(size, "é")}"}`;
      out.push(i + 1 < n ? `${element},` : element);
    }
  });
  out.push(CLOSING);
  return out;
}

describe("ManifestChunker", () => {
  test("cuts each section by the bytes of its lines, and commits to the definition's root", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(300), { minLength: SECTIONS.length, maxLength: SECTIONS.length }),
        fc.integer({ min: 1, max: 400 }),
        (counts, size) => {
          const chunks: ManifestChunk[] = [];
          const chunker = new ManifestChunker(MANIFEST_FORMAT, { onChunk: (c) => chunks.push(c) });
          const all = lines(counts, size);
          for (const line of all) chunker.line(line);
          const { root, sections, headerChunk, hashes } = chunker.end();
          const file = utf8.encode(`${all.join("\n")}\n`);

          // The definition: a chunk closes once its lines' bytes reach CHUNK_BYTES; the last takes what is left.
          const expected: Uint8Array[] = [keccak_256(utf8.encode(headerChunk))];
          SECTIONS.forEach((section, s) => {
            const elements = Array.from({ length: counts[s]! }, (_, i) => `{"e":"${String(i).padStart(size, "é")}"}`);
            let run: string[] = [];
            let bytes = 0;
            let first = 0;
            elements.forEach((e, i) => {
              run.push(e);
              bytes += utf8.encode(e).length + (i + 1 < elements.length ? 2 : 1);
              if (bytes >= CHUNK_BYTES || i + 1 === elements.length) {
                const text = canonicalJson({ elements: run.map((r) => JSON.parse(r)), first, section: section.path });
                expected.push(keccak_256(utf8.encode(text)));
                first = i + 1;
                run = [];
                bytes = 0;
              }
            });
            assert.equal(sections[s]!.elements, counts[s]);
          });
          assert.equal(hashes.length, 32 * expected.length);
          const flat = new Uint8Array(32 * expected.length);
          expected.forEach((h, i) => {
            flat.set(h, 32 * i);
          });
          assert.equal(root, bytesToHex(chunkTreeRoot(flat)));
          // Each chunk names the bytes of its lines in the file.
          for (const c of chunks) {
            const text = new TextDecoder().decode(file.subarray(c.offset, c.offset + c.byteLength));
            assert.deepEqual(
              text
                .split("\n")
                .slice(0, -1)
                .map((l) => l.replace(/,$/, "")),
              c.elements,
            );
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  test("the header chunk is the header line's object with the chunk index", () => {
    const chunker = new ManifestChunker(MANIFEST_FORMAT);
    for (const line of lines([0, 3], 10)) chunker.line(line);
    const { headerChunk } = chunker.end();
    const parsed = JSON.parse(headerChunk) as { header: unknown; sections: { path: string; chunks: number }[] };
    assert.deepEqual(parsed.header, { codeVersion: "t", format: MANIFEST_FORMAT });
    assert.deepEqual(
      parsed.sections.map((s) => s.path),
      SECTIONS.map((s) => s.path),
    );
    assert.equal(parsed.sections[1]!.chunks, 1);
    assert.equal(canonicalJson(JSON.parse(headerChunk)), headerChunk);
  });
});
