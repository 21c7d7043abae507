import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { createFixtureRepository } from "./fixtures.ts";
import { gitText } from "./git.ts";

describe("createFixtureRepository", () => {
  test("makes the commits with the same ids in any directory", async () => {
    const commits = [
      { message: "one", files: { "a.txt": "a\n", "src/b.ts": "export const b = 1;\n" } },
      { message: "two", files: { "a.txt": null, "src/b.ts": "export const b = 2;\n" } },
    ];
    const first = await createFixtureRepository(await mkdtemp(join(tmpdir(), "fx-")), commits);
    const second = await createFixtureRepository(await mkdtemp(join(tmpdir(), "fx-")), commits);
    try {
      assert.equal(first.commits.length, 2);
      assert.match(first.commits[0]!, /^[0-9a-f]{40}$/);
      assert.deepEqual(first.commits, second.commits);
      assert.equal(
        await gitText(first.path, ["log", "-1", "--format=%an <%ae> %at %s"]),
        "Fixture Author <fixture@example.org> 1704067260 two",
      );
      assert.equal(await gitText(first.path, ["ls-files"]), "src/b.ts");
      assert.equal(await readFile(join(first.path, "src/b.ts"), "utf8"), "export const b = 2;\n");
    } finally {
      await rm(first.path, { recursive: true, force: true });
      await rm(second.path, { recursive: true, force: true });
    }
  });
});
