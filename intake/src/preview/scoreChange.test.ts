import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { GitRepository } from "../testing/gitRepository.ts";
import type { StoredPreview } from "./preview.ts";
import { mirrorOf, scoreChange } from "./scoreChange.ts";

describe("scoring a preview in the intake's mirror", () => {
  let dir: string;
  let repo: GitRepository;
  let forkPoint: string;
  let head: string;
  let mainTip: string;
  const cloneUrl = "https://github.com/octo-org/lib.git";

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-intake-score-"));
    repo = await GitRepository.init(path.join(dir, "forge", "lib.git"));
    forkPoint = await repo.commit({ "README.md": "# lib\n" }, { message: "start" });
    await repo.checkout("feature", true);
    head = await repo.commit(
      { "src/sum.ts": "/** Adds two numbers. */\nexport const sum = (a: number, b: number) => a + b;\n" },
      { message: "sum" },
    );
    await repo.checkout("main");
    mainTip = await repo.commit({ "docs/other.md": "# Someone else's work\n" }, { message: "other" });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const preview = (overrides: Partial<StoredPreview> = {}): StoredPreview => ({
    target: {
      forge: "github",
      repository: "github.com/octo-org/lib",
      number: 3,
      scope: 1,
      owner: "octo-org",
      name: "lib",
    },
    head,
    base: mainTip,
    cloneUrl,
    people: [],
    refusals: [],
    deliveryId: "d-3",
    version: 1,
    score: undefined,
    ...overrides,
  });
  const parameters = (timeoutMs = 60_000) => ({
    mirrorsDir: path.join(dir, "mirrors"),
    insteadOf: [["https://github.com/octo-org/", `file://${path.join(dir, "forge")}/`] as const],
    timeoutMs,
  });

  test("fetches both commits into the mirror and scores from their merge base, not the target branch's tip", async () => {
    const score = await scoreChange(parameters(), preview());
    assert.equal(score.state, "scored", JSON.stringify(score));
    if (score.state !== "scored") return;
    assert.equal(score.range, `${forkPoint}..${head}`, "work merged into main since is not the change's");
    assert.ok(score.coherenceBps >= 0 && score.coherenceBps <= 10_000);
    assert.equal(score.multiplierBps, 5_000 + score.coherenceBps);
    assert.ok(score.metrics.some((m) => m.name === "lint" && m.reason.includes("lint finding")));
    assert.equal(
      (
        await repo.git("--git-dir", mirrorOf(parameters().mirrorsDir, preview()), "rev-parse", "refs/ccn/3/head")
      ).trim(),
      head,
    );
  });

  test("a clone URL that cannot be fetched, or a step past its timeout, is the preview's answer in words", async () => {
    // Another repository's mirror: commits a mirror already holds are not fetched again, from anywhere.
    const elsewhere = { ...preview().target, repository: "github.com/octo-org/nowhere", name: "nowhere" };
    const unfetchable = await scoreChange(
      parameters(),
      preview({ target: elsewhere, cloneUrl: path.join(dir, "nowhere.git") }),
    );
    assert.equal(unfetchable.state, "failed");
    assert.match(
      unfetchable.state === "failed" ? unfetchable.reason : "",
      /^fetching [0-9a-f]{12} and [0-9a-f]{12} from .*nowhere\.git: /,
    );
    const slow = await scoreChange(parameters(1), preview());
    assert.equal(slow.state, "failed");
    assert.match(slow.state === "failed" ? slow.reason : "", /took longer than 0\.001 s$/, "killed, and said so");
  });
});
