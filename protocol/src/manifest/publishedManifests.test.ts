import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";

import { keccak_256 } from "@noble/hashes/sha3.js";

import { bytesToHex } from "../hex.ts";
import { decodeManifest } from "./decodeManifest.ts";
import { manifestLines } from "./encodeManifest.ts";

/**
 * Manifests written by the oracle before the codec was derived from the element declarations (commit 70cecd0), and
 * a v2 one from before format v3, with the content hashes it reported: every published byte must still decode and
 * re-encode identically, and be committed by its format's old hash rule (the keccak256 of its bytes).
 */
const PUBLISHED = [
  {
    file: "worked-example-v1.json",
    contentHash: "0x40e0e08f9c6354fc094e12d9dbfdbf302499571827c5684d862378c8c2a69330",
    leaves: 10,
  },
  {
    // Format v2, committed by its bytes' keccak256: the worked example as the oracle wrote it before format v3 (v3
    // kept v2's lines and changed only how they are committed).
    file: "worked-example-v2.json",
    contentHash: "0xcdac2a9d33722da33ed6abf6c17ef8caa57f09c051fd8cfa5dc3897befea2113",
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
      assert.equal(decoded.contentHash, bytesToHex(keccak_256(bytes)), "committed by its bytes' hash");
      assert.equal(decoded.chunks, undefined, "no chunk tree");
      assert.equal(decoded.byteLength, bytes.length);
      assert.equal(decoded.manifest.leaves.length, leaves);
      const rewritten = [...manifestLines(decoded.manifest)].map((line) => `${line}\n`).join("");
      assert.equal(rewritten, bytes.toString("utf8"), "re-encoded bytes");
    });
  }
});
