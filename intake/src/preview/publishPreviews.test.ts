import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { FeedbackPostError } from "../feedback/feedbackPoster.ts";
import { GitLabForge } from "../forge/gitlabForge.ts";
import { NO_OUTCOME } from "../store/intakeStore.ts";
import type { ReplayRepository } from "../testing/githubReplay.ts";
import { startGitLabReplay } from "../testing/gitlabReplay.ts";
import { type OutboxWorld, startOutboxWorld } from "../testing/outboxWorld.ts";
import { basicAuthorization } from "./fetchAuthorization.ts";
import { previewKey } from "./preview.ts";
import { publishDuePreviews } from "./publishPreviews.ts";

describe("the outbox's worker, for previews", () => {
  const HEAD = "a".repeat(40);
  const target = {
    forge: "github" as const,
    repository: "github.com/octo-org/lib",
    number: 4,
    scope: 99,
    owner: "octo-org",
    name: "lib",
  };
  let world: OutboxWorld;
  let dir: string;
  let replay: ReplayRepository;
  let store: OutboxWorld["store"];
  let forges: OutboxWorld["forges"];

  before(async () => {
    // The Checks API reads no git: the repository's directory is never opened.
    world = await startOutboxWorld("ccn-intake-previews-");
    ({ dir, replay, store, forges } = world);
    await store.accept({ id: "p4", forge: "github", event: "pull_request.opened", payload: "{}", receivedAt: 1 });
    const preview = { target, head: HEAD, base: "b".repeat(40), cloneUrl: "x", people: [], refusals: [] };
    await store.complete("p4", { refusals: [], contributions: [], links: [], unlinks: [], approvals: [], preview }, 1);
  });
  after(() => world?.stop());

  const parameters = () => ({ store, forges, now: () => 2, limit: 10 });
  const runs = () => replay.checkRunLog?.runs ?? [];

  test("publishes the latest version once; a post whose answer was lost is the same run, updated, on the next pass", async () => {
    assert.deepEqual(await publishDuePreviews(parameters()), { published: 1 });
    assert.deepEqual(await publishDuePreviews(parameters()), { published: 0 }, "published: not due again");
    assert.equal(runs()[0]!.states.at(-1)!.status, "in_progress");

    const [unscored] = await store.unscoredPreviews(1);
    const score = { state: "failed" as const, reason: "the fetch took longer than 120 s" };
    await store.recordPreviewScore(previewKey(unscored!), score, undefined, 3);
    replay.checkRunLog!.fault = "answer-lost";
    await assert.rejects(publishDuePreviews(parameters()), (error) => {
      assert.ok(error instanceof FeedbackPostError);
      assert.match(error.message, /github\.com\/octo-org\/lib#4/);
      return true;
    });
    assert.equal((await store.duePreviews(10)).length, 1, "still due: the worker never heard it was published");
    replay.checkRunLog!.fault = undefined;
    assert.deepEqual(await publishDuePreviews(parameters()), { published: 1 });
    assert.equal(runs().length, 1, "one run on the head");
    assert.deepEqual(
      runs()[0]!.states.map((s) => [s.status, s.title]),
      [
        ["in_progress", `Scoring ${"b".repeat(12)}..${"a".repeat(12)}`],
        ["completed", "Not scored"],
        ["completed", "Not scored"],
      ],
    );
    assert.deepEqual(await store.duePreviews(10), []);
  });

  test("on GitLab, a change held for review is told in the merge request's note; its fetches carry the access token", async () => {
    const token = "glpat-previews";
    const base = "b".repeat(40);
    const project: ReplayRepository = {
      dir,
      pulls: new Map([[6, { head: HEAD, base, reviews: [], open: true }]]),
      permissions: new Map(),
      commentLog: { comments: new Map() },
    };
    const gitlab = await startGitLabReplay({ token, projects: new Map([[101, project]]) });
    try {
      const gitlabForge = new GitLabForge({ token, host: gitlab.url });
      const mr = { forge: "gitlab" as const, repository: "gitlab.com/octo-org/lib", number: 6, scope: 101 };
      const preview = { target: { ...mr, owner: "octo-org", name: "lib" }, head: HEAD, base, cloneUrl: "x" };
      await store.accept({ id: "g6", forge: "gitlab", event: "merge_request.open", payload: "{}", receivedAt: 4 });
      await store.complete("g6", { ...NO_OUTCOME, preview: { ...preview, people: [], refusals: [] } }, 4);
      const [unscored] = (await store.unscoredPreviews(10)).filter((p) => p.target.forge === "gitlab");
      const held = { state: "held" as const, range: `${base}..${HEAD}`, kind: "release" };
      await store.recordPreviewScore(previewKey(unscored!), held, undefined, 5);
      await publishDuePreviews({ ...parameters(), forges: { ...forges, gitlab: gitlabForge } });
      const [note, ...more] = project.commentLog!.comments.get(6)!;
      assert.deepEqual(more, [], "one note");
      assert.ok(note!.body.includes("### Coherence preview: Held for review (a release); 0 of 0 would be attested"));
      assert.ok(note!.body.includes(`Held for review: \`${base}..${HEAD}\` is a release`), note!.body);
      assert.equal(
        await (await gitlabForge.repository(101, "octo-org", "lib")).fetchAuthorization(),
        basicAuthorization("oauth2", token),
      );
    } finally {
      await gitlab.stop();
    }
  });
});
