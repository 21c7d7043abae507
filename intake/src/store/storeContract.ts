/**
 * What every intake store must do, as tests any store's test file runs against its own database: durable across
 * a reopen, one delivery queued once, a delivery's outcome written at once, contributions known once by id,
 * exact uint64 costs, batches from pending to sent to attested, the rate limit's count, links replaced and kept,
 * and the outbox of comments: one per change request, due once the chain settled its contributions, posted once.
 */
import assert from "node:assert/strict";
import { test } from "node:test";

import { DEFAULT_GATES } from "../optIn/coherenceFile.ts";
import { previewKey, type StoredPreview } from "../preview/preview.ts";
import type { Contribution, DeliveryOutcome, IntakeStore } from "./intakeStore.ts";

const NOTHING: DeliveryOutcome = { refusals: [], contributions: [], links: [], unlinks: [], approvals: [] };

const contribution = (id: string, mergedAt: number): Omit<Contribution, "transactionHash"> => ({
  id: `0x${id.padStart(64, "0")}`,
  deliveryId: "d1",
  repository: "github.com/o/r",
  pullRequest: 1,
  login: "ada",
  assetId: 1n,
  contributor: "0x0000000000000000000000000000000000000001",
  laborMicroUsd: 18_446_744_073_709_551_615n,
  toolsMicroUsd: 0n,
  computeMicroUsd: 1n,
  evidenceUri: "https://github.com/o/r.git#a..b",
  evidenceHash: `0x${"ab".repeat(32)}`,
  mergedAt,
  state: "pending",
  heldReason: undefined,
});

/**
 * Defines the tests of a store; `open` opens the same database each time it is called (a fresh one per run).
 *
 * @example
 * storeContract(async () => SqliteStore.open(file));
 */
