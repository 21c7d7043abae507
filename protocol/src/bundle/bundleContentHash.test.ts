import assert from "node:assert/strict";
import { test } from "node:test";
import { keccak_256 } from "@noble/hashes/sha3.js";
import fc from "fast-check";

import { bytesToHex } from "../hex.ts";
import { canonicalJson } from "../manifest/canonicalJson.ts";
import { BUNDLE_CONTENT_FORMAT, bundleContentHash, sortBundleFiles } from "./bundleContentHash.ts";

const hashOf = (text: string) => bytesToHex(keccak_256(new TextEncoder().encode(text)));

test("the content hash is keccak256 of the canonical JSON of the format and the files sorted by path", () => {
  const files = [
    { path: "src/index.ts", hash: hashOf("export {}") },
    { path: "package.json", hash: hashOf("{}") },
  ];
  const expected = canonicalJson({ files: [files[1]!, files[0]!], format: BUNDLE_CONTENT_FORMAT });
  assert.equal(bundleContentHash(files), hashOf(expected));
});

test("a path listed twice is refused", () => {
  const file = { path: "a.ts", hash: hashOf("") };
  assert.throws(() => bundleContentHash([file, file]), /lists a\.ts twice/);
});

test("the hash does not depend on the order the files are given in; any change to a path or byte changes it", () => {
  const files = fc.uniqueArray(
    fc.record({ path: fc.string({ minLength: 1, maxLength: 12 }), hash: fc.string().map(hashOf) }),
    { minLength: 1, maxLength: 12, selector: (file) => file.path },
  );
  fc.assert(
    fc.property(
      files.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }))),
      ([list, shuffled]) => {
        assert.equal(bundleContentHash(shuffled), bundleContentHash(list));
        assert.deepEqual(sortBundleFiles(shuffled), sortBundleFiles(list));
        const changed = [{ ...list[0]!, hash: hashOf(`${list[0]!.hash}!`) }, ...list.slice(1)];
        assert.notEqual(bundleContentHash(changed), bundleContentHash(list));
      },
    ),
  );
});
