/**
 * What every intake store must do, as tests any store's test file runs against its own database: durable across
 * a reopen, one delivery queued once, a delivery's outcome written at once, contributions known once by id,
 * exact uint64 costs, batches from pending to sent to attested, the rate limit's count, links replaced and kept.
 */
import assert from "node:assert/strict";
import { test } from "node:test";

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
}