export function storeContract(open: () => Promise<IntakeStore>): void {
  test("keeps what it committed across a reopen: the queue, contributions with uint64 costs, refusals", async () => {
    const store = await open();
    assert.equal(await store.accept({ id: "d1", forge: "github", event: "e", payload: "{}", receivedAt: 1 }), "queued");
    assert.equal(
      await store.accept({ id: "d1", forge: "github", event: "e", payload: "{}", receivedAt: 2 }),
      "replayed",
    );
    await store.accept({ id: "d2", forge: "github", event: "e", payload: "{}", receivedAt: 3 });
    await store.close();

    const reopened = await open();
    assert.equal((await reopened.queued(1))[0]?.id, "d1", "the oldest delivery first, after a restart too");
    await reopened.complete(
      "d1",
      {
        ...NOTHING,
        contributions: [contribution("1", 100)],
        refusals: [{ deliveryId: "d1", stage: "gate", code: "bot", subject: "x", reason: "a bot" }],
      },
      10,
    );
    assert.equal((await reopened.queued(1))[0]?.id, "d2");
    const [stored] = await reopened.contributions();
    assert.equal(stored?.laborMicroUsd, 18_446_744_073_709_551_615n, "a uint64 cost is kept exactly");
    assert.equal((await reopened.refusals())[0]?.reason, "a bot");
    assert.equal((await reopened.refusals())[0]?.forge, "github", "served with its delivery's forge");
    await reopened.close();
  });

  test("a contribution already known is not added again by another delivery of the same work", async () => {
    const store = await open();
    await store.complete("d2", { ...NOTHING, contributions: [{ ...contribution("1", 100), deliveryId: "d2" }] }, 11);
    const all = await store.contributions();
    assert.equal(all.length, 1);
    assert.equal(all[0]?.deliveryId, "d1");
    await store.close();
  });

  test("a batch goes pending, sent with its transaction, then attested; the rate limit counts by merge time", async () => {
    const store = await open();
    const [c] = await store.pending(10);
    const hash = `0x${"cd".repeat(32)}` as const;
    await store.markSent({ transactionHash: hash, ids: [c!.id] });
    assert.deepEqual(await store.pending(10), []);
    assert.deepEqual(await store.sentBatches(), [{ transactionHash: hash, ids: [c!.id] }]);
    await store.markAttested([c!.id], hash);
    assert.deepEqual(await store.sentBatches(), []);
    assert.equal((await store.contributions())[0]?.state, "attested");
    assert.equal(await store.countMerged("github.com/o/r", "ada", { from: 99, to: 100, except: 2 }), 1);
    assert.equal(await store.countMerged("github.com/o/r", "Ada", { from: 100, to: 200, except: 2 }), 0);
    assert.equal(await store.countMerged("github.com/o/r", "ada", { from: 99, to: 100, except: 1 }), 0, "not its own");
    await store.close();
  });

  test("a second link of an account replaces its first, even in the same second; both stay public", async () => {
    const store = await open();
    const link = (address: `0x${string}`) => ({
      forge: "github" as const,
      accountId: "10",
      login: "ada",
      address,
      statement: "{}",
      signature: "0x00" as const,
      linkedAt: 500,
      revokedAt: undefined,
    });
    for (const [id, address] of [
      ["l1", "0x0000000000000000000000000000000000000001"],
      ["l2", "0x0000000000000000000000000000000000000002"],
    ] as const) {
      await store.accept({ id, forge: "github", event: "issue_comment.created", payload: "{}", receivedAt: 500 });
      await store.complete(id, { ...NOTHING, links: [link(address)] }, 500);
    }
    assert.equal(
      (await store.linkOf("github", { accountId: "10" }))?.address,
      "0x0000000000000000000000000000000000000002",
    );
    assert.deepEqual(
      (await store.links()).map((l) => l.revokedAt),
      [500, undefined],
    );
    await store.close();
  });

  test("a link waits for the chain until settled; a revocation read after it waits again and is not overwritten", async () => {
    const store = await open();
    const link = {
      forge: "github" as const,
      accountId: "11",
      login: "grace",
      address: "0x0000000000000000000000000000000000000003" as const,
      statement: "{}",
      signature: "0x00" as const,
      linkedAt: 600,
      revokedAt: undefined,
    };
    await store.accept({ id: "k1", forge: "github", event: "issue_comment.created", payload: "{}", receivedAt: 600 });
    await store.complete("k1", { ...NOTHING, links: [link] }, 600);
    // Other tests' links may share the store: this one is grace's.
    const graces = async () => (await store.unsettledLinks(100)).filter((u) => u.link.login === "grace");
    const [unsettled] = await graces();
    assert.equal(unsettled?.link.login, "grace");
    assert.equal(unsettled?.link.onChain, undefined);

    // The account unlinks while the recorder is recording the link it read: the link's "linked" must not hide it.
    await store.accept({ id: "k2", forge: "github", event: "issue_comment.created", payload: "{}", receivedAt: 601 });
    await store.complete("k2", { ...NOTHING, unlinks: [{ forge: "github", accountId: "11", at: 601 }] }, 601);
    await store.settleLink(unsettled!.seq, false, "linked", undefined, 602);
    const [again] = await graces();
    assert.equal(again?.seq, unsettled!.seq, "the revocation is still to settle");
    assert.equal(again?.link.revokedAt, 601);

    const refusal = { deliveryId: "k2", stage: "link" as const, code: "x", subject: "grace", reason: "why" };
    await store.settleLink(again!.seq, true, "refused", refusal, 603);
    await store.settleLink(again!.seq, true, "refused", refusal, 604);
    assert.deepEqual(await graces(), []);
    assert.equal((await store.links()).find((l) => l.login === "grace")?.onChain, "refused");
    assert.equal((await store.refusals()).filter((r) => r.code === "x").length, 1, "a refusal is recorded once");
    await store.close();
  });

  test("a decided change request's comment is due once none of its contributions waits for the chain, then posted once", async () => {
    const store = await open();
    const target = {
      forge: "github" as const,
      repository: "github.com/o/feedback",
      number: 4,
      scope: 99,
      owner: "o",
      name: "feedback",
    };
    const ours = async () => (await store.dueFeedback(100)).filter((d) => d.target.repository === target.repository);
    const mine = { ...contribution("f1", 300), deliveryId: "f1", repository: target.repository, pullRequest: 4 };
    const refusal = { deliveryId: "f1", stage: "link" as const, code: "unlinked", subject: "grace", reason: "no link" };
    await store.accept({ id: "f1", forge: "github", event: "pull_request.closed", payload: "{}", receivedAt: 300 });
    await store.complete("f1", { ...NOTHING, contributions: [mine], refusals: [refusal], feedback: target }, 300);
    assert.deepEqual(await ours(), [], "not due while its contribution is pending");
    const hash = `0x${"ef".repeat(32)}` as const;
    await store.markSent({ transactionHash: hash, ids: [mine.id] });
    assert.deepEqual(await ours(), [], "nor while its batch is sent and not seen mined");
    await store.markAttested([mine.id], hash);

    // The same change request delivered again (another delivery id) adds no second comment.
    await store.accept({ id: "f2", forge: "github", event: "pull_request.closed", payload: "{}", receivedAt: 301 });
    await store.complete("f2", { ...NOTHING, contributions: [{ ...mine, deliveryId: "f2" }], feedback: target }, 301);
    const [due, ...others] = await ours();
    assert.deepEqual(others, [], "one comment per change request");
    assert.deepEqual(due?.target, target);
    assert.equal(due?.deliveryId, "f1", "the first decision's delivery names the comment");
    assert.deepEqual(
      due?.contributions.map((c) => [c.state, c.transactionHash]),
      [["attested", hash]],
    );
    assert.deepEqual(
      due?.refusals.map((r) => r.code),
      ["unlinked"],
    );

    await store.markFeedbackPosted("github", target.repository, target.number, "77", 302);
    await store.close();
    const reopened = await open();
    assert.deepEqual(
      (await reopened.dueFeedback(100)).filter((d) => d.target.repository === target.repository),
      [],
      "posted stays posted after a restart",
    );
    await reopened.close();
  });

  test("a comment on held or wholly refused work is due at once, with the relayer's refusals of its contributions", async () => {
    const store = await open();
    const target = {
      forge: "gitlab" as const,
      repository: "gitlab.com/o/held",
      number: 5,
      scope: 7,
      owner: "o",
      name: "held",
    };
    const held = {
      ...contribution("a1", 400),
      deliveryId: "h1",
      repository: target.repository,
      pullRequest: 5,
      state: "held" as const,
      heldReason: "too dear",
    };
    const refused = { ...contribution("a2", 400), deliveryId: "h1", repository: target.repository, pullRequest: 5 };
    await store.accept({ id: "h1", forge: "gitlab", event: "merge_request.merge", payload: "{}", receivedAt: 400 });
    await store.complete("h1", { ...NOTHING, contributions: [held, refused], feedback: target }, 400);
    const relay = { deliveryId: "h1", stage: "relay" as const, code: "struck", subject: undefined, reason: "struck" };
    await store.markRefused([refused.id], relay, 401);
    const [due] = (await store.dueFeedback(100)).filter((d) => d.target.repository === target.repository);
    assert.deepEqual(
      due?.contributions.map((c) => c.state),
      ["held", "refused"],
    );
    assert.deepEqual(
      due?.refusals.map((r) => [r.code, r.subject]),
      [["struck", refused.id]],
    );

    // Its comment said the held work waits; the maintainer's approval makes a second comment, due once attested.
    await store.markFeedbackPosted("gitlab", target.repository, target.number, "1", 402);
    const approvals = [{ repository: target.repository, pullRequest: 5 }];
    await store.accept({ id: "h2", forge: "gitlab", event: "note", payload: "{}", receivedAt: 403 });
    await store.complete("h2", { ...NOTHING, approvals }, 403);
    const ours = async () => (await store.dueFeedback(100)).filter((d) => d.target.repository === target.repository);
    assert.deepEqual(await ours(), [], "not due while the released work is pending");
    await store.markAttested([held.id], `0x${"12".repeat(32)}`);
    const [again, ...more] = await ours();
    assert.equal(again?.deliveryId, "h2", "marked by the approval, not the first decision");
    assert.deepEqual(more, []);
    await store.markFeedbackPosted("gitlab", target.repository, target.number, "2", 404);
    await store.accept({ id: "h3", forge: "gitlab", event: "note", payload: "{}", receivedAt: 405 });
    await store.complete("h3", { ...NOTHING, approvals }, 405);
    assert.deepEqual(await ours(), [], "approving again, with nothing held, tells nothing new");
    await store.close();
  });

  test("an approval releases exactly the held work it names, checked with the release: work held meanwhile stays held", async () => {
    const store = await open();
    const change = { repository: "github.com/o/approve", pullRequest: 7 };
    const held = (id: string) => ({ ...contribution(id, 700), ...change, state: "held" as const, heldReason: "dear" });
    const ours = async () => (await store.contributions()).filter((c) => c.repository === change.repository);
    await store.accept({ id: "a1", forge: "github", event: "pull_request.closed", payload: "{}", receivedAt: 700 });
    await store.complete("a1", { ...NOTHING, contributions: [held("b1"), held("b2")] }, 700);
    // The approval's check reads what is held; before it releases, more work of the same change is held.
    const signed = (await ours()).map((c) => c.id);
    await store.accept({ id: "a2", forge: "github", event: "pull_request.closed", payload: "{}", receivedAt: 701 });
    await store.complete("a2", { ...NOTHING, contributions: [held("b3")] }, 701);
    assert.equal(await store.releaseHeld("approval-1", change, signed), false, "stale: it did not cover b3");
    assert.deepEqual(
      (await ours()).map((c) => c.state),
      ["held", "held", "held"],
      "nothing released",
    );

    const all = (await ours()).map((c) => c.id.toUpperCase().replace("0X", "0x") as `0x${string}`).reverse();
    assert.equal(await store.releaseHeld("approval-2", change, all), true, "the same set, in any order and case");
    assert.deepEqual(
      (await ours()).map((c) => c.state),
      ["pending", "pending", "pending"],
    );
    assert.equal(await store.releaseHeld("approval-2", change, all), false, "released once: nothing is held now");
    await store.close();
  });

  test("a preview is replaced by each later decision, scored once per version, and due until its latest is published", async () => {
    const store = await open();
    const target = {
      forge: "github" as const,
      repository: "github.com/o/preview",
      number: 6,
      scope: 99,
      owner: "o",
      name: "preview",
    };
    const ours = (previews: StoredPreview[]) => previews.filter((p) => p.target.repository === target.repository);
    const people = [
      {
        login: "ada",
        address: "0x0000000000000000000000000000000000000001" as const,
        cost: { laborMicroUsd: 18_446_744_073_709_551_615n, toolsMicroUsd: 1n, computeMicroUsd: 0n },
        refusal: undefined,
      },
    ];
    const request = { target, head: "h1", base: "b1", cloneUrl: "https://github.com/o/preview.git", refusals: [] };
    await store.accept({ id: "p1", forge: "github", event: "pull_request.opened", payload: "{}", receivedAt: 500 });
    await store.complete("p1", { ...NOTHING, preview: { ...request, people } }, 500);
    const [first] = ours(await store.unscoredPreviews(100));
    assert.equal(first?.deliveryId, "p1");
    assert.deepEqual(first?.target, target);
    assert.deepEqual(first?.people[0]?.cost, people[0]!.cost, "costs kept exact, as bigints");
    assert.equal(first?.score, undefined);
    assert.equal(ours(await store.duePreviews(100)).length, 1, "due unscored: published as being scored");
    await store.markPreviewPosted(previewKey(first!), "run-1", 501);
    assert.deepEqual(ours(await store.duePreviews(100)), []);

    // A push decides it again before the first version is scored: that score is of a head no longer previewed.
    await store.accept({
      id: "p2",
      forge: "github",
      event: "pull_request.synchronize",
      payload: "{}",
      receivedAt: 502,
    });
    await store.complete("p2", { ...NOTHING, preview: { ...request, head: "h2", people: [] } }, 502);
    const failed = { state: "failed" as const, reason: "the fetch timed out" };
    const refusal = { deliveryId: "p1", stage: "preview" as const, code: "x", subject: undefined, reason: "stale" };
    await store.recordPreviewScore(previewKey(first!), failed, refusal, 503);
    const [second, ...more] = ours(await store.unscoredPreviews(100));
    assert.deepEqual(more, [], "one preview per change request");
    assert.equal(second?.head, "h2");
    assert.equal(second?.deliveryId, "p2");
    assert.equal(second?.score, undefined, "the stale score was not recorded");
    assert.ok(!(await store.refusals()).some((r) => r.reason === "stale"), "nor its refusal");

    const scored = {
      state: "scored" as const,
      range: "b1..h2",
      scoringVersion: "v2",
      coherenceBps: 6000,
      multiplierBps: 11000,
      metrics: [{ name: "tests", bps: null, weightBps: 1500, reason: "no code" }],
      skipped: [],
    };
    await store.recordPreviewScore(previewKey(second!), scored, undefined, 504);
    assert.deepEqual(ours(await store.unscoredPreviews(100)), []);
    await store.close();
    const reopened = await open();
    const [due, ...others] = ours(await reopened.duePreviews(100));
    assert.deepEqual(others, []);
    assert.deepEqual(due?.score, scored, "the score, due to be published, after a restart too");
    await reopened.markPreviewPosted(previewKey(due!), "run-1", 505);
    await reopened.markPreviewPosted(previewKey(second!), "run-1", 506);
    assert.deepEqual(ours(await reopened.duePreviews(100)), [], "an older version's post does not make it due again");
    await reopened.close();
  });

  test("a refusal keeps the logins and the forge host it is attributed to; a repository's latest verified opt-in replaces the one before", async () => {
    const store = await open();
    const gates = { ...DEFAULT_GATES, maxMicroUsdPerChangedLine: 18_446_744_073_709_551_615n };
    const optIn = { forge: "github" as const, repository: "github.com/o/gated", assetId: 7n, gates: DEFAULT_GATES };
    const refusal = {
      deliveryId: "o1",
      stage: "gate" as const,
      code: "not-approved",
      subject: "github.com/o/gated#4",
      reason: "no approving review",
      logins: ["ada", "linus"],
      host: "github.com",
    };
    // One contributor's part, on a self-managed GitLab: its login is an account there, not on gitlab.com.
    const part = { deliveryId: "o1", stage: "link" as const, code: "unlinked", subject: "ada", reason: "no link" };
    await store.complete(
      "o1",
      { ...NOTHING, refusals: [refusal, { ...part, host: "gitlab.example.org" }], optIn },
      600,
    );
    await store.complete("o2", { ...NOTHING, optIn: { ...optIn, assetId: 8n, gates } }, 601);
    await store.refuse({ ...part, deliveryId: undefined, code: "link-refused-on-chain", host: "ghe.example.com" }, 602);
    await store.close();
    const reopened = await open();
    const of = async (code: string) => (await reopened.refusals()).find((r) => r.code === code && r.subject === "ada");
    const recorded = (await reopened.refusals()).find((r) => r.deliveryId === "o1");
    assert.deepEqual(recorded?.logins, ["ada", "linus"]);
    assert.equal(recorded?.host, "github.com");
    assert.equal((await of("unlinked"))?.host, "gitlab.example.org");
    assert.equal((await of("link-refused-on-chain"))?.host, "ghe.example.com", "of no delivery too");
    const bot = (await reopened.refusals()).find((r) => r.code === "bot");
    assert.equal(bot?.logins, undefined, "none when not given");
    assert.ok(bot !== undefined && !("host" in bot), "a refusal given no host is served without one");
    const mine = (await reopened.optIns()).filter((o) => o.repository === optIn.repository);
    assert.deepEqual(mine, [{ ...optIn, assetId: 8n, gates, verifiedAt: 601 }], "one row, the latest, uint64 exact");
    await reopened.close();
  });
}
