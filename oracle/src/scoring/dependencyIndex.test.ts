import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createScoringConfig, DEFAULT_DEPENDENCIES, type ScoringConfigV2 } from "./config.ts";
import { DependencyRegistryError } from "./errors.ts";
import { createFixtureRepository, FIXTURE_EPOCH_SECONDS, type FixtureRepository } from "./fixtures.ts";
import { measureChange } from "./measureChange.ts";
import { indexFingerprints } from "./noveltyMetric.ts";
import { isUnscorable } from "./unscorable.ts";

/** A dependency's published code: what a contributor pastes without its header. */
const PARSER = `'use strict';
function parseContentType(str) {
  if (str.length === 0) return;
  const params = Object.create(null);
  let i = 0;
  for (; i < str.length; ++i) {
    const code = str.charCodeAt(i);
    if (TOKEN[code] !== 1) {
      if (code !== 47 || i === 0) return;
      break;
    }
  }
  if (i === str.length) return;
  const type = str.slice(0, i).toLowerCase();
  const subtypeStart = ++i;
  for (; i < str.length; ++i) {
    const code = str.charCodeAt(i);
    if (TOKEN[code] !== 1) {
      if (i === subtypeStart) return;
      if (parseContentTypeParams(str, i, params) === undefined) return;
      break;
    }
  }
  if (i === subtypeStart) return;
  const subtype = str.slice(subtypeStart, i).toLowerCase();
  return { type, subtype, params };
}
module.exports = { parseContentType };
`;
const OWN = `export function retryDelay(attempt: number, base: number): number {
  const jitter = (attempt * 7919) % 13;
  const delay = base * 2 ** Math.min(attempt, 10) + jitter;
  return Math.min(delay, 60_000);
}
`;

