/**
 * The indexer on PostgreSQL (a throwaway PostgreSQL 15 cluster this test starts), its API served by a `ponder serve`
 * process apart from the `ponder start` that indexes: the same checks as on PGlite; the statement timeout
 * cancelling a read that would run long; then crash recovery: `ponder start` is killed with SIGKILL while events
 * stream in (the API keeps answering), restarted on the same schema, and its tables must equal, row for row, those
 * of an indexer that ran without interruption.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  deployLocal,
  freePort,
  type LocalNode,
  type Postgres,
  ProcessGroup,
  rpc,
  startHardhatNode,
  startThrowawayPostgres,
  waitFor,
  waitForIndexerReady,
} from "@coherence/devnet";
import { getTableName, type Table } from "drizzle-orm";
import * as ponderSchema from "../ponder.schema.ts";
import {
  assertAuthorshipAndCorrections,
  assertBaseResonance,
  assertEveryEventCovered,
  assertLineageWalk,
  assertMatchesModel,
} from "./support/assertions.ts";
import {
  addApiServer,
  fetchClaims,
  graphql,
  graphqlRaw,
  type Indexer,
  type IndexerOptions,
  startIndexer,
  waitIndexed,
} from "./support/ponder.ts";
import { addressOf, Protocol, ROLES } from "./support/protocol.ts";
import { type BaseScenario, contributionOf, pay, register, runBaseScenario } from "./support/scenario.ts";

/** The database names of every indexer table. */
const TABLES = (Object.values(ponderSchema) as unknown[])
  .filter(
    (v) => v !== null && typeof v === "object" && Boolean((v as Record<symbol, unknown>)[Symbol.for("ponder:onchain")]),
  )
  .map((t) => getTableName(t as Table));

/** The answer to `{ networkTotal(id: "network") { assetCount } }`. */
type NetworkTotal = { networkTotal: { assetCount: number } | null };

