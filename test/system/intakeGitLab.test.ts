/**
 * The forge intake behind its GitLab adapter, end to end: the service as its own process on a Hardhat node with the
 * protocol deployed, configured for GitLab too (`CCN_GITLAB_*`), GitLab's REST API replayed from recorded shapes
 * over a real git repository, and deliveries of GitLab's documented webhook shapes (Merge Request Hook, Note Hook)
 * with the webhook's secret token and an event UUID, posted over HTTP. The same pipeline decides: a merged merge
 * request, approved by a Developer other than its author, of an owner-signed project by a linked author lands on the
 * ledger once (a fast-forward merge too, over its own range); a missing or wrong token, a replayed UUID, an unmerged or self-approved merge request are refused with
 * their reasons and attest nothing.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { waitFor } from "@coherence/devnet";
import {
  accountOf,
  forgeAccount,
  type GitRepository,
  type IntakeWorld,
  mergeRequestHook,
  type Name,
  noteHook,
  type PayloadProject,
  type Pull,
  postGitLabDelivery,
  type ReplayRepository,
  startIntakeWorld,
} from "@coherence/intake/testing";
import { costReportHash } from "@coherence/protocol";
import { keccak256, stringToBytes } from "viem";

describe("the forge intake, from a GitLab merge request webhook to the ledger", { timeout: 600_000 }, () => {
  let w: IntakeWorld;
  let lib: GitRepository;
  let replay: ReplayRepository;
  let project: PayloadProject;

  before(async () => {
    w = await startIntakeWorld({ gitlab: true });
    [lib, replay] = await w.optedInRepository("lib", "ada", undefined, "gitlab");
    project = w.projectPayload("lib");
    await w.startIntake();
  });

  after(() => w?.stop());

  /** Posts a delivery with the webhook's token, or the one told (none when told undefined); its answer and UUID. */
  const post = (payload: Record<string, unknown>, options: { token?: string | undefined; uuid?: string } = {}) =>
    postGitLabDelivery({
      url: w.url,
      body: JSON.stringify(payload),
      token: "token" in options ? options.token : w.gitlabSecret,
      ...(options.uuid === undefined ? {} : { uuid: options.uuid }),
    });

  /** Posts a delivery with the token and waits until the intake has processed it; its UUID. */
  async function deliver(payload: Record<string, unknown>): Promise<string> {
    const answer = await post(payload);
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    await w.processed(answer.uuid);
    return answer.uuid;
  }

  const merged = (pull: Pull, author: Name, action: "merge" | "close" = "merge") =>
    mergeRequestHook({
      project,
      iid: pull.number,
      by: forgeAccount("linus"),
      authorId: forgeAccount(author).id,
      action,
      merge: pull.merge,
    });

  test("a /ccn link note links the GitLab account to the address that signed it", async () => {
    const id = await deliver(
      noteHook({ project, iid: 1, author: forgeAccount("ada"), body: await w.linkComment("ada", "ada", "gitlab") }),
    );
    assert.deepEqual(await w.refusalsOf(id), []);
    const links = await w.links();
    assert.deepEqual(
      links.map((l) => [l.forge, l.login, l.accountId, l.address]),
      [["gitlab", "ada", "1010", accountOf("ada").address]],
    );
    assert.equal(JSON.parse(links[0]!.statement).forge, "gitlab.com", "the statement names the forge gitlab.com");
    assert.equal(await w.verifyServedLink(links[0]!), true, "anyone can check the served link");
    assert.deepEqual(
      (await w.waitLinksSettled()).map((l) => [l.login, l.onChain]),
      [["ada", "linked"]],
      "recorded in the ForgeLinkRegistry, as a GitHub link is",
    );
  });

  let first: Pull;
  let firstDelivery: string;

  test("a merged merge request, approved by a Developer, by a linked author is attested once, bound to its range and report", async () => {
    const before = (await w.attestedOnChain()).length;
    first = await w.pullRequest(lib, replay, 2, {
      author: "ada",
      lines: 20,
      reviews: [{ by: "linus", state: "APPROVED" }],
    });
    firstDelivery = await deliver(merged(first, "ada"));
    assert.deepEqual(await w.refusalsOf(firstDelivery), []);
    const mine = (await w.contributions()).filter((c) => c.deliveryId === firstDelivery);
    assert.deepEqual(
      mine.map((c) => [c.repository, c.pullRequest, c.login]),
      [["gitlab.com/octo-org/lib", 2, "ada"]],
    );
    await w.waitAttested(mine.map((c) => c.id));
    // GitLab delivers a hook again under a new UUID when its receiver timed out: the same work, attested once.
    const again = await deliver(merged(first, "ada"));
    assert.deepEqual(await w.refusalsOf(again), []);
    const events = (await w.attestedOnChain()).slice(before);
    assert.equal(events.length, 1, "on the ledger once");
    const report = first.reports.get("ada")!;
    const range = `${first.base}..${first.merge}`;
    const [event] = events;
    assert.equal(event!.args.contributor, accountOf("ada").address);
    assert.equal(event!.args.evidenceUri, `https://gitlab.com/octo-org/lib.git#${range}`, "the project's clone URL");
    assert.equal(event!.args.evidenceHash, keccak256(stringToBytes(`${range};cost=${costReportHash(report)}`)));
    assert.equal(event!.args.laborMicroUsd, report.totals.laborMicroUsd);
    // The contributor is told on the merge request, in one note, once its attestation is in a block.
    const notes = await waitFor("a note on !2", async () => replay.commentLog?.comments.get(2), {
      timeoutMs: 60_000,
      process: w.intake,
    });
    assert.equal(notes.length, 1, "one note, though delivered twice");
    assert.ok(notes[0]!.body.startsWith(`<!-- coherence-intake:${firstDelivery} -->`));
    assert.match(notes[0]!.body, /decided gitlab\.com\/octo-org\/lib!2:/);
    assert.ok(notes[0]!.body.includes(`in transaction \`${event!.transactionHash}\``), notes[0]!.body);
  });

  test("a fast-forward merge, which makes no merge commit, is attested over the merge request's own range", async () => {
    const before = (await w.attestedOnChain()).length;
    const pull = await w.pullRequest(lib, replay, 9, {
      author: "ada",
      lines: 12,
      reviews: [{ by: "linus", state: "APPROVED" }],
      merge: "fast-forward",
    });
    assert.equal(await lib.git("rev-parse", "main"), pull.head, "main moved to the merge request's head");
    const id = await deliver(
      mergeRequestHook({
        project,
        iid: 9,
        by: forgeAccount("linus"),
        authorId: forgeAccount("ada").id,
        action: "merge",
      }),
    );
    assert.deepEqual(await w.refusalsOf(id), []);
    const mine = (await w.contributions()).filter((c) => c.deliveryId === id);
    await w.waitAttested(mine.map((c) => c.id));
    const [event] = (await w.attestedOnChain()).slice(before);
    assert.equal(
      event!.args.evidenceUri,
      `https://gitlab.com/octo-org/lib.git#${pull.base}..${pull.head}`,
      "its diff base to its head",
    );
  });

  test("a missing or wrong token and a replayed event UUID are refused with their reasons; nothing is queued", async () => {
    const payload = merged(first, "ada");
    const missing = await post(payload, { token: undefined, uuid: "gitlab-no-token" });
    assert.deepEqual([missing.status, missing.body.outcome], [401, "missing-token"]);
    const wrong = await post(payload, { token: "not-the-secret", uuid: "gitlab-bad-token" });
    assert.deepEqual([wrong.status, wrong.body.outcome], [401, "bad-token"]);
    const replayed = await post(payload, { uuid: firstDelivery });
    assert.deepEqual([replayed.status, replayed.body.outcome], [200, "replayed-delivery"]);
    const recorded = await w.refusals();
    for (const [id, code, reason] of [
      ["gitlab-no-token", "missing-token", /no X-Gitlab-Token header/],
      ["gitlab-bad-token", "bad-token", /not the webhook's secret token/],
      [firstDelivery, "replayed-delivery", /received before: it is processed once/],
    ] as const) {
      const found = recorded.find((r) => r.deliveryId === id && r.code === code);
      assert.ok(found, `${code} is recorded`);
      assert.match(found.reason, reason);
    }
    for (const id of ["gitlab-no-token", "gitlab-bad-token"])
      assert.equal((await w.get<{ state?: string }>(`deliveries/${id}`)).state, undefined, `${id} was not queued`);
  });

  test("an unmerged and a self-approved merge request are refused with their reasons, and nothing is attested", async () => {
    const before = (await w.attestedOnChain()).length;
    const unmerged = await w.pullRequest(lib, replay, 3, {
      author: "ada",
      lines: 20,
      reviews: [{ by: "linus", state: "APPROVED" }],
      merge: false,
    });
    const selfApproved = await w.pullRequest(lib, replay, 4, {
      author: "ada",
      lines: 20,
      reviews: [{ by: "ada", state: "APPROVED" }],
    });
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      [
        "closed without merging",
        merged(unmerged, "ada", "close"),
        "not-merged",
        /^the merge request was closed without being merged$/,
      ],
      ["approved only by its author", merged(selfApproved, "ada"), "self-approved", /its own author/],
    ];
    for (const [what, payload, code, reason] of cases) {
      const id = await deliver(payload);
      const found = await w.refusalsOf(id);
      assert.deepEqual(
        found.map((r) => [r.code, r.subject, r.logins, r.host]),
        [
          [
            code,
            `gitlab.com/octo-org/lib#${(payload.object_attributes as { iid: number }).iid}`,
            ["ada"],
            "gitlab.com",
          ],
        ],
        `${what}: the whole merge request's, found under its author's gitlab.com account`,
      );
      assert.match(found[0]!.reason, reason, `${what} says why`);
      assert.deepEqual(
        (await w.contributions()).filter((c) => c.deliveryId === id),
        [],
        `${what}: nothing to attest`,
      );
    }
    assert.equal((await w.attestedOnChain()).length, before, "the ledger is as it was");
  });

  test("an opened merge request gets one preview note with ccn score's score; a push and /ccn preview edit that note", async () => {
    const open = await w.pullRequest(lib, replay, 6, { author: "ada", lines: 12, reviews: [], merge: false });
    replay.pulls.set(6, { ...replay.pulls.get(6)!, open: true });
    const notes = () => replay.commentLog!.comments.get(6) ?? [];
    const preview = (head: string) =>
      waitFor(
        `the preview note of ${head.slice(0, 12)}`,
        async () => {
          const [note, ...more] = notes();
          assert.deepEqual(more, [], "one note");
          return note?.body.includes(`..${head}\``) === true ? note.body : undefined;
        },
        { timeoutMs: 120_000, process: w.intake },
      );
    const opened = () =>
      mergeRequestHook({ project, iid: 6, by: forgeAccount("ada"), authorId: forgeAccount("ada").id, action: "open" });
    await deliver(opened());
    const body = await preview(open.head);
    assert.ok(body.startsWith("<!-- Coherence preview -->\n### Coherence preview: Coherence "), body);
    assert.ok(body.includes(`- @ada: would be attested $80.00`) && body.includes(accountOf("ada").address), body);
    assert.match(body, /\| lint \| [\d,]+ \| 1,500 \| .*lint finding/);

    const pushed = await w.pushToPullRequest(lib, replay, open, 4);
    await deliver({
      ...opened(),
      object_attributes: { ...(opened().object_attributes as object), action: "update", oldrev: open.head },
    });
    await preview(pushed.head);
    const edited = notes()[0]!.body;
    const scored = () => w.intake.output().split('"event":"previewed"').length - 1;
    const before = scored();
    const again = await deliver(noteHook({ project, iid: 6, author: forgeAccount("linus"), body: "/ccn preview" }));
    assert.deepEqual(await w.refusalsOf(again), []);
    await waitFor("scored again", async () => (scored() > before ? true : undefined), {
      timeoutMs: 120_000,
      process: w.intake,
    });
    // The same head scores the same: once the new score is published, the note reads as it did.
    await waitFor("the note edited again", async () => (notes()[0]!.body === edited ? true : undefined), {
      timeoutMs: 60_000,
      process: w.intake,
    });
    assert.equal(notes().length, 1, "still one note");
  });
});
