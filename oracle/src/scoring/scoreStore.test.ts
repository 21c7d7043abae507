import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { InvalidArgumentError, UnsupportedFormatError } from "@coherence/protocol";
import { ScoreConflictError } from "./errors.ts";
import type { ReviewScoreRecord } from "./scoreRecord.ts";
import { ScoreStore } from "./scoreStore.ts";

const ID = `0x${"1".repeat(64)}` as const;

function review(bps: number, id: `0x${string}` = ID): ReviewScoreRecord {
  return {
    format: "coherence-score-v1",
    contributionId: id,
    assetId: "3",
    assetKind: "Design",
    coherenceBps: bps,
    multiplierBps: 5000 + bps,
    configHash: `0x${"0".repeat(64)}`,
    method: "review",
    review: { reviewer: `0x${"2".repeat(40)}`, bps, rationale: "Consistent with the design system." },
  };
}

describe("ScoreStore", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "store-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("stores a record once and returns it", async () => {
    const store = await ScoreStore.open(join(dir, "a"));
    assert.equal(await store.get(ID), undefined);
    assert.equal(await store.put(review(7000), [9, 3, 9]), "stored");
    assert.deepEqual(await store.get(ID), review(7000));
    assert.deepEqual(await store.list(), [ID]);
    // Canonical JSON, one line, no temporary files left behind.
    const text = await readFile(join(dir, "a", `${ID}.json`), "utf8");
    assert.match(text, /^\{"fingerprints":\[3,9\],"format":"coherence-score-store-v1","record":\{"assetId":"3",/);
    assert.deepEqual(await readdir(join(dir, "a")), [`${ID}.json`]);
  });

  test("storing the identical record again is a no-op", async () => {
    const store = await ScoreStore.open(join(dir, "b"));
    await store.put(review(7000));
    assert.equal(await store.put(review(7000)), "unchanged");
  });

  test("refuses a different record for the same id", async () => {
    const store = await ScoreStore.open(join(dir, "c"));
    await store.put(review(7000));
    await assert.rejects(store.put(review(7100)), (error: unknown) => {
      assert.ok(error instanceof ScoreConflictError);
      assert.equal(error.contributionId, ID);
      assert.match(error.message, /already stored for contribution 0x1{64}; a score never changes/);
      return true;
    });
    assert.equal((await store.get(ID))?.coherenceBps, 7000);
  });

  test("concurrent writers of one id: one stores, the rest see it unchanged or conflict", async () => {
    const store = await ScoreStore.open(join(dir, "d"));
    const results = await Promise.allSettled([store.put(review(1)), store.put(review(1)), store.put(review(2))]);
    const stored = results.filter((r) => r.status === "fulfilled" && r.value === "stored");
    assert.equal(stored.length, 1);
    assert.deepEqual(await readdir(join(dir, "d")), [`${ID}.json`]);
  });

  test("indexes the fingerprints of stored contributions, picking up new ones", async () => {
    const store = await ScoreStore.open(join(dir, "e"));
    const other = `0x${"3".repeat(64)}` as const;
    await store.put(review(1), [5, 6]);
    assert.deepEqual((await store.fingerprintIndex()).owners.get(5), [ID]);
    await store.put(review(1, other), [6, 7]);
    const index = await store.fingerprintIndex();
    assert.equal(index.contributions, 2);
    assert.deepEqual(index.owners.get(6), [ID, other]);
  });

  test("rejects ids that are not lower-case 32-byte hex (no path tricks)", async () => {
    const store = await ScoreStore.open(join(dir, "f"));
    await assert.rejects(store.get("../../etc/passwd"), InvalidArgumentError);
    await assert.rejects(store.get(`0x${"A".repeat(64)}`), InvalidArgumentError);
    await assert.rejects(store.get(`0x${"a".repeat(63)}`), InvalidArgumentError);
  });

  test("rejects a file of another format", async () => {
    const store = await ScoreStore.open(join(dir, "g"));
    await writeFile(
      join(dir, "g", `${ID}.json`),
      JSON.stringify({ format: "coherence-score-store-v0", record: review(1) }),
    );
    await assert.rejects(store.get(ID), UnsupportedFormatError);
  });
});