describe("indexer on PostgreSQL", () => {
  const group = new ProcessGroup();
  let tmp: string;
  let pg: Postgres;
  let chain: LocalNode;
  let protocol: Protocol;
  let scenario: BaseScenario;
  let options: IndexerOptions;
  let indexer: Indexer;

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "ccn-indexer-pg-"));
    group.defer(() => rm(tmp, { recursive: true, force: true }));
    const manifestDir = path.join(tmp, "manifests");
    await mkdir(manifestDir);
    pg = await startThrowawayPostgres(group);
    chain = await startHardhatNode(await freePort(), { uniqueChainId: true });
    group.add(chain.process);
    const deployment = await deployLocal(chain.rpcUrl, path.join(tmp, "deployments"));
    protocol = new Protocol(chain.rpcUrl, deployment);
    await protocol.recordBlocks(0n, await protocol.blockNumber());
    scenario = await runBaseScenario(protocol, manifestDir);
    options = {
      chainId: chain.chainId,
      rpcUrl: chain.rpcUrl,
      deploymentsDir: path.join(tmp, "deployments"),
      schema: "crashed",
      databaseUrl: pg.url,
      manifestDir,
      apiServers: 1,
    };
    indexer = await startIndexer(group, options);
    await waitForIndexerReady(indexer, 120_000);
    await waitIndexed(indexer, Number(await protocol.blockNumber()));
  });

  after(() => group.stopAll());

  test("the scenario emits every event, and every table matches the reference model", async () => {
    assertEveryEventCovered(protocol);
    await assertMatchesModel(indexer, protocol);
  });

  test("resonance, the one-query lineage walk, authorship, chosen attesters and corrections", async () => {
    await assertBaseResonance(indexer, scenario);
    await assertLineageWalk(indexer, scenario, protocol);
    await assertAuthorshipAndCorrections(indexer, scenario, protocol);
  });

  test("claims API serves proofs from the verified manifest", async () => {
    const claims = await fetchClaims(indexer, addressOf(ROLES.carol));
    assert.equal(claims.epoch.manifestHash, scenario.epoch2.manifestHash);
    assert.deepStrictEqual(
      claims.leaves.map((l) => l.token),
      scenario.epoch2.manifest.leaves.filter((l) => l.account === addressOf(ROLES.carol)).map((l) => l.token),
    );
    assert.ok(claims.leaves.every((l) => l.proof.length > 0));
  });

  test("ponder serve answers apart from ponder start: the API is not the indexing process's", async () => {
    assert.notEqual(indexer.url, indexer.indexingUrl);
    const applications = await pg.psql(
      "postgres",
      "SELECT DISTINCT application_name FROM pg_stat_activity WHERE application_name LIKE 'crashed%' ORDER BY 1",
    );
    // Both processes hold connections: the indexer its internal, user and readonly pools, the server its readonly.
    assert.match(applications, /crashed_readonly/);
    assert.match(applications, /crashed_user/);
  });

  test("a read that would run long is cancelled by PostgreSQL at the statement timeout and answered QUERY_TIMEOUT", async () => {
    const timeoutMs = 300;
    const server = await addApiServer(group, options, timeoutMs);
    await waitForIndexerReady(server, 120_000);
    const api = { ...indexer, url: server.url };
    // Another session holds the tables the reads need: each read would wait for it (30 s), so only the timeout ends
    // it. Below Ponder's lock_timeout of 500 ms, the statement timeout is what fires.
    const holder = pg
      .psql(
        "postgres",
        `SET application_name = 'ccn_lock_holder'; BEGIN; LOCK TABLE crashed.asset, crashed.epoch IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(30); COMMIT;`,
      )
      .catch(() => "terminated");
    try {
      await waitFor(
        "the other session to hold the locks",
        async () =>
          (
            await pg.psql(
              "postgres",
              "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'ccn_lock_holder' AND l.mode = 'AccessExclusiveLock' AND l.granted AND l.relation IS NOT NULL",
            )
          ).trim() === "2"
            ? true
            : undefined,
        { timeoutMs: 30_000, intervalMs: 50 },
      );
      for (const query of ["{ assets(limit: 5) { items { id } } }", "{ assets { totalCount } }"]) {
        const { status, body } = await graphqlRaw(api, query);
        assert.equal(status, 503, query);
        assert.equal(body.errors?.[0]?.extensions?.code, "QUERY_TIMEOUT", JSON.stringify(body));
        assert.equal(body.errors?.[0]?.extensions?.limit, String(timeoutMs));
      }
      const claims = await fetch(`${server.url}/claims/${addressOf(ROLES.carol)}`);
      assert.equal(claims.status, 503);
      assert.equal(((await claims.json()) as { error: { code: string } }).error.code, "QUERY_TIMEOUT");
      // Cancelled, not abandoned: while the locks are still held, no read of the API is left waiting in PostgreSQL.
      const waiting = await pg.psql(
        "postgres",
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'crashed_readonly' AND state = 'active'",
      );
      assert.equal(waiting.trim(), "0");
      // Run once: Ponder's retries (up to 9, for indexing's sake) are off for the API's reads.
      assert.doesNotMatch(server.process.output(), /Failed database query/);
    } finally {
      await pg.psql(
        "postgres",
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ccn_lock_holder'",
      );
      await holder;
    }
    // Once the locks are gone, the same server answers.
    const { status } = await graphqlRaw(api, "{ assets { totalCount } }");
    assert.equal(status, 200);
    await server.process.stop();
  });

  test("crash recovery: SIGKILL mid-stream, restart, and the tables equal those of an uninterrupted run", async () => {
    const { assets } = scenario;
    const before = (await graphql<NetworkTotal>(indexer, `{ networkTotal(id: "network") { assetCount } }`))
      .networkTotal!.assetCount;
    let sent = 0;
    const streaming = (async () => {
      let parent = assets.a5;
      for (let i = 0; i < 30; i++) {
        const id = await register(
          protocol,
          ROLES.alice + (i % 4),
          `stream-${i}`,
          i % 7,
          i % 3 === 0 ? [] : [[parent, 100 + i]],
        );
        await protocol.call(ROLES.attester, "ContributionLedger", "attest", [
          contributionOf(ROLES.bob + (i % 3), id, [BigInt(1000 + i), 0n, BigInt(i)], `stream-${i}`),
        ]);
        if (i % 4 === 0)
          await pay(protocol, id, i % 8 === 0 ? protocol.tokens.usd : protocol.tokens.eth, BigInt(1_000_000 + i));
        if (i % 5 === 0)
          await protocol.call(ROLES.attester, "ContributionLedger", "revoke", [
            protocol.events.findLast((e) => e.eventName === "ContributionAttested")!.args.id,
            `stream ${i}`,
          ]);
        parent = id;
        sent = i + 1;
        // A steady stream (not a burst), so the kill below lands in the middle of it on a fast machine too.
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    })();

    // Kill once part of the stream is indexed and more is on its way.
    await waitFor(
      "part of the stream to be indexed",
      async () => {
        const count = (await graphql<NetworkTotal>(indexer, `{ networkTotal(id: "network") { assetCount } }`))
          .networkTotal!.assetCount;
        return count >= before + 6 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 20 },
    );
    await indexer.process.kill();
    const killedAt = sent;
    // The API is served apart: it answers with what was indexed before the crash.
    assert.ok(
      (await graphql<NetworkTotal>(indexer, `{ networkTotal(id: "network") { assetCount } }`)).networkTotal!
        .assetCount >=
        before + 6,
    );
    await streaming;
    assert.ok(killedAt < 30, "the indexer was killed while events were still being sent");
    // Push the first part of the stream past the finality depth (30 blocks), so the restart sees both
    // finalised and unfinalised blocks. One evm_mine per block: Hardhat's hardhat_mine reserves a block range
    // whose hashes do not chain the way Ponder checks them, which it reports as a reorg beyond finality.
    for (let i = 0; i < 40; i++) await rpc(chain.rpcUrl, "evm_mine");
    const head = Number(await protocol.blockNumber());

    const restarted = await startIndexer(group, options);
    await waitForIndexerReady(restarted, 180_000);
    await waitIndexed(restarted, head, 120_000);
    const clean = await startIndexer(group, { ...options, schema: "uninterrupted" });
    await waitForIndexerReady(clean, 180_000);
    await waitIndexed(clean, head, 120_000);

    for (const table of TABLES) {
      const dump = (schema: string) =>
        pg.psql("postgres", `SELECT row_to_json(t)::text FROM "${schema}"."${table}" t ORDER BY t.id`);
      const [crashed, uninterrupted] = await Promise.all([dump("crashed"), dump("uninterrupted")]);
      assert.equal(crashed, uninterrupted, `table ${table} differs after the crash`);
    }
    await assertMatchesModel(restarted, protocol);
    const total = (await graphql<NetworkTotal>(restarted, `{ networkTotal(id: "network") { assetCount } }`))
      .networkTotal!.assetCount;
    assert.equal(total, before + 30);
  });
});
