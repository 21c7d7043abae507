import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { parse, parseJson } from "../schema.ts";
import { BUNDLE_MANIFEST_FORMAT, bundleManifestSchema } from "./bundleManifest.ts";

const valid = {
  format: BUNDLE_MANIFEST_FORMAT,
  kind: "Code",
  name: "greeter",
  description: "Greets people",
  version: "1.2.0",
  licence: "MIT",
  repository: "https://github.com/example/greeter",
  package: "@example/greeter",
  content: { files: ["package.json"], globs: ["src/**/*.ts", "!src/**/*.test.ts"] },
  parents: [
    { assetId: "3", weightBps: 1500 },
    { assetId: "12", weightBps: 500 },
  ],
  run: { entry: "src/index.ts", export: "greet", runtime: "node" },
};

/** The error `parse` throws for `valid` changed by `change`, read from coherence.bundle.json. */
function errorOf(change: (manifest: Record<string, unknown>) => void): string {
  const manifest = structuredClone(valid) as Record<string, unknown>;
  change(manifest);
  try {
    parse(bundleManifestSchema, manifest, { source: "coherence.bundle.json" });
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail("the manifest was accepted");
}

describe("bundleManifestSchema", () => {
  test("decodes a manifest with asset ids as bigint and encodes it back as written", () => {
    const manifest = parse(bundleManifestSchema, valid);
    assert.deepEqual(manifest.parents, [
      { assetId: 3n, weightBps: 1500 },
      { assetId: 12n, weightBps: 500 },
    ]);
    assert.deepEqual(bundleManifestSchema.encode(manifest), valid);
  });

  test("reads content given as a git tree, and the optional fields may be absent", () => {
    const { package: _, run: __, ...rest } = valid;
    const manifest = parse(bundleManifestSchema, { ...rest, content: { gitTree: "v1.2.0" }, parents: [] });
    assert.deepEqual(manifest.content, { gitTree: "v1.2.0" });
    assert.equal(manifest.package, undefined);
  });

  test("names the field of a malformed parent: the id's format, a weight out of range, a repeat, the sum", () => {
    assert.equal(
      errorOf((m) => {
        (m.parents as unknown[])[1] = { assetId: 12, weightBps: 500 };
      }),
      "coherence.bundle.json: parents[1].assetId: expected a decimal string without leading zeros, got 12",
    );
    assert.equal(
      errorOf((m) => {
        (m.parents as unknown[])[1] = { weightBps: 500 };
      }),
      "coherence.bundle.json: parents[1].assetId: missing",
    );
    assert.equal(
      errorOf((m) => {
        (m.parents as { weightBps: number }[])[1]!.weightBps = 0;
      }),
      "coherence.bundle.json: parents[1].weightBps: expected an integer 1..10000, got 0",
    );
    assert.equal(
      errorOf((m) => {
        (m.parents as { assetId: string }[])[0]!.assetId = "0";
      }),
      "coherence.bundle.json: parents[0].assetId: is not an asset id: ids start at 1",
    );
    assert.equal(
      errorOf((m) => {
        (m.parents as { assetId: string }[])[1]!.assetId = "3";
      }),
      "coherence.bundle.json: parents[1].assetId: asset 3 is listed twice",
    );
    assert.equal(
      errorOf((m) => {
        (m.parents as { weightBps: number }[])[1]!.weightBps = 9000;
      }),
      "coherence.bundle.json: parents: weights add up to 10500 bps, more than 10000 (100%)",
    );
    assert.match(
      errorOf((m) => {
        m.parents = Array.from({ length: 33 }, (_, i) => ({ assetId: String(i + 1), weightBps: 1 }));
      }),
      /^coherence\.bundle\.json: parents: must list at most 32 element\(s\), got 33$/,
    );
  });

  test("names the field of malformed content: a path escaping the directory, a bad glob, no files, two shapes", () => {
    assert.equal(
      errorOf((m) => {
        m.content = { files: ["../secrets.txt"] };
      }),
      `coherence.bundle.json: content.files[0]: "../secrets.txt" leaves the manifest's directory (..)`,
    );
    assert.match(
      errorOf((m) => {
        m.content = { globs: ["src/[ab].ts"] };
      }),
      /^coherence\.bundle\.json: content\.globs\[0\]: "src\/\[ab\]\.ts" uses \[ \]/,
    );
    assert.equal(
      errorOf((m) => {
        m.content = {};
      }),
      "coherence.bundle.json: content: declares no files: give files, globs, or a gitTree instead",
    );
    assert.equal(
      errorOf((m) => {
        m.content = { gitTree: "HEAD", files: ["a.ts"] };
      }),
      "coherence.bundle.json: content.files: unexpected field (expected gitTree)",
    );
    assert.match(
      errorOf((m) => {
        m.content = { gitTree: "--output=x" };
      }),
      /^coherence\.bundle\.json: content\.gitTree: expected a git revision/,
    );
  });

  test("names every other malformed field", () => {
    const cases: [(m: Record<string, unknown>) => void, RegExp][] = [
      [(m) => (m.format = "coherence-bundle-v0"), /^coherence\.bundle\.json: format: expected "coherence-bundle-v1"/],
      [(m) => (m.kind = "Library"), /^coherence\.bundle\.json: kind: expected one of "Code", "Model"/],
      [(m) => (m.version = "1.2"), /^coherence\.bundle\.json: version: expected a semantic version/],
      [(m) => (m.licence = "MIT OR Apache-2.0"), /^coherence\.bundle\.json: licence: expected an SPDX licence/],
      [(m) => (m.repository = "github.com/x"), /^coherence\.bundle\.json: repository: expected an absolute URL/],
      [(m) => (m.package = "Greeter"), /^coherence\.bundle\.json: package: expected an npm package name/],
      [(m) => ((m.run as { export: string }).export = "greet()"), /^coherence\.bundle\.json: run\.export:/],
      [(m) => ((m.run as { runtime: string }).runtime = "deno"), /^coherence\.bundle\.json: run\.runtime:/],
      [(m) => (m.parent = []), /^coherence\.bundle\.json: parent: unexpected field/],
      [(m) => delete m.description, /^coherence\.bundle\.json: description: missing$/],
    ];
    for (const [change, expected] of cases) assert.match(errorOf(change), expected);
  });

  test("malformed JSON is named by its file", () => {
    assert.throws(
      () => parseJson(bundleManifestSchema, '{"format": ', { source: "coherence.bundle.json" }),
      /^MalformedFieldError: coherence\.bundle\.json: \(root\): is not JSON/,
    );
  });
});
