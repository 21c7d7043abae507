import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import {
  BUNDLE_MANIFEST_FILE,
  BUNDLE_MANIFEST_FORMAT,
  type BundleManifest,
  bundleContentHash,
  bundleManifestSchema,
  parse,
} from "@coherence/protocol";
import fc from "fast-check";

import { bundleContent } from "./bundleContent.ts";
import { hashBytes } from "./hashFile.ts";

const utf8 = (text: string) => new TextEncoder().encode(text);

const FILES: Record<string, string> = {
  "package.json": '{ "name": "greeter" }\n',
  "src/index.ts": 'export const greet = (name: string) => "hello " + name;\n',
  "src/index.test.ts": "import './index.ts';\n",
  "src/util/strings.ts": "export const upper = (s: string) => s.toUpperCase();\n",
  "docs/guide.md": "# Guide\n",
  ".github/ci.yml": "on: push\n",
};

/** Writes `files` under `dir`, creating directories. */
async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
}

/** A manifest with `content`, written to `dir`'s coherence.bundle.json; returns its path and decoded form. */
async function writeManifest(
  dir: string,
  content: unknown,
  extra: Record<string, unknown> = {},
): Promise<{ file: string; manifest: BundleManifest }> {
  const json = {
    format: BUNDLE_MANIFEST_FORMAT,
    kind: "Code",
    name: "greeter",
    description: "Greets",
    version: "0.1.0",
    licence: "MIT",
    repository: "https://github.com/example/greeter",
    content,
    parents: [],
    ...extra,
  };
  const file = path.join(dir, BUNDLE_MANIFEST_FILE);
  await writeFile(file, JSON.stringify(json, null, 2));
  return { file, manifest: parse(bundleManifestSchema, json, { source: file }) };
}

/** The content hash of exactly `paths` of FILES, computed by hand. */
function expectedHash(paths: string[]): `0x${string}` {
  return bundleContentHash(paths.map((p) => ({ path: p, hash: hashBytes(utf8(FILES[p]!)) })));
}

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-C", dir, "-c", "user.name=t", "-c", "user.email=t@t", ...args], {
    encoding: "utf8",
  });
}

