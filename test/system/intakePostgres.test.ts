/**
 * The intake on PostgreSQL (`CCN_INTAKE_DATABASE_URL`), on a throwaway cluster: the store keeps every promise
 * the embedded one keeps (the same contract tests), and the service on it survives a `kill -9` mid-batch with
 * each contribution attested exactly once.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { type Postgres, rpc, startPostgres, waitFor } from "@coherence/devnet";
import { PostgresStore } from "@coherence/intake";
import {
  createdComment,
  forgeAccount,
  type IntakeWorld,
  startIntakeWorld,
  storeContract,
} from "@coherence/intake/testing";

describe("the intake on PostgreSQL", { timeout: 600_000 }, () => {
  let dir: string;
  let postgres: Postgres | undefined;
  let world: IntakeWorld | undefined;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-intake-pg-"));
    postgres = await startPostgres(dir);
    // One statement each: CREATE DATABASE cannot run inside the transaction psql makes of several.
    for (const database of ["store", "service", "legacy"])
      await postgres.psql("postgres", `CREATE DATABASE ${database}`);
  });
  after(async () => {
    await world?.stop();
    await postgres?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  describe("the store", () => {
    storeContract(() => PostgresStore.open(postgres!.url.replace(/\/postgres$/, "/store")));
  });

  test("a store made before refusals named their logins and forge host gains the columns, its rows readable", async () => {
    // The refusals table as the first stores made it.
    await postgres!.psql(
      "legacy",
      `CREATE SCHEMA intake;
       CREATE TABLE intake.refusals (seq BIGSERIAL PRIMARY KEY, delivery_id TEXT, stage TEXT NOT NULL,
         code TEXT NOT NULL, subject TEXT, reason TEXT NOT NULL, at BIGINT NOT NULL);
       INSERT INTO intake.refusals (delivery_id, stage, code, subject, reason, at)
         VALUES ('old', 'link', 'unlinked', 'ada', 'ada has no link', 5);`,
    );
    const url = postgres!.url.replace(/\/postgres$/, "/legacy");
    const store = await PostgresStore.open(url);
    await store.refuse(
      { deliveryId: "new", stage: "link", code: "unlinked", subject: "ada", reason: "r", host: "gitlab.example.org" },
      6,
    );
    await store.close();
    const reopened = await PostgresStore.open(url);
    const old = {
      deliveryId: "old",
      stage: "link",
      code: "unlinked",
      subject: "ada",
      reason: "ada has no link",
      at: 5,
    };
    assert.deepEqual(await reopened.refusals(), [
      { seq: 1, ...old },
      { seq: 2, ...old, deliveryId: "new", reason: "r", host: "gitlab.example.org", at: 6 },
    ]);
    await reopened.close();
  });

  test("the service on PostgreSQL: kill -9 mid-batch, restart, each contribution attested once", async () => {
    world = await startIntakeWorld();
    const env = { CCN_INTAKE_DATABASE_URL: postgres!.url.replace(/\/postgres$/, "/service") };
    const repository = world.repositoryPayload("lib");
    const [repo, replay] = await world.optedInRepository("lib", "ada");
    await world.startIntake({ env });
    await world.deliver(
      "issue_comment",
      createdComment({ repository, number: 1, author: forgeAccount("ada"), body: await world.linkComment("ada") }),
    );
    const pull = await world.pullRequest(repo, replay, 2, {
      author: "ada",
      lines: 20,
      reviews: [{ by: "linus", state: "APPROVED" }],
    });
    await rpc(world.rpcUrl, "evm_setAutomine", [false]);
    try {
      const id = await world.deliver("pull_request", world.closed(pull, "ada", repository));
      const [sent] = await waitFor(
        "the batch sent",
        async () => {
          const mine = (await world!.contributions()).filter((c) => c.deliveryId === id);
          return mine[0]?.state === "sent" ? mine : undefined;
        },
        { timeoutMs: 60_000, process: world.intake },
      );
      await world.intake.kill();
      await world.startIntake({ env });
      await rpc(world.rpcUrl, "evm_mine");
      await world.waitAttested([sent!.id]);
    } finally {
      await rpc(world.rpcUrl, "evm_setAutomine", [true]);
    }
    const events = await world.attestedOnChain();
    assert.equal(events.length, 1, "attested once");
    assert.equal((await world.links()).length, 1, "the link is in PostgreSQL, across the restart");
  });
});
