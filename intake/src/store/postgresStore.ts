/**
 * The intake's store in PostgreSQL, for production (`CCN_INTAKE_DATABASE_URL`): the same tables and the same
 * one-transaction-per-call contract as the embedded store (`sqliteStore.ts`), in the schema `intake`.
 */
import pg from "pg";
import type { Hex } from "viem";

import type { PreviewKey, PreviewScore, StoredPreview } from "../preview/preview.ts";
import type {
  Contribution,
  Delivery,
  DeliveryOutcome,
  DueFeedback,
  ForgeName,
  HeldChange,
  IntakeStore,
  Link,
  LinkOnChain,
  RecordedOptIn,
  RecordedRefusal,
  Refusal,
  SentBatch,
  UnsettledLink,
} from "./intakeStore.ts";
import { sameIds } from "./intakeStore.ts";
import { optInOf, optInsSql, optInsTableSql, upsertOptInSql, upsertOptInValues } from "./optInRows.ts";
import {
  duePreviewsSql,
  keyValues,
  markPreviewPostedSql,
  previewOf,
  previewsTableSql,
  scorePreviewSql,
  unscoredPreviewsSql,
  upsertPreviewSql,
  upsertPreviewValues,
} from "./previewRows.ts";
import {
  contributionOf,
  contributionValues,
  deliveryOf,
  dueFeedbackSql,
  feedbackRefusalsSql,
  feedbackTargetOf,
  int,
  linkOf,
  type Row,
  refusalOf,
  refusalsSql,
  refusalValues,
  text,
} from "./rows.ts";

const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS intake;
CREATE TABLE IF NOT EXISTS intake.deliveries (
  id TEXT PRIMARY KEY,
  seq BIGSERIAL,
  forge TEXT NOT NULL,
  event TEXT NOT NULL,
  payload TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  done_at BIGINT
);
CREATE INDEX IF NOT EXISTS deliveries_queued ON intake.deliveries (received_at, seq) WHERE done_at IS NULL;
CREATE TABLE IF NOT EXISTS intake.refusals (
  seq BIGSERIAL PRIMARY KEY,
  delivery_id TEXT,
  stage TEXT NOT NULL,
  code TEXT NOT NULL,
  subject TEXT,
  reason TEXT NOT NULL,
  at BIGINT NOT NULL
);
-- Stores made before whole-change refusals named their contributors, then their forge's host, gain the columns.
ALTER TABLE intake.refusals ADD COLUMN IF NOT EXISTS logins TEXT;
ALTER TABLE intake.refusals ADD COLUMN IF NOT EXISTS host TEXT;
CREATE TABLE IF NOT EXISTS intake.links (
  seq BIGSERIAL PRIMARY KEY,
  forge TEXT NOT NULL,
  account_id TEXT NOT NULL,
  login TEXT NOT NULL,
  address TEXT NOT NULL,
  statement TEXT NOT NULL,
  signature TEXT NOT NULL,
  linked_at BIGINT NOT NULL,
  revoked_at BIGINT
);
-- Stores made before links went on-chain gain the column; their links are then unsettled.
ALTER TABLE intake.links ADD COLUMN IF NOT EXISTS on_chain TEXT;
CREATE INDEX IF NOT EXISTS links_account ON intake.links (forge, account_id) WHERE revoked_at IS NULL;
CREATE INDEX IF NOT EXISTS links_unsettled ON intake.links (seq) WHERE on_chain IS NULL;
CREATE TABLE IF NOT EXISTS intake.contributions (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  delivery_id TEXT NOT NULL,
  repository TEXT NOT NULL,
  pull_request BIGINT NOT NULL,
  login TEXT NOT NULL,
  asset_id TEXT NOT NULL,
  contributor TEXT NOT NULL,
  labor TEXT NOT NULL,
  tools TEXT NOT NULL,
  compute TEXT NOT NULL,
  evidence_uri TEXT NOT NULL,
  evidence_hash TEXT NOT NULL,
  merged_at BIGINT NOT NULL,
  state TEXT NOT NULL,
  held_reason TEXT,
  transaction_hash TEXT
);
CREATE INDEX IF NOT EXISTS contributions_state ON intake.contributions (state, seq);
CREATE INDEX IF NOT EXISTS contributions_merged ON intake.contributions (repository, login, merged_at);
CREATE INDEX IF NOT EXISTS contributions_change ON intake.contributions (repository, pull_request);
CREATE TABLE IF NOT EXISTS intake.feedback (
  seq BIGSERIAL PRIMARY KEY,
  forge TEXT NOT NULL,
  repository TEXT NOT NULL,
  number BIGINT NOT NULL,
  scope BIGINT NOT NULL,
  owner TEXT NOT NULL,
  name TEXT NOT NULL,
  delivery_id TEXT NOT NULL,
  state TEXT NOT NULL,
  comment_id TEXT,
  posted_at BIGINT,
  UNIQUE (forge, repository, number)
);
CREATE INDEX IF NOT EXISTS feedback_pending ON intake.feedback (seq) WHERE state = 'pending';
`;

type Queryable = Pick<pg.PoolClient, "query">;

/** Revokes an account's live link; its revocation is then for the chain to settle. */
const REVOKE_LIVE_LINK =
  "UPDATE intake.links SET revoked_at = $1, on_chain = NULL WHERE forge = $2 AND account_id = $3 AND revoked_at IS NULL";

async function insertRefusal(db: Queryable, refusal: Refusal, at: number): Promise<void> {
  await db.query(
    "INSERT INTO intake.refusals (delivery_id, stage, code, subject, reason, logins, host, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    [...refusalValues(refusal), at],
  );
}

const DOLLAR = (n: number) => `$${n}`;

/** The ids of a change request's held contributions; `lock` keeps them held until the transaction ends. */
async function heldIds(db: Queryable, change: HeldChange, lock = ""): Promise<Hex[]> {
  const { rows } = await db.query(
    `SELECT id FROM intake.contributions WHERE repository = $1 AND pull_request = $2 AND state = 'held' ${lock}`,
    [change.repository, change.pullRequest],
  );
  return (rows as Row[]).map((row) => text(row, "id") as Hex);
}

/**
 * Puts `ids` of held work back in the queue, and tells of them again under `deliveryId` if already told, as in
 * the embedded store (`sqliteStore.ts`'s REARM_FEEDBACK). Work held by a transaction that committed after `ids`
 * were read is not among them, so it stays held.
 */
async function release(db: Queryable, deliveryId: string, change: HeldChange, ids: readonly Hex[]): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE intake.contributions SET state = 'pending'
       WHERE repository = $1 AND pull_request = $2 AND state = 'held' AND id = ANY($3)`,
    [change.repository, change.pullRequest, [...ids]],
  );
  if ((rowCount ?? 0) > 0)
    await db.query(
      `UPDATE intake.feedback SET state = 'pending', delivery_id = $1, comment_id = NULL, posted_at = NULL
         WHERE repository = $2 AND number = $3 AND state = 'posted'`,
      [deliveryId, change.repository, change.pullRequest],
    );
}

