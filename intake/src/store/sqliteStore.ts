/**
 * The intake's store in an embedded database, Node's built-in `node:sqlite`: one file, written ahead (WAL) with
 * full synchronous commits, so a transaction that returned is on disk before the next step starts.
 */
import { DatabaseSync } from "node:sqlite";
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
CREATE TABLE IF NOT EXISTS deliveries (
  id TEXT PRIMARY KEY,
  forge TEXT NOT NULL,
  event TEXT NOT NULL,
  payload TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  done_at INTEGER
);
CREATE INDEX IF NOT EXISTS deliveries_queued ON deliveries (received_at) WHERE done_at IS NULL;
CREATE TABLE IF NOT EXISTS refusals (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id TEXT,
  stage TEXT NOT NULL,
  code TEXT NOT NULL,
  subject TEXT,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL,
  logins TEXT,
  host TEXT
);
CREATE TABLE IF NOT EXISTS links (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  forge TEXT NOT NULL,
  account_id TEXT NOT NULL,
  login TEXT NOT NULL,
  address TEXT NOT NULL,
  statement TEXT NOT NULL,
  signature TEXT NOT NULL,
  linked_at INTEGER NOT NULL,
  revoked_at INTEGER,
  on_chain TEXT
);
CREATE INDEX IF NOT EXISTS links_account ON links (forge, account_id) WHERE revoked_at IS NULL;
CREATE INDEX IF NOT EXISTS links_unsettled ON links (seq) WHERE on_chain IS NULL;
CREATE TABLE IF NOT EXISTS contributions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  delivery_id TEXT NOT NULL,
  repository TEXT NOT NULL,
  pull_request INTEGER NOT NULL,
  login TEXT NOT NULL,
  asset_id TEXT NOT NULL,
  contributor TEXT NOT NULL,
  labor TEXT NOT NULL,
  tools TEXT NOT NULL,
  compute TEXT NOT NULL,
  evidence_uri TEXT NOT NULL,
  evidence_hash TEXT NOT NULL,
  merged_at INTEGER NOT NULL,
  state TEXT NOT NULL,
  held_reason TEXT,
  transaction_hash TEXT
);
CREATE INDEX IF NOT EXISTS contributions_state ON contributions (state, seq);
CREATE INDEX IF NOT EXISTS contributions_merged ON contributions (repository, login, merged_at);
CREATE INDEX IF NOT EXISTS contributions_change ON contributions (repository, pull_request);
CREATE TABLE IF NOT EXISTS feedback (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  forge TEXT NOT NULL,
  repository TEXT NOT NULL,
  number INTEGER NOT NULL,
  scope INTEGER NOT NULL,
  owner TEXT NOT NULL,
  name TEXT NOT NULL,
  delivery_id TEXT NOT NULL,
  state TEXT NOT NULL,
  comment_id TEXT,
  posted_at INTEGER,
  UNIQUE (forge, repository, number)
);
CREATE INDEX IF NOT EXISTS feedback_pending ON feedback (seq) WHERE state = 'pending';
`;

/** Revokes an account's live link; its revocation is then for the chain to settle. */
const REVOKE_LIVE_LINK =
  "UPDATE links SET revoked_at = ?, on_chain = NULL WHERE forge = ? AND account_id = ? AND revoked_at IS NULL";

/**
 * Work a maintainer released after its comment said it was held is told again, in a comment of its own (marked by
 * the approving delivery) once the chain has it. A comment not posted yet is left to tell the released work itself.
 */
const REARM_FEEDBACK = `UPDATE feedback SET state = 'pending', delivery_id = ?, comment_id = NULL, posted_at = NULL
  WHERE repository = ? AND number = ? AND state = 'posted'`;

const QUESTION = (n: number) => `?${n}`;

export class SqliteStore implements IntakeStore {
  readonly #db: DatabaseSync;

  private constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /**
   * Opens (or creates) the store in the file `path` (`:memory:` for a store that lives as long as the process).
   *
   * @example
   * const store = SqliteStore.open(".ccn/intake/intake.sqlite");
   */
  static open(path: string): SqliteStore {
    const db = new DatabaseSync(path);
    // WAL with FULL: a commit is durable when it returns, and readers never block the writer.
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");
    // A store made before links went on-chain lacks their column (SQLite has no ADD COLUMN IF NOT EXISTS); its
    // links are then unsettled, and the recorder tells each what it has to do.
    const linkColumns = db.prepare("SELECT name FROM pragma_table_info('links')").all() as Row[];
    if (linkColumns.length > 0 && !linkColumns.some((c) => c.name === "on_chain"))
      db.exec("ALTER TABLE links ADD COLUMN on_chain TEXT");
    // Nor, before whole-change refusals named their contributors and then their forge's host, refusals those.
    const refusalColumns = db.prepare("SELECT name FROM pragma_table_info('refusals')").all() as Row[];
    for (const column of ["logins", "host"])
      if (refusalColumns.length > 0 && !refusalColumns.some((c) => c.name === column))
        db.exec(`ALTER TABLE refusals ADD COLUMN ${column} TEXT`);
    db.exec(SCHEMA);
    db.exec(previewsTableSql("", "INTEGER PRIMARY KEY AUTOINCREMENT"));
    db.exec(optInsTableSql(""));
    return new SqliteStore(db);
  }

  #transaction<T>(work: () => T): T {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.#db.exec("COMMIT");
      return result;
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  #insertRefusal(refusal: Refusal, at: number): void {
    this.#db
      .prepare(
        "INSERT INTO refusals (delivery_id, stage, code, subject, reason, logins, host, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(...refusalValues(refusal), at);
  }

  async accept(delivery: Delivery): Promise<"queued" | "replayed"> {
    const { changes } = this.#db
      .prepare(
        "INSERT INTO deliveries (id, forge, event, payload, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
      )
      .run(delivery.id, delivery.forge, delivery.event, delivery.payload, delivery.receivedAt);
    return Number(changes) === 1 ? "queued" : "replayed";
  }

  async refuse(refusal: Refusal, at: number): Promise<void> {
    this.#insertRefusal(refusal, at);
  }

  async deliveryState(id: string): Promise<"queued" | "done" | undefined> {
    const row = this.#db.prepare("SELECT done_at FROM deliveries WHERE id = ?").get(id) as Row | undefined;
    if (row === undefined) return undefined;
    return row.done_at === null ? "queued" : "done";
  }

  async queued(limit: number): Promise<Delivery[]> {
    const rows = this.#db
      .prepare("SELECT * FROM deliveries WHERE done_at IS NULL ORDER BY received_at, rowid LIMIT ?")
      .all(limit) as Row[];
    return rows.map(deliveryOf);
  }

  async complete(deliveryId: string, outcome: DeliveryOutcome, at: number): Promise<void> {
    this.#transaction(() => {
      for (const refusal of outcome.refusals) this.#insertRefusal(refusal, at);
      if (outcome.optIn !== undefined)
        this.#db.prepare(upsertOptInSql("", QUESTION)).run(...upsertOptInValues(outcome.optIn, at));
      for (const unlink of outcome.unlinks) {
        this.#db.prepare(REVOKE_LIVE_LINK).run(unlink.at, unlink.forge, unlink.accountId);
      }
      for (const link of outcome.links) {
        // A new link replaces the account's live one: one address per account at a time.
        this.#db.prepare(REVOKE_LIVE_LINK).run(link.linkedAt, link.forge, link.accountId);
        this.#db
          .prepare(
            "INSERT INTO links (forge, account_id, login, address, statement, signature, linked_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          )
          .run(link.forge, link.accountId, link.login, link.address, link.statement, link.signature, link.linkedAt);
      }
      for (const c of outcome.contributions) {
        this.#db
          .prepare(
            `INSERT INTO contributions (id, delivery_id, repository, pull_request, login, asset_id, contributor, labor,
               tools, compute, evidence_uri, evidence_hash, merged_at, state, held_reason)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
          )
          .run(...contributionValues(c));
      }
      for (const approval of outcome.approvals) this.#release(deliveryId, approval, this.#heldIds(approval));
      const target = outcome.feedback;
      if (target !== undefined) {
        this.#db
          .prepare(
            `INSERT INTO feedback (forge, repository, number, scope, owner, name, delivery_id, state)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT (forge, repository, number) DO NOTHING`,
          )
          .run(target.forge, target.repository, target.number, target.scope, target.owner, target.name, deliveryId);
      }
      if (outcome.preview !== undefined)
        this.#db.prepare(upsertPreviewSql("", QUESTION)).run(...upsertPreviewValues(outcome.preview, deliveryId));
      this.#db.prepare("UPDATE deliveries SET done_at = ? WHERE id = ?").run(at, deliveryId);
    });
  }

  #heldIds(change: HeldChange): Hex[] {
    const rows = this.#db
      .prepare("SELECT id FROM contributions WHERE repository = ? AND pull_request = ? AND state = 'held'")
      .all(change.repository, change.pullRequest) as Row[];
    return rows.map((row) => text(row, "id") as Hex);
  }

  /** Puts `ids` of held work back in the queue, and tells of them again under `deliveryId` if already told. */
  #release(deliveryId: string, change: HeldChange, ids: readonly Hex[]): void {
    const { changes } = this.#db
      .prepare(
        `UPDATE contributions SET state = 'pending'
           WHERE repository = ? AND pull_request = ? AND state = 'held' AND id IN (SELECT value FROM json_each(?))`,
      )
      .run(change.repository, change.pullRequest, JSON.stringify(ids));
    if (Number(changes) > 0) this.#db.prepare(REARM_FEEDBACK).run(deliveryId, change.repository, change.pullRequest);
  }

  async releaseHeld(approval: string, change: HeldChange, ids: readonly Hex[]): Promise<boolean> {
    return this.#transaction(() => {
      const held = this.#heldIds(change);
      if (!sameIds(held, ids)) return false;
      this.#release(approval, change, held);
      return true;
    });
  }

  async pending(limit: number): Promise<Contribution[]> {
    const rows = this.#db
      .prepare("SELECT * FROM contributions WHERE state = 'pending' ORDER BY seq LIMIT ?")
      .all(limit) as Row[];
    return rows.map(contributionOf);
  }

  async markSent(batch: SentBatch): Promise<void> {
    this.#transaction(() => {
      for (const id of batch.ids) {
        this.#db
          .prepare("UPDATE contributions SET state = 'sent', transaction_hash = ? WHERE id = ?")
          .run(batch.transactionHash, id);
      }
    });
  }

  async sentBatches(): Promise<SentBatch[]> {
    const rows = this.#db
      .prepare("SELECT id, transaction_hash FROM contributions WHERE state = 'sent' ORDER BY seq")
      .all() as Row[];
    const batches = new Map<Hex, Hex[]>();
    for (const row of rows) {
      const hash = text(row, "transaction_hash") as Hex;
      batches.set(hash, [...(batches.get(hash) ?? []), text(row, "id") as Hex]);
    }
    return [...batches].map(([transactionHash, ids]) => ({ transactionHash, ids }));
  }

  async markAttested(ids: readonly Hex[], transactionHash: Hex | undefined): Promise<void> {
    this.#transaction(() => {
      for (const id of ids) {
        this.#db
          .prepare(
            "UPDATE contributions SET state = 'attested', transaction_hash = coalesce(?, transaction_hash) WHERE id = ?",
          )
          .run(transactionHash ?? null, id);
      }
    });
  }

  async markPending(ids: readonly Hex[]): Promise<void> {
    this.#transaction(() => {
      for (const id of ids) {
        this.#db.prepare("UPDATE contributions SET state = 'pending', transaction_hash = NULL WHERE id = ?").run(id);
      }
    });
  }

  async markRefused(ids: readonly Hex[], refusal: Refusal, at: number): Promise<void> {
    this.#transaction(() => {
      for (const id of ids) {
        this.#db.prepare("UPDATE contributions SET state = 'refused' WHERE id = ?").run(id);
        this.#insertRefusal({ ...refusal, subject: id }, at);
      }
    });
  }

  async countMerged(
    repository: string,
    login: string,
    window: { from: number; to: number; except: number },
  ): Promise<number> {
    const row = this.#db
      .prepare(
        `SELECT count(*) AS n FROM contributions WHERE repository = ? AND lower(login) = lower(?) AND merged_at > ?
           AND merged_at <= ? AND pull_request <> ? AND state <> 'refused'`,
      )
      .get(repository, login, window.from, window.to, window.except) as Row;
    return int(row, "n");
  }

  async linkOf(forge: ForgeName, account: { accountId: string } | { login: string }): Promise<Link | undefined> {
    const row = (
      "accountId" in account
        ? this.#db
            .prepare("SELECT * FROM links WHERE forge = ? AND account_id = ? AND revoked_at IS NULL")
            .get(forge, account.accountId)
        : this.#db
            .prepare("SELECT * FROM links WHERE forge = ? AND lower(login) = lower(?) AND revoked_at IS NULL")
            .get(forge, account.login)
    ) as Row | undefined;
    return row === undefined ? undefined : linkOf(row);
  }

  async unsettledLinks(limit: number): Promise<UnsettledLink[]> {
    const rows = this.#db
      .prepare("SELECT * FROM links WHERE on_chain IS NULL ORDER BY seq LIMIT ?")
      .all(limit) as Row[];
    return rows.map((row) => ({ seq: int(row, "seq"), link: linkOf(row) }));
  }

  async settleLink(
    seq: number,
    revoked: boolean,
    onChain: LinkOnChain,
    refusal: Refusal | undefined,
    at: number,
  ): Promise<void> {
    this.#transaction(() => {
      const { changes } = this.#db
        .prepare("UPDATE links SET on_chain = ? WHERE seq = ? AND on_chain IS NULL AND (revoked_at IS NOT NULL) = ?")
        .run(onChain, seq, revoked ? 1 : 0);
      if (Number(changes) === 1 && refusal !== undefined) this.#insertRefusal(refusal, at);
    });
  }

  async dueFeedback(limit: number): Promise<DueFeedback[]> {
    const rows = this.#db.prepare(dueFeedbackSql("", "?")).all(limit) as Row[];
    return rows.map((row) => {
      const target = feedbackTargetOf(row);
      const deliveryId = text(row, "delivery_id");
      const contributions = this.#db
        .prepare("SELECT * FROM contributions WHERE repository = ? AND pull_request = ? ORDER BY seq")
        .all(target.repository, target.number) as Row[];
      const refusals = this.#db
        .prepare(feedbackRefusalsSql("", ["?", "?", "?"]))
        .all(deliveryId, target.repository, target.number) as Row[];
      return {
        target,
        deliveryId,
        contributions: contributions.map(contributionOf),
        refusals: refusals.map(refusalOf),
      };
    });
  }

  async markFeedbackPosted(
    forge: ForgeName,
    repository: string,
    number: number,
    commentId: string,
    at: number,
  ): Promise<void> {
    this.#db
      .prepare(
        `UPDATE feedback SET state = 'posted', comment_id = ?, posted_at = ?
           WHERE forge = ? AND repository = ? AND number = ? AND state = 'pending'`,
      )
      .run(commentId, at, forge, repository, number);
  }

  async unscoredPreviews(limit: number): Promise<StoredPreview[]> {
    return (this.#db.prepare(unscoredPreviewsSql("", "?")).all(limit) as Row[]).map(previewOf);
  }

  async recordPreviewScore(key: PreviewKey, score: PreviewScore, refusal: Refusal | undefined, at: number) {
    this.#transaction(() => {
      const { changes } = this.#db.prepare(scorePreviewSql("", QUESTION)).run(JSON.stringify(score), ...keyValues(key));
      if (Number(changes) === 1 && refusal !== undefined) this.#insertRefusal(refusal, at);
    });
  }

  async duePreviews(limit: number): Promise<StoredPreview[]> {
    return (this.#db.prepare(duePreviewsSql("", "?")).all(limit) as Row[]).map(previewOf);
  }

  async markPreviewPosted(key: PreviewKey, runId: string, at: number): Promise<void> {
    this.#db.prepare(markPreviewPostedSql("", QUESTION)).run(key.version, runId, at, ...keyValues(key).slice(0, 3));
  }

  async links(): Promise<Link[]> {
    return (this.#db.prepare("SELECT * FROM links ORDER BY seq").all() as Row[]).map(linkOf);
  }

  async refusals(): Promise<RecordedRefusal[]> {
    return (this.#db.prepare(refusalsSql("")).all() as Row[]).map(refusalOf);
  }

  async contributions(): Promise<Contribution[]> {
    return (this.#db.prepare("SELECT * FROM contributions ORDER BY seq").all() as Row[]).map(contributionOf);
  }

  async optIns(): Promise<RecordedOptIn[]> {
    return (this.#db.prepare(optInsSql("")).all() as Row[]).map(optInOf);
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}
