import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

import { walCheckpointer } from "./walCheckpointer.ts";

test("walCheckpointer copies the log into the database from its own thread, while the writer commits none", async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ccn-wal-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, "book.sqlite");
  const db = new DatabaseSync(file, { timeout: 1_000 });
  // No automatic checkpoint: only the worker can move the rows into the database file.
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;");
  db.exec("CREATE TABLE runs (nonce INTEGER PRIMARY KEY, data TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO runs (nonce, data) VALUES (?, ?)");
  for (let nonce = 1; nonce <= 200; nonce++) insert.run(nonce, "x".repeat(1_000));
  const rowsBytes = 200 * 1_000;
  assert.ok(statSync(file).size < rowsBytes, "before: the rows are in the log only");

  const checkpointer = walCheckpointer(file, 10);
  // Waits for the worker's first turns (its start is not timed); the test's own timeout bounds a worker that never runs.
  while (statSync(file).size < rowsBytes) await sleep(20);
  checkpointer.stop();
  db.close();

  const reopened = new DatabaseSync(file, { timeout: 1_000 }); // The worker may be closing its own connection.
  t.after(() => reopened.close());
  assert.deepEqual({ ...reopened.prepare("SELECT COUNT(*) AS n FROM runs").get() }, { n: 200 });
});
