import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DEFAULT_LIMITS } from "./config.ts";
import { changedFiles, lineCount, parseAddedLines } from "./diff.ts";
import { createFixtureRepository, type FixtureRepository } from "./fixtures.ts";

const body = (n: number, prefix: string): string =>
  `${Array.from({ length: n }, (_, i) => `${prefix} line ${i + 1}`).join("\n")}\n`;

describe("changedFiles", () => {
  let repo: FixtureRepository;
  before(async () => {
    repo = await createFixtureRepository(await mkdtemp(join(tmpdir(), "diff-")), [
      {
        message: "base",
        files: { "src/keep.ts": body(10, "keep"), "src/move.ts": body(20, "move"), "src/gone.ts": "x\n" },
      },
      {
        message: "change",
        files: {
          "src/keep.ts": body(10, "keep")
            .replace("keep line 3\n", "changed 3\n")
            .replace("keep line 10\n", "keep line 10\nadded 11\n"),
          "src/move.ts": null,
          "lib/moved.ts": body(20, "move").replace("move line 5\n", "edited 5\n"),
          "src/gone.ts": null,
          "img.bin": "\u0000\u0001",
          "src/new.ts": "a\nb\n",
        },
      },
    ]);
  });
  after(() => rm(repo.path, { recursive: true, force: true }));

  test("lists added, modified and renamed files sorted by path, with their added lines", async () => {
    const { files, skipped } = await changedFiles(repo.path, repo.commits[0]!, repo.commits[1]!, DEFAULT_LIMITS);
    assert.deepEqual(
      files.map((f) => [f.path, f.status, f.addedLines]),
      [
        ["lib/moved.ts", "R", [5]],
        ["src/keep.ts", "M", [3, 11]],
        ["src/new.ts", "A", [1, 2]],
      ],
    );
    assert.deepEqual(skipped, [{ path: "img.bin", reason: "binary", detail: "a NUL byte at offset 0" }]);
  });
});

test("parseAddedLines reads -U0 hunk headers", () => {
  assert.deepEqual(
    parseAddedLines("@@ -1 +1 @@\n-a\n+b\n@@ -5,0 +6,2 @@\n+c\n+d\n@@ -9,2 +11,0 @@\n-e\n-f\n"),
    [1, 6, 7],
  );
});

test("lineCount does not count a final newline as a line", () => {
  assert.deepEqual(["", "a", "a\n", "a\nb", "a\nb\n", "\n"].map(lineCount), [0, 1, 1, 2, 2, 1]);
});
