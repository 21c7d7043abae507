import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";

import { decodeManifest } from "./decodeManifest.ts";
import { manifestLines } from "./encodeManifest.ts";

/**
 * Manifests written by the oracle before the codec was derived from the element declarations (commit 70cecd0),
 * with the content hashes it reported: every published byte must still decode and re-encode identically.
 */
const PUBLISHED = [
  {
    file: "worked-example-v1.json",
    contentHash: "0x40e0e08f9c6354fc094e12d9dbfdbf302499571827c5684d862378c8c2a69330",
    leaves: 10,
  },
  {
    file: "random-network-v1.json",
    contentHash: "0x7bf632d28d030b2c6a9e3b186ef39ddf756fedbcfceb78cc1c9ea28e99aa323b",
    leaves: 8,
  },
];

describe("manifests published before the declared codec", () => {
  for (const { file, contentHash, leaves } of PUBLISHED) {
    test(`${file} decodes with its recorded hash and re-encodes to the same bytes`, async () => {
      const bytes = await readFile(new URL(`./fixtures/${file}`, import.meta.url));
      const decoded = await decodeManifest([bytes]);
      assert.equal(decoded.contentHash, contentHash, "content hash");
      assert.equal(decoded.byteLength, bytes.length);
      assert.equal(decoded.manifest.leaves.length, leaves);
      const rewritten = [...manifestLines(decoded.manifest)].map((line) => `${line}\n`).join("");
      assert.equal(rewritten, bytes.toString("utf8"), "re-encoded bytes");
    });
  }
});