/** A gzipped npm tarball holding `files` under `package/`, and its integrity. */
function tarball(dir: string, files: Record<string, string>): { data: Buffer; integrity: string } {
  const root = mkdtempSync(join(dir, "pack-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, "package", path, ".."), { recursive: true });
    writeFileSync(join(root, "package", path), text);
  }
  execFileSync("tar", ["-czf", join(root, "p.tgz"), "-C", root, "package"]);
  const data = readFileSync(join(root, "p.tgz"));
  return { data, integrity: `sha512-${createHash("sha512").update(data).digest("base64")}` };
}

describe("dependency index (scoring v2 with dependencies)", () => {
  let dir: string;
  let repo: FixtureRepository;
  let server: Server;
  let registry: string;
  let requests: string[];
  const published = new Map<string, { data: Buffer; integrity: string }>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "dependency-index-"));
    published.set(
      "content-type-parser@1.2.0",
      tarball(dir, { "lib/parse.js": `/*! (c) A. Author, MIT */\n${PARSER}` }),
    );
    published.set("content-type-parser@2.0.0", tarball(dir, { "lib/parse.js": "module.exports = 2;\n" }));
    requests = [];
    server = createServer((request, response) => {
      requests.push(request.url ?? "");
      const tgz = /^\/tarballs\/(.+)\.tgz$/.exec(request.url ?? "");
      if (tgz !== null && published.has(tgz[1]!)) return response.end(published.get(tgz[1]!)!.data);
      if (request.url === "/content-type-parser") {
        const versions: Record<string, unknown> = {};
        const time: Record<string, string> = {};
        for (const [name, { integrity }] of published) {
          const version = name.split("@")[1]!;
          versions[version] = { dist: { integrity, tarball: `${registry}/tarballs/${name}.tgz` } };
          // 2.0.0 is published after the commits: a range resolved as of their time never takes it.
          time[version] = new Date(
            (FIXTURE_EPOCH_SECONDS + (version === "2.0.0" ? 86_400 : -86_400)) * 1000,
          ).toISOString();
        }
        return response.end(JSON.stringify({ versions, time }));
      }
      response.statusCode = 404;
      response.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const manifest = JSON.stringify({
      dependencies: { "content-type-parser": "^1.0.0 || ^2.0.0", "left-pad-gone": "^1.0.0" },
      devDependencies: { local: "file:../local" },
    });
    repo = await createFixtureRepository(join(dir, "app"), [
      { message: "app", files: { "package.json": manifest, "src/app.ts": "export const app = 1;\n" } },
      { message: "paste the parser", files: { "src/contentType.js": PARSER } },
      { message: "own code", files: { "src/retry.ts": OWN } },
    ]);
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const config = (cache: string, reach = registry): ScoringConfigV2 => ({
    ...createScoringConfig(
      { "1": { url: "https://example.org/app.git", path: repo.path } },
      { dependencies: { ...DEFAULT_DEPENDENCIES, registry: reach } },
    ),
    dependencyCache: cache,
  });

  test("code pasted from a declared package without its header is not novel, and the package is named", async () => {
    const cache = join(dir, "cache-paste");
    const measured = await measureChange("1", repo.commits[1]!, config(cache), indexFingerprints([]));
    const raw = measured.metrics.novelty.raw as Record<string, unknown>;
    assert.equal(raw.novel, 0);
    assert.equal(raw.inDependencies, raw.fingerprints);
    assert.deepEqual(raw.dependencies, {
      indexed: ["content-type-parser@1.2.0"],
      missing: [
        { name: "left-pad-gone", spec: "^1.0.0", reason: "the registry has no such package" },
        { name: "local", spec: "file:../local", reason: "not a registry version range" },
      ],
      matched: [{ package: "content-type-parser@1.2.0", fingerprints: raw.fingerprints }],
    });
    assert.equal(measured.metrics.novelty.bps, 0);
    assert.match(measured.metrics.novelty.reason!, /in declared dependencies \(2 declared package\(s\) not indexed\)/);
  });

  test("after the first fetch, scoring reads only the cache: the same record with the registry gone", async () => {
    const cache = join(dir, "cache-offline");
    const first = await measureChange("1", repo.commits[1]!, config(cache), indexFingerprints([]));
    requests = [];
    const again = await measureChange(
      "1",
      repo.commits[1]!,
      config(cache, "http://127.0.0.1:9"),
      indexFingerprints([]),
    );
    assert.deepEqual(requests, []);
    assert.deepEqual(again, first);
  });

  test("the contributor's own code stays novel", async () => {
    const measured = await measureChange("1", repo.commits[2]!, config(join(dir, "cache-own")), indexFingerprints([]));
    const raw = measured.metrics.novelty.raw as Record<string, unknown>;
    assert.equal(raw.inDependencies, 0);
    assert.equal(measured.metrics.novelty.bps, 10_000);
  });

  test("a registry that cannot be reached stops scoring as this machine's fault, never a silent difference", async () => {
    await assert.rejects(
      measureChange(
        "1",
        repo.commits[1]!,
        config(join(dir, "cache-none"), "http://127.0.0.1:9"),
        indexFingerprints([]),
      ),
      (error) => error instanceof DependencyRegistryError && !isUnscorable(error),
    );
  });

  test("a tarball that does not match its integrity is recorded as missing", async () => {
    const cache = join(dir, "cache-tampered");
    const genuine = published.get("content-type-parser@1.2.0")!;
    published.set("content-type-parser@1.2.0", { ...genuine, data: tarball(dir, { "x.js": "1;\n" }).data });
    try {
      const measured = await measureChange("1", repo.commits[1]!, config(cache), indexFingerprints([]));
      const { dependencies } = measured.metrics.novelty.raw as { dependencies: { missing: { reason: string }[] } };
      assert.match(dependencies.missing[0]!.reason, /does not match its integrity sha512-/);
      const raw = measured.metrics.novelty.raw as Record<string, number>;
      assert.equal(raw.inDependencies, 0);
      assert.equal(raw.novel, raw.fingerprints! - raw.duplicatedWithin!);
    } finally {
      published.set("content-type-parser@1.2.0", genuine);
    }
  });

  test("a package of over 1 MiB (typescript's size) is indexed by streaming its tarball; a bound on its code is recorded", async () => {
    const genuine = published.get("content-type-parser@1.2.0")!;
    // Hashes as names hardly compress: the tarball is about 1.5 MiB, over the 1 MiB that configs before read.
    let filler = "";
    for (let i = 0; filler.length < 3 << 20; i++)
      filler += `export const v${createHash("sha1").update(String(i)).digest("hex")} = ${i};\n`;
    const large = tarball(dir, { "lib/parse.js": PARSER, "lib/filler.js": filler.slice(0, (1 << 20) - 1) });
    const more = tarball(dir, { "lib/parse.js": PARSER, "lib/a.js": filler.slice(0, 1 << 19), "lib/b.js": filler });
    assert.ok(more.data.length > 1 << 20, `${more.data.length} bytes`);
    try {
      published.set("content-type-parser@1.2.0", more);
      const measure = (settings: Partial<typeof DEFAULT_DEPENDENCIES>, cache: string) =>
        measureChange(
          "1",
          repo.commits[1]!,
          { ...config(join(dir, cache)), dependencies: { ...DEFAULT_DEPENDENCIES, registry, ...settings } },
          indexFingerprints([]),
        ).then((m) => m.metrics.novelty.raw as Record<string, unknown> & { dependencies: Record<string, unknown> });
      const streamed = await measure({}, "cache-large");
      assert.deepEqual(streamed.dependencies.indexed, ["content-type-parser@1.2.0"]);
      assert.equal(streamed.inDependencies, streamed.fingerprints, "the pasted parser is found in it");
      assert.equal(streamed.dependencies.truncated, undefined);
      const before = await measure({ maxTarballBytes: 1 << 20, maxPackageCodeBytes: undefined }, "cache-large-1m");
      assert.match(
        (before.dependencies.missing as { reason: string }[])[0]!.reason,
        /over maxTarballBytes \(1048576\)/,
      );
      const bounded = await measure({ maxPackageCodeBytes: 1 }, "cache-large-bounded");
      assert.deepEqual(bounded.dependencies.truncated, ["content-type-parser@1.2.0"]);
      published.set("content-type-parser@1.2.0", large);
      assert.ok(large.data.length <= 1 << 20);
      const small = await measure({ maxTarballBytes: 1 << 20, maxPackageCodeBytes: undefined }, "cache-small");
      assert.equal(small.inDependencies, small.fingerprints, "a tarball under 1 MiB is read as before");
    } finally {
      published.set("content-type-parser@1.2.0", genuine);
    }
  });

  test("a config without the index measures as before: no dependency fields in the record", async () => {
    const plain = createScoringConfig(
      { "1": { url: "https://example.org/app.git", path: repo.path } },
      { dependencies: undefined },
    );
    const measured = await measureChange("1", repo.commits[1]!, plain, indexFingerprints([]));
    const raw = measured.metrics.novelty.raw as Record<string, unknown>;
    assert.equal("inDependencies" in raw || "dependencies" in raw, false);
    assert.equal(raw.novel, (raw.fingerprints as number) - (raw.duplicatedWithin as number));
  });
});