describe("bundleContent", () => {
  let root: string;
  let dir: string;
  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), "ccn-bundle-content-"));
    dir = path.join(root, "greeter");
    await writeTree(dir, FILES);
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test("files and globs resolve to the sorted files they name; the manifest and excluded files are left out", async () => {
    const { file, manifest } = await writeManifest(dir, {
      files: ["package.json"],
      globs: ["src/**/*.ts", "!src/**/*.test.ts", "*.json"],
    });
    const { files, contentHash } = await bundleContent(file, manifest);
    assert.deepEqual(
      files.map((f) => f.path),
      ["package.json", "src/index.ts", "src/util/strings.ts"],
    );
    assert.equal(files[1]!.hash, hashBytes(utf8(FILES["src/index.ts"]!)));
    assert.equal(contentHash, expectedHash(["package.json", "src/index.ts", "src/util/strings.ts"]));
  });

  test("wildcards skip hidden files, which are content when named", async () => {
    const hidden = await writeManifest(dir, { globs: ["**", ".github/**"] });
    const paths = (await bundleContent(hidden.file, hidden.manifest)).files.map((f) => f.path);
    assert.ok(paths.includes(".github/ci.yml"));
    const plain = await writeManifest(dir, { globs: ["**"] });
    assert.ok(!(await bundleContent(plain.file, plain.manifest)).files.some((f) => f.path.startsWith(".github")));
  });

  test("each problem with the declared content names the manifest and the field", async () => {
    const cases: [unknown, Record<string, unknown>, RegExp][] = [
      [
        { files: ["src/missing.ts"] },
        {},
        /coherence\.bundle\.json: content\.files\[0\]: src\/missing\.ts does not exist$/,
      ],
      [{ files: ["src"] }, {}, /content\.files\[0\]: src is a directory: list its files, or use a glob$/],
      [{ files: [BUNDLE_MANIFEST_FILE] }, {}, /content\.files\[0\]: coherence\.bundle\.json is the manifest itself/],
      [{ globs: ["src/**/*.ts", "lib/**/*.ts"] }, {}, /content\.globs\[1\]: "lib\/\*\*\/\*\.ts" matches no file$/],
      [
        { globs: ["src/**"] },
        { run: { entry: "lib/main.js", export: "main", runtime: "node" } },
        /run\.entry: lib\/main\.js is not one of the content's files/,
      ],
      [{ globs: ["*.bundle.json"] }, {}, /: content: declares no file but the manifest itself$/],
    ];
    for (const [content, extra, expected] of cases) {
      const { file, manifest } = await writeManifest(dir, content, extra);
      await assert.rejects(bundleContent(file, manifest), expected);
    }
  });

  test("a path escaping the directory is refused when the manifest is read, before anything is hashed", async () => {
    await assert.rejects(
      writeManifest(dir, { files: ["../outside.txt"] }),
      /content\.files\[0\]: "\.\.\/outside\.txt" leaves the manifest's directory/,
    );
  });

  test("a symbolic link listed, matched, or passed through is refused", async () => {
    const linked = path.join(root, "linked");
    await writeTree(linked, { "src/real.ts": "export {};\n", "outside/secret.ts": "export {};\n" });
    await symlink("real.ts", path.join(linked, "src/alias.ts"));
    await symlink("../outside", path.join(linked, "src/vendor"));
    const cases: [unknown, RegExp][] = [
      [
        { files: ["src/alias.ts"] },
        /content\.files\[0\]: src\/alias\.ts is a symbolic link: bundle content is regular files only/,
      ],
      [
        { files: ["src/vendor/secret.ts"] },
        /content\.files\[0\]: src\/vendor\/secret\.ts passes through a symbolic link/,
      ],
      [{ globs: ["src/*.ts"] }, /content\.globs\[0\]: reaches src\/alias\.ts, which is a symbolic link/],
      [{ globs: ["src/vendor/**"] }, /content\.globs\[0\]: reaches src\/vendor, which is a symbolic link/],
    ];
    for (const [content, expected] of cases) {
      const { file, manifest } = await writeManifest(linked, content);
      await assert.rejects(bundleContent(file, manifest), expected);
    }
  });

  test("a commit's tree and that commit checked out hash the same; the working tree's edits do not count", async () => {
    const repository = path.join(root, "repository");
    const sub = path.join(repository, "packages/greeter");
    await writeTree(sub, FILES);
    await writeTree(repository, { "README.md": "outside the bundle\n" });
    const tree = await writeManifest(sub, { gitTree: "HEAD" });
    git(repository, "init", "-q");
    git(repository, "add", ".");
    git(repository, "commit", "-qm", "greeter");
    const fromTree = await bundleContent(tree.file, tree.manifest);
    assert.deepEqual(
      fromTree.files.map((f) => f.path),
      Object.keys(FILES).sort(),
    );
    await writeFile(path.join(sub, "src/index.ts"), "// edited, not committed\n");
    assert.equal((await bundleContent(tree.file, tree.manifest)).contentHash, fromTree.contentHash);

    const checkout = path.join(root, "checkout");
    await mkdir(checkout);
    execFileSync("sh", ["-c", `git -C "${repository}" archive HEAD packages/greeter | tar -x -C "${checkout}"`]);
    const globs = await writeManifest(path.join(checkout, "packages/greeter"), { globs: ["**", ".github/**"] });
    assert.equal((await bundleContent(globs.file, globs.manifest)).contentHash, fromTree.contentHash);
  });

  test("a revision git cannot read, and a symbolic link in the tree, are named", async () => {
    const repository = path.join(root, "links");
    await writeTree(repository, { "a.ts": "export {};\n" });
    await symlink("a.ts", path.join(repository, "b.ts"));
    git(repository, "init", "-q");
    git(repository, "add", ".");
    git(repository, "commit", "-qm", "links");
    const missing = await writeManifest(repository, { gitTree: "no-such-branch" });
    await assert.rejects(
      bundleContent(missing.file, missing.manifest),
      /content\.gitTree: git cannot list the tree of "no-such-branch"/,
    );
    const linked = await writeManifest(repository, { gitTree: "HEAD" });
    await assert.rejects(
      bundleContent(linked.file, linked.manifest),
      /content\.gitTree: b\.ts is a symbolic link in "HEAD"/,
    );
  });

  test("the hash does not depend on the order files are listed in or the order they were created in", async () => {
    const names = Object.keys(FILES).filter((f) => !f.startsWith("."));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(names, { minLength: names.length }), async (order) => {
        const copy = path.join(root, `order-${run++}`);
        for (const name of order) await writeTree(copy, { [name]: FILES[name]! });
        const listed = await writeManifest(copy, { files: order });
        const found = await writeManifest(copy, { globs: ["**"] });
        const listedHash = (await bundleContent(listed.file, listed.manifest)).contentHash;
        assert.equal(listedHash, expectedHash(names));
        assert.equal((await bundleContent(found.file, found.manifest)).contentHash, listedHash);
      }),
      { numRuns: 20 },
    );
  });
});
