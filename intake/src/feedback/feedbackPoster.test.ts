import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { GitHubForge } from "../forge/githubForge.ts";
import { SqliteStore } from "../store/sqliteStore.ts";
import { type GitHubReplay, type ReplayRepository, startGitHubReplay } from "../testing/githubReplay.ts";
import { FeedbackPostError, postDueFeedback } from "./feedbackPoster.ts";

describe("the outbox's worker", () => {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const target = {
    forge: "github" as const,
    repository: "github.com/octo-org/lib",
    number: 3,
    scope: 99,
    owner: "octo-org",
    name: "lib",
  };
  let dir: string;
  let github: GitHubReplay;
  let replay: ReplayRepository;
  let store: SqliteStore;
  let forges: { github: GitHubForge };

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-intake-feedback-"));
    // The comment endpoints read no git: the repository's directory is never opened.
    replay = { dir, pulls: new Map(), permissions: new Map(), commentLog: { comments: new Map() } };
    github = await startGitHubReplay({
      appId: "4242",
      privateKey: pem,
      repositories: new Map([["octo-org/lib", replay]]),
    });
    forges = { github: new GitHubForge({ appId: "4242", privateKey: pem, baseUrl: github.url }) };
    store = SqliteStore.open(":memory:");
    const refusal = {
      deliveryId: "d3",
      stage: "gate" as const,
      code: "not-approved",
      subject: "github.com/octo-org/lib#3",
      reason: "no approving review",
    };
    await store.accept({ id: "d3", forge: "github", event: "pull_request.closed", payload: "{}", receivedAt: 1 });
    await store.complete(
      "d3",
      { refusals: [refusal], contributions: [], links: [], unlinks: [], approvals: [], feedback: target },
      1,
    );
  });
  after(async () => {
    await store.close();
    await github.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const parameters = () => ({ store, forges, now: () => 2, limit: 10 });
  const posted = () => replay.commentLog!.comments.get(3) ?? [];

  test("a post whose answer was lost is found by its marker on the next pass and not posted again", async () => {
    replay.commentLog!.fault = "answer-lost";
    await assert.rejects(postDueFeedback(parameters()), (error) => {
      assert.ok(error instanceof FeedbackPostError);
      assert.match(error.message, /github\.com\/octo-org\/lib#3/);
      return true;
    });
    assert.equal(posted().length, 1, "the forge kept the comment");
    assert.equal((await store.dueFeedback(10)).length, 1, "still due: the worker never heard it was posted");
    await assert.rejects(postDueFeedback(parameters()), FeedbackPostError, "while the forge is down, nothing is done");
    assert.equal(posted().length, 1);

    replay.commentLog!.fault = undefined;
    assert.deepEqual(await postDueFeedback(parameters()), { posted: 0, found: 1 });
    assert.equal(posted().length, 1, "exactly one comment");
    assert.match(posted()[0]!.body, /^<!-- coherence-intake:d3 -->/);
    assert.match(posted()[0]!.body, /no approving review \(`not-approved`\)/);
    assert.deepEqual(await store.dueFeedback(10), []);
    assert.deepEqual(await postDueFeedback(parameters()), { posted: 0, found: 0 });
  });
});
