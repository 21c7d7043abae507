import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import type { GitHttpServer } from "../testing/gitHttpServer.ts";
import { GitRepository } from "../testing/gitRepository.ts";
import { startLeakWatchingGitServer } from "../testing/leakWatchingGitServer.ts";
import { filesHolding } from "../testing/secretLeaks.ts";
import { basicAuthorization } from "./fetchAuthorization.ts";
import type { StoredPreview } from "./preview.ts";
import { mirrorOf, scoreChange } from "./scoreChange.ts";

describe("scoring a preview in the intake's mirror", () => {
  let dir: string;
  let repo: GitRepository;
  let forkPoint: string;
  let head: string;
  let mainTip: string;
  let bump: string;
  let server: GitHttpServer;
  /** The command lines seen holding the token while the server answered the fetch. */
  const leaked: string[] = [];
  const TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
  const AUTHORIZATION = basicAuthorization("x-access-token", TOKEN);
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
    await repo.checkout("bump", true);
    bump = await repo.commit(
      { "package.json": `${JSON.stringify({ name: "lib", dependencies: { "left-pad": "1.3.0" } }, null, 2)}\n` },
      { message: "Bump left-pad" },
    );
    await repo.checkout("main");
    mainTip = await repo.commit({ "docs/other.md": "# Someone else's work\n" }, { message: "other" });
    server = await startLeakWatchingGitServer(path.join(dir, "forge"), AUTHORIZATION, [TOKEN, AUTHORIZATION], leaked);
  });
  after(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

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

  test("a private repository is fetched with the forge's credentials, which no command line or mirror file holds", async () => {
    const target = { ...preview().target, repository: "github.com/octo-org/private", name: "private" };
    const score = await scoreChange(
      parameters(),
      preview({ target, cloneUrl: `${server.url}/lib.git` }),
      AUTHORIZATION,
    );
    assert.equal(score.state, "scored", JSON.stringify(score));
    assert.ok(server.requests.length > 0 && server.requests.every((r) => r.authorized), "every request carried it");
    assert.deepEqual(leaked, [], "no process had the token on its command line");
    const mirror = mirrorOf(parameters().mirrorsDir, preview({ target }));
    assert.deepEqual(await filesHolding(mirror, [TOKEN, AUTHORIZATION]), [], "nor any file of the mirror");

    // Another mirror: commits a mirror already holds are not fetched again, so no credentials are asked for.
    const other = { ...target, repository: "github.com/octo-org/revoked", name: "revoked" };
    const refused = await scoreChange(
      parameters(),
      preview({ target: other, cloneUrl: `${server.url}/lib.git` }),
      basicAuthorization("x-access-token", "ghs_revoked"),
    );
    assert.equal(refused.state, "failed");
    assert.match(
      refused.state === "failed" ? refused.reason : "",
      /^fetching [0-9a-f]{12} and [0-9a-f]{12} from http:\/\/127\.0\.0\.1:\d+\/lib\.git: the forge refused the intake's credentials/,
    );
    const anonymous = await scoreChange(parameters(), preview({ target: other, cloneUrl: `${server.url}/lib.git` }));
    assert.match(anonymous.state === "failed" ? anonymous.reason : "", /needs credentials, and the intake has none/);
  });

  test("a dependency bump is not scored but held for a reviewer, with its kind, as the oracle's reviewKinds say", async () => {
    const score = await scoreChange(parameters(), preview({ head: bump }));
    assert.deepEqual(score, { state: "held", range: `${forkPoint}..${bump}`, kind: "dependencies" });
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
