import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";

import { createFixtureRepository, FIXTURE_EPOCH_SECONDS } from "../scoring/fixtures.ts";
import { workWindowOf } from "./workWindow.ts";

test("a range's window runs from its first commit to its last; its size is the lines it added and deleted", async () => {
  const repo = await createFixtureRepository(await mkdtemp(path.join(tmpdir(), "window-")), [
    { message: "base", files: { "a.ts": "one\ntwo\n" } },
    { message: "change", files: { "a.ts": "one\n2\n", "b.ts": "new\n" } },
    { message: "more", files: { "c.bin": "\u0000binary" } },
  ]);
  const [base, change, more] = repo.commits as [string, string, string];
  assert.deepEqual(await workWindowOf(repo.path, "fixture", `${base}..${more}`), {
    firstCommitSeconds: FIXTURE_EPOCH_SECONDS + 60,
    lastCommitSeconds: FIXTURE_EPOCH_SECONDS + 120,
    // a.ts: one line deleted, one added; b.ts: one added; the binary file counts none.
    changedLines: 3,
  });
  assert.deepEqual(await workWindowOf(repo.path, "fixture", change), {
    firstCommitSeconds: FIXTURE_EPOCH_SECONDS + 60,
    lastCommitSeconds: FIXTURE_EPOCH_SECONDS + 60,
    changedLines: 3,
  });
});