export class PostgresStore implements IntakeStore {
  readonly #pool: pg.Pool;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /**
   * Connects to the database at `url` and creates the intake's tables if they are not there.
   *
   * @example
   * const store = await PostgresStore.open("postgresql://intake@db.internal/coherence");
   */
  static async open(url: string): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    await pool.query(SCHEMA);
    await pool.query(previewsTableSql("intake.", "BIGSERIAL PRIMARY KEY"));
    await pool.query(optInsTableSql("intake."));
    return new PostgresStore(pool);
  }

  async #rows(sql: string, values: readonly unknown[] = []): Promise<Row[]> {
    return (await this.#pool.query(sql, [...values])).rows as Row[];
  }

  async #transaction(work: (db: Queryable) => Promise<void>): Promise<void> {
    const client = await this.#pool.connect();
    try {
      await client.query("BEGIN");
      await work(client);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    } finally {
      client.release();
    }
  }

  async accept(delivery: Delivery): Promise<"queued" | "replayed"> {
    const { rowCount } = await this.#pool.query(
      `INSERT INTO intake.deliveries (id, forge, event, payload, received_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO NOTHING`,
      [delivery.id, delivery.forge, delivery.event, delivery.payload, delivery.receivedAt],
    );
    return rowCount === 1 ? "queued" : "replayed";
  }

  refuse(refusal: Refusal, at: number): Promise<void> {
    return insertRefusal(this.#pool, refusal, at);
  }

  async deliveryState(id: string): Promise<"queued" | "done" | undefined> {
    const [row] = await this.#rows("SELECT done_at FROM intake.deliveries WHERE id = $1", [id]);
    if (row === undefined) return undefined;
    return row.done_at === null ? "queued" : "done";
  }

  async queued(limit: number): Promise<Delivery[]> {
    const rows = await this.#rows(
      "SELECT * FROM intake.deliveries WHERE done_at IS NULL ORDER BY received_at, seq LIMIT $1",
      [limit],
    );
    return rows.map(deliveryOf);
  }

  complete(deliveryId: string, outcome: DeliveryOutcome, at: number): Promise<void> {
    return this.#transaction(async (db) => {
      for (const refusal of outcome.refusals) await insertRefusal(db, refusal, at);
      if (outcome.optIn !== undefined)
        await db.query(upsertOptInSql("intake.", DOLLAR), upsertOptInValues(outcome.optIn, at));
      for (const unlink of outcome.unlinks)
        await db.query(REVOKE_LIVE_LINK, [unlink.at, unlink.forge, unlink.accountId]);
      for (const link of outcome.links) {
        // A new link replaces the account's live one: one address per account at a time.
        await db.query(REVOKE_LIVE_LINK, [link.linkedAt, link.forge, link.accountId]);
        await db.query(
          `INSERT INTO intake.links (forge, account_id, login, address, statement, signature, linked_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [link.forge, link.accountId, link.login, link.address, link.statement, link.signature, link.linkedAt],
        );
      }
      for (const c of outcome.contributions) {
        await db.query(
          `INSERT INTO intake.contributions (id, delivery_id, repository, pull_request, login, asset_id, contributor,
             labor, tools, compute, evidence_uri, evidence_hash, merged_at, state, held_reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (id) DO NOTHING`,
          contributionValues(c),
        );
      }
      for (const approval of outcome.approvals) await release(db, deliveryId, approval, await heldIds(db, approval));
      const target = outcome.feedback;
      if (target !== undefined) {
        await db.query(
          `INSERT INTO intake.feedback (forge, repository, number, scope, owner, name, delivery_id, state)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending') ON CONFLICT (forge, repository, number) DO NOTHING`,
          [target.forge, target.repository, target.number, target.scope, target.owner, target.name, deliveryId],
        );
      }
      if (outcome.preview !== undefined)
        await db.query(upsertPreviewSql("intake.", DOLLAR), upsertPreviewValues(outcome.preview, deliveryId));
      await db.query("UPDATE intake.deliveries SET done_at = $1 WHERE id = $2", [at, deliveryId]);
    });
  }

  async releaseHeld(approval: string, change: HeldChange, ids: readonly Hex[]): Promise<boolean> {
    let released = false;
    await this.#transaction(async (db) => {
      const held = await heldIds(db, change, "FOR UPDATE");
      if (!sameIds(held, ids)) return;
      await release(db, approval, change, held);
      released = true;
    });
    return released;
  }

  async pending(limit: number): Promise<Contribution[]> {
    const rows = await this.#rows("SELECT * FROM intake.contributions WHERE state = 'pending' ORDER BY seq LIMIT $1", [
      limit,
    ]);
    return rows.map(contributionOf);
  }

  async markSent(batch: SentBatch): Promise<void> {
    await this.#pool.query("UPDATE intake.contributions SET state = 'sent', transaction_hash = $1 WHERE id = ANY($2)", [
      batch.transactionHash,
      [...batch.ids],
    ]);
  }

  async sentBatches(): Promise<SentBatch[]> {
    const rows = await this.#rows(
      "SELECT id, transaction_hash FROM intake.contributions WHERE state = 'sent' ORDER BY seq",
    );
    const batches = new Map<Hex, Hex[]>();
    for (const row of rows) {
      const hash = text(row, "transaction_hash") as Hex;
      batches.set(hash, [...(batches.get(hash) ?? []), text(row, "id") as Hex]);
    }
    return [...batches].map(([transactionHash, ids]) => ({ transactionHash, ids }));
  }

  async markAttested(ids: readonly Hex[], transactionHash: Hex | undefined): Promise<void> {
    await this.#pool.query(
      `UPDATE intake.contributions SET state = 'attested', transaction_hash = coalesce($1, transaction_hash)
         WHERE id = ANY($2)`,
      [transactionHash ?? null, [...ids]],
    );
  }

  async markPending(ids: readonly Hex[]): Promise<void> {
    await this.#pool.query(
      "UPDATE intake.contributions SET state = 'pending', transaction_hash = NULL WHERE id = ANY($1)",
      [[...ids]],
    );
  }

  markRefused(ids: readonly Hex[], refusal: Refusal, at: number): Promise<void> {
    return this.#transaction(async (db) => {
      for (const id of ids) {
        await db.query("UPDATE intake.contributions SET state = 'refused' WHERE id = $1", [id]);
        await insertRefusal(db, { ...refusal, subject: id }, at);
      }
    });
  }

  async countMerged(
    repository: string,
    login: string,
    window: { from: number; to: number; except: number },
  ): Promise<number> {
    const [row] = await this.#rows(
      `SELECT count(*) AS n FROM intake.contributions WHERE repository = $1 AND lower(login) = lower($2)
         AND merged_at > $3 AND merged_at <= $4 AND pull_request <> $5 AND state <> 'refused'`,
      [repository, login, window.from, window.to, window.except],
    );
    return int(row!, "n");
  }

  async linkOf(forge: ForgeName, account: { accountId: string } | { login: string }): Promise<Link | undefined> {
    const [row] =
      "accountId" in account
        ? await this.#rows("SELECT * FROM intake.links WHERE forge = $1 AND account_id = $2 AND revoked_at IS NULL", [
            forge,
            account.accountId,
          ])
        : await this.#rows(
            "SELECT * FROM intake.links WHERE forge = $1 AND lower(login) = lower($2) AND revoked_at IS NULL",
            [forge, account.login],
          );
    return row === undefined ? undefined : linkOf(row);
  }

  async unsettledLinks(limit: number): Promise<UnsettledLink[]> {
    const rows = await this.#rows("SELECT * FROM intake.links WHERE on_chain IS NULL ORDER BY seq LIMIT $1", [limit]);
    return rows.map((row) => ({ seq: int(row, "seq"), link: linkOf(row) }));
  }

  settleLink(
    seq: number,
    revoked: boolean,
    onChain: LinkOnChain,
    refusal: Refusal | undefined,
    at: number,
  ): Promise<void> {
    return this.#transaction(async (db) => {
      const { rowCount } = await db.query(
        `UPDATE intake.links SET on_chain = $1
           WHERE seq = $2 AND on_chain IS NULL AND (revoked_at IS NOT NULL) = $3`,
        [onChain, seq, revoked],
      );
      if (rowCount === 1 && refusal !== undefined) await insertRefusal(db, refusal, at);
    });
  }

  async dueFeedback(limit: number): Promise<DueFeedback[]> {
    const rows = await this.#rows(dueFeedbackSql("intake.", "$1"), [limit]);
    return Promise.all(
      rows.map(async (row) => {
        const target = feedbackTargetOf(row);
        const deliveryId = text(row, "delivery_id");
        const [contributions, refusals] = await Promise.all([
          this.#rows("SELECT * FROM intake.contributions WHERE repository = $1 AND pull_request = $2 ORDER BY seq", [
            target.repository,
            target.number,
          ]),
          this.#rows(feedbackRefusalsSql("intake.", ["$1", "$2", "$3"]), [
            deliveryId,
            target.repository,
            target.number,
          ]),
        ]);
        return {
          target,
          deliveryId,
          contributions: contributions.map(contributionOf),
          refusals: refusals.map(refusalOf),
        };
      }),
    );
  }

  async markFeedbackPosted(
    forge: ForgeName,
    repository: string,
    number: number,
    commentId: string,
    at: number,
  ): Promise<void> {
    await this.#pool.query(
      `UPDATE intake.feedback SET state = 'posted', comment_id = $1, posted_at = $2
         WHERE forge = $3 AND repository = $4 AND number = $5 AND state = 'pending'`,
      [commentId, at, forge, repository, number],
    );
  }

  async unscoredPreviews(limit: number): Promise<StoredPreview[]> {
    return (await this.#rows(unscoredPreviewsSql("intake.", "$1"), [limit])).map(previewOf);
  }

  recordPreviewScore(key: PreviewKey, score: PreviewScore, refusal: Refusal | undefined, at: number) {
    return this.#transaction(async (db) => {
      const { rowCount } = await db.query(scorePreviewSql("intake.", DOLLAR), [
        JSON.stringify(score),
        ...keyValues(key),
      ]);
      if (rowCount === 1 && refusal !== undefined) await insertRefusal(db, refusal, at);
    });
  }

  async duePreviews(limit: number): Promise<StoredPreview[]> {
    return (await this.#rows(duePreviewsSql("intake.", "$1"), [limit])).map(previewOf);
  }

  async markPreviewPosted(key: PreviewKey, runId: string, at: number): Promise<void> {
    await this.#pool.query(markPreviewPostedSql("intake.", DOLLAR), [
      key.version,
      runId,
      at,
      ...keyValues(key).slice(0, 3),
    ]);
  }

  async links(): Promise<Link[]> {
    return (await this.#rows("SELECT * FROM intake.links ORDER BY seq")).map(linkOf);
  }

  async refusals(): Promise<RecordedRefusal[]> {
    return (await this.#rows(refusalsSql("intake."))).map(refusalOf);
  }

  async contributions(): Promise<Contribution[]> {
    return (await this.#rows("SELECT * FROM intake.contributions ORDER BY seq")).map(contributionOf);
  }

  async optIns(): Promise<RecordedOptIn[]> {
    return (await this.#rows(optInsSql("intake."))).map(optInOf);
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}
