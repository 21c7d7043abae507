import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import type { ReplayRepository } from "../testing/githubReplay.ts";
import { type OutboxWorld, startOutboxWorld } from "../testing/outboxWorld.ts";
import { FeedbackPostError, postDueFeedback } from "./feedbackPoster.ts";

describe("the outbox's worker", () => {
  const target = {
    forge: "github" as const,
    repository: "github.com/octo-org/lib",
    number: 3,
    scope: 99,
    owner: "octo-org",
    name: "lib",
  };
  let world: OutboxWorld;
  let replay: ReplayRepository;
  let store: OutboxWorld["store"];
  let forges: OutboxWorld["forges"];

  before(async () => {
    // The comment endpoints read no git: the repository's directory is never opened.
    world = await startOutboxWorld("ccn-intake-feedback-", { commentLog: { comments: new Map() } });
    ({ replay, store, forges } = world);
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
  after(() => world?.stop());

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
