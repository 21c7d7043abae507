import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe } from "node:test";

import { SqliteStore } from "./sqliteStore.ts";
import { storeContract } from "./storeContract.ts";

describe("the SQLite store", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "ccn-intake-store-"));
  after(() => rm(dir, { recursive: true, force: true }));
  storeContract(async () => SqliteStore.open(path.join(dir, "intake.sqlite")));
});
