import assert from "node:assert/strict";
import type { Server } from "node:http";
import { after, before, describe, test } from "node:test";
import { Webhooks } from "@octokit/webhooks";

import { SqliteStore } from "../store/sqliteStore.ts";
import { examplePayload, postDelivery } from "../testing/deliveries.ts";
import { mergeRequestHook, postGitLabDelivery } from "../testing/gitlabDeliveries.ts";
import { githubSource, gitlabSource } from "../webhook/webhookSources.ts";
import { startIntakeServer } from "./intakeServer.ts";

const SECRET = "intake-test-secret";
const GITLAB_SECRET = "gitlab-webhook-token";

describe("the intake server receives GitHub deliveries", () => {
  const webhooks = new Webhooks({ secret: SECRET });
  const store = SqliteStore.open(":memory:");
  let server: Server;
  let url: string;
  let queued = 0;

  before(async () => {
    ({ server, url } = await startIntakeServer(
      {
        store,
        sources: [githubSource(webhooks), gitlabSource(GITLAB_SECRET)],
        maxPayloadBytes: 64 * 1024,
        now: () => 1_700_000_000,
        onQueued: () => queued++,
      },
      0,
    ));
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  });

  const body = JSON.stringify(examplePayload("pull_request", "closed"));
  const refusalOf = async (delivery: string) => (await store.refusals()).filter((r) => r.deliveryId === delivery);

  test("a delivery signed with the secret is queued once, under its event and action", async () => {
    const answer = await postDelivery({ url, event: "pull_request", id: "d-ok", body, signature: webhooks });
    assert.deepEqual(answer, { status: 202, body: { outcome: "queued", delivery: "d-ok" } });
    const [next] = await store.queued(10);
    assert.equal(next?.id, "d-ok");
    assert.equal(next?.event, "pull_request.closed");
    assert.equal(next?.payload, body, "the payload is stored as signed, byte for byte");
    assert.equal(queued, 1, "the worker is told");
    const state = await (await fetch(`${url}/deliveries/d-ok`)).json();
    assert.deepEqual(state, { delivery: "d-ok", state: "queued" });
  });

  test("a replayed delivery id is refused with its reason and not queued again", async () => {
    const again = await postDelivery({ url, event: "pull_request", id: "d-ok", body, signature: webhooks });
    assert.equal(again.status, 200, "answered 2xx so that the sender does not retry it");
    assert.equal(again.body.outcome, "replayed-delivery");
    assert.deepEqual(
      (await refusalOf("d-ok")).map((r) => r.code),
      ["replayed-delivery"],
    );
    assert.equal(queued, 1);
  });

  test("a delivery without a signature is refused (401) and recorded", async () => {
    const answer = await postDelivery({ url, event: "pull_request", id: "d-unsigned", body, signature: undefined });
    assert.equal(answer.status, 401);
    assert.equal(answer.body.outcome, "missing-signature");
    assert.match((await refusalOf("d-unsigned"))[0]!.reason, /no X-Hub-Signature-256/);
  });

  test("a delivery signed with another secret is refused (401) and recorded", async () => {
    const other = new Webhooks({ secret: "not-the-secret" });
    const answer = await postDelivery({ url, event: "pull_request", id: "d-forged", body, signature: other });
    assert.equal(answer.status, 401);
    assert.equal(answer.body.outcome, "bad-signature");
    const tampered = await postDelivery({
      url,
      event: "pull_request",
      id: "d-tampered",
      body: body.replace('"closed"', '"opened"'),
      signature: await webhooks.sign(body),
    });
    assert.equal(tampered.body.outcome, "bad-signature", "a signature over other bytes is no signature of these");
    assert.equal((await refusalOf("d-forged"))[0]!.code, "bad-signature");
  });

  test("a signed payload that is not JSON is refused (400) as malformed", async () => {
    const answer = await postDelivery({
      url,
      event: "pull_request",
      id: "d-bad-json",
      body: "{nope",
      signature: webhooks,
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.outcome, "malformed-json");
    assert.match((await refusalOf("d-bad-json"))[0]!.reason, /not JSON/);
  });

  test("a payload over the size limit is refused (413) without being read", async () => {
    const big = JSON.stringify({ action: "closed", padding: "x".repeat(70 * 1024) });
    const answer = await postDelivery({ url, event: "pull_request", id: "d-big", body: big, signature: webhooks });
    assert.equal(answer.status, 413);
    assert.equal(answer.body.outcome, "oversized-payload");
    assert.match((await refusalOf("d-big"))[0]!.reason, /larger than 65536 bytes/);
  });

  const merged = JSON.stringify(
    mergeRequestHook({
      project: { id: 101, pathWithNamespace: "octo-org/lib" },
      iid: 3,
      by: { login: "linus", id: 1012 },
      authorId: 1010,
      action: "merge",
      merge: "a".repeat(40),
    }),
  );

  test("a GitLab delivery with the webhook's secret token is queued once, by its event UUID, as object_kind.action", async () => {
    const answer = await postGitLabDelivery({ url, body: merged, token: GITLAB_SECRET, uuid: "gl-ok" });
    assert.deepEqual(answer, { status: 202, body: { outcome: "queued", delivery: "gl-ok" }, uuid: "gl-ok" });
    const next = (await store.queued(10)).find((d) => d.id === "gl-ok");
    assert.equal(next?.forge, "gitlab");
    assert.equal(next?.event, "merge_request.merge");
    assert.equal(next?.payload, merged);
    const again = await postGitLabDelivery({ url, body: merged, token: GITLAB_SECRET, uuid: "gl-ok" });
    assert.equal(again.status, 200);
    assert.equal(again.body.outcome, "replayed-delivery", "the same X-Gitlab-Event-UUID is processed once");
    assert.equal(queued, 2, "queued once; the replay is not");
  });

  test("a GitLab delivery without the token, or with another, is refused (401) with its reason and recorded", async () => {
    const missing = await postGitLabDelivery({ url, body: merged, token: undefined, uuid: "gl-no-token" });
    assert.equal(missing.status, 401);
    assert.equal(missing.body.outcome, "missing-token");
    assert.match((await refusalOf("gl-no-token"))[0]!.reason, /no X-Gitlab-Token/);
    for (const [uuid, token] of [
      ["gl-bad-token", "not-the-token"],
      ["gl-prefix", GITLAB_SECRET.slice(0, -1)],
      ["gl-longer", `${GITLAB_SECRET}x`],
    ] as const) {
      const bad = await postGitLabDelivery({ url, body: merged, token, uuid });
      assert.equal(bad.status, 401, token);
      assert.equal(bad.body.outcome, "bad-token", token);
      assert.equal((await refusalOf(uuid))[0]?.code, "bad-token");
    }
    const github = await postDelivery({ url, event: "pull_request", id: "gh-as-gl", body, signature: GITLAB_SECRET });
    assert.equal(github.body.outcome, "bad-signature", "GitLab's token is no GitHub signature");
  });

  test("a GitLab delivery without an event UUID is refused (400) as having no delivery id", async () => {
    const response = await fetch(`${url}/webhooks/gitlab`, {
      method: "POST",
      headers: { "x-gitlab-token": GITLAB_SECRET, "x-gitlab-event": "Merge Request Hook" },
      body: merged,
    });
    assert.equal(response.status, 400);
    const answer = (await response.json()) as { outcome: string; reason: string };
    assert.deepEqual(answer, {
      outcome: "missing-delivery-id",
      reason: "the delivery has no X-Gitlab-Event-UUID header",
    });
  });

  test("nothing refused was queued", async () => {
    for (const id of ["d-ok", "gl-ok"])
      await store.complete(id, { refusals: [], contributions: [], links: [], unlinks: [], approvals: [] }, 1);
    assert.deepEqual(await store.queued(10), []);
    assert.equal(queued, 2);
  });
});
