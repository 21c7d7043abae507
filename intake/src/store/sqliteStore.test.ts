import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { after, describe, test } from "node:test";

import { SqliteStore } from "./sqliteStore.ts";
import { storeContract } from "./storeContract.ts";

describe("the SQLite store", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "ccn-intake-store-"));
  after(() => rm(dir, { recursive: true, force: true }));
  storeContract(async () => SqliteStore.open(path.join(dir, "intake.sqlite")));

  test("a store made before refusals named their logins and forge host gains the columns, its rows readable", async () => {
    const file = path.join(dir, "legacy.sqlite");
    const legacy = new DatabaseSync(file);
    // The refusals table as the first stores made it.
    legacy.exec(`CREATE TABLE refusals (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, delivery_id TEXT, stage TEXT NOT NULL, code TEXT NOT NULL, subject TEXT,
      reason TEXT NOT NULL, at INTEGER NOT NULL)`);
    legacy
      .prepare("INSERT INTO refusals (delivery_id, stage, code, subject, reason, at) VALUES (?, ?, ?, ?, ?, ?)")
      .run("old", "link", "unlinked", "ada", "ada has no link", 5);
    legacy.close();

    const store = SqliteStore.open(file);
    await store.refuse(
      { deliveryId: "new", stage: "link", code: "unlinked", subject: "ada", reason: "r", host: "gitlab.example.org" },
      6,
    );
    assert.deepEqual(await store.refusals(), [
      { seq: 1, deliveryId: "old", stage: "link", code: "unlinked", subject: "ada", reason: "ada has no link", at: 5 },
      {
        seq: 2,
        deliveryId: "new",
        stage: "link",
        code: "unlinked",
        subject: "ada",
        reason: "r",
        host: "gitlab.example.org",
        at: 6,
      },
    ]);
    await store.close();
    const reopened = SqliteStore.open(file);
    assert.equal((await reopened.refusals()).length, 2, "opened again, nothing added twice");
    await reopened.close();
  });
});
