/**
 * The gateway's durable book of paid use, in Node's built-in `node:sqlite` (one file, written ahead): every run
 * with its signed record of run, unique by (payer, nonce); each payer's units per asset and period, which the free
 * tier is counted against; and each channel's cumulative units, amount and hosting fee, which the payer's vouchers
 * must cover. A run is committed in one transaction, so a crash leaves it either wholly in the book or not at all,
 * and a nonce is used once.
 *
 * Durability: write-ahead log with `synchronous = NORMAL`. A commit is written to the log before `commit` returns
 * (so before the call is answered) but not fsynced; SQLite syncs the log at each checkpoint. The gateway's process
 * dying (kill -9, a crash, an OOM kill) loses no committed run: the log is in the OS's page cache and is replayed
 * on open (the system test kills the service inside a call). What NORMAL gives up, against FULL, is an OS crash or
 * power loss: the runs committed since the last checkpoint can roll back (whole, never half), and the nonces of
 * those runs, already answered, would be issued again. A full sync cost 0.12 ms p50 and 0.9 ms p99 per commit on
 * this machine's disk, most of the 2 ms budget at p99. The log is checkpointed by a worker thread
 * (`walCheckpointer`), not inside a commit on a call's path.
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";

import {
  BaseError,
  canonicalJson,
  type Hex,
  type JsonValue,
  jsonText,
  type RecordOfRun,
  type Voucher,
} from "@coherence/protocol";
import type { Address } from "viem";

import type { Charge } from "./charge.ts";
import { FALLBACK_PAGES, type WalCheckpointer, walCheckpointer } from "./walCheckpointer.ts";

/** What a channel (payer, runner, asset, token) owes so far: what its next voucher must cover. */
export type Owed = { readonly units: bigint; readonly amount: bigint; readonly hostingFee: bigint };

export type CommittedRun = {
  readonly record: RecordOfRun;
  /** What ran on, and what it answered: a replay re-runs the input and compares the output's hash. */
  readonly input: JsonValue;
  readonly output: JsonValue;
  /** The runner's EIP-712 signature of the record. */
  readonly signature: Hex;
  readonly token: Address;
  readonly period: bigint;
  readonly charge: Charge;
};

/** A run whose nonce is not the payer's next one: used already, or skipped. */
export class NonceNotNextError extends BaseError {
  override name = "NonceNotNextError";
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  payer TEXT NOT NULL,
  nonce INTEGER NOT NULL,
  asset_id TEXT NOT NULL,
  token TEXT NOT NULL,
  period INTEGER NOT NULL,
  record TEXT NOT NULL,
  signature TEXT NOT NULL,
  charge TEXT NOT NULL,
  owed TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (payer, nonce)
);
CREATE INDEX IF NOT EXISTS runs_by_channel ON runs (payer, asset_id, token, nonce);
CREATE INDEX IF NOT EXISTS runs_by_period ON runs (period, payer, nonce);
CREATE TABLE IF NOT EXISTS usage (
  payer TEXT NOT NULL,
  asset_id TEXT NOT NULL,
  period INTEGER NOT NULL,
  units TEXT NOT NULL,
  PRIMARY KEY (payer, asset_id, period)
);
CREATE TABLE IF NOT EXISTS channels (
  payer TEXT NOT NULL,
  asset_id TEXT NOT NULL,
  token TEXT NOT NULL,
  units TEXT NOT NULL,
  amount TEXT NOT NULL,
  hosting_fee TEXT NOT NULL,
  PRIMARY KEY (payer, asset_id, token)
);
CREATE TABLE IF NOT EXISTS vouchers (
  payer TEXT NOT NULL,
  asset_id TEXT NOT NULL,
  token TEXT NOT NULL,
  nonce INTEGER NOT NULL,
  voucher TEXT NOT NULL,
  signature TEXT NOT NULL,
  PRIMARY KEY (payer, asset_id, token)
);
`;

// Amounts are stored as decimal text: they exceed SQLite's 64-bit integers.
const bigints = (value: unknown): string => jsonText(value);
const RECORD_BIGINTS = ["assetId", "units", "price", "nonce", "time"] as const;
const CHARGE_BIGINTS = ["units", "freeUnits", "paidUnits", "amount", "hostingFee"] as const;
const OWED_BIGINTS = ["units", "amount", "hostingFee"] as const;
const VOUCHER_BIGINTS = ["assetId", "units", "amount", "hostingFee", "period", "nonce"] as const;
function withBigints<T>(text: string, fields: readonly string[]): T {
  const value = JSON.parse(text) as Record<string, unknown>;
  for (const field of fields) value[field] = BigInt(value[field] as string);
  return value as T;
}

const NOTHING_OWED: Owed = { units: 0n, amount: 0n, hostingFee: 0n };

export class UsageBook {
  readonly #db: DatabaseSync;
  readonly #checkpointer: WalCheckpointer | undefined;
  // Each query is compiled once, not on every call: several run on each paid call's path.
  readonly #statements = new Map<string, StatementSync>();

  private constructor(db: DatabaseSync, checkpointer: WalCheckpointer | undefined) {
    this.#db = db;
    this.#checkpointer = checkpointer;
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Opens (creating if need be) the book in `file`; `:memory:` for a throwaway one. */
  static open(file: string): UsageBook {
    // The timeout rides out the moment the checkpointer's connection holds a lock a commit needs.
    const db = new DatabaseSync(file, { timeout: 1_000 });
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    db.exec(SCHEMA);
    if (file === ":memory:") return new UsageBook(db, undefined);
    db.exec(`PRAGMA wal_autocheckpoint = ${FALLBACK_PAGES}`);
    return new UsageBook(db, walCheckpointer(file));
  }

  close(): void {
    this.#checkpointer?.stop();
    this.#db.close();
  }

  /** The nonce the payer's next record of run gets: one more than its last, from 1. */
  nextNonce(payer: Address): bigint {
    const row = this.#statement("SELECT MAX(nonce) AS last FROM runs WHERE payer = ?").get(payer.toLowerCase());
    return BigInt((row?.last as number | null) ?? 0) + 1n;
  }

  /** The units the payer ran on the asset in the period, which its free tier is counted against. */
  usedThisPeriod(payer: Address, assetId: bigint, period: bigint): bigint {
    const row = this.#statement("SELECT units FROM usage WHERE payer = ? AND asset_id = ? AND period = ?").get(
      payer.toLowerCase(),
      String(assetId),
      Number(period),
    );
    return BigInt((row?.units as string | undefined) ?? "0");
  }

  owed(payer: Address, assetId: bigint, token: Address): Owed {
    const row = this.#statement(
      "SELECT units, amount, hosting_fee FROM channels WHERE payer = ? AND asset_id = ? AND token = ?",
    ).get(payer.toLowerCase(), String(assetId), token.toLowerCase());
    if (row === undefined) return NOTHING_OWED;
    return {
      units: BigInt(row.units as string),
      amount: BigInt(row.amount as string),
      hostingFee: BigInt(row.hosting_fee as string),
    };
  }

  /**
   * Records the run, its units against the free tier and its charge against the channel, all or nothing. The
   * record's nonce must be the payer's next ({@link NonceNotNextError} otherwise, and nothing is written). What
   * the channel owes after it.
   */
  commit(run: CommittedRun): Owed {
    const { record, charge } = run;
    const payer = record.payer.toLowerCase();
    const asset = String(record.assetId);
    const token = run.token.toLowerCase();
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const next = this.nextNonce(record.payer);
      if (record.nonce !== next) {
        throw new NonceNotNextError(`record nonce ${record.nonce} of ${record.payer} is not its next, ${next}`);
      }
      const owed = this.owed(record.payer, record.assetId, run.token);
      const after: Owed = {
        units: owed.units + charge.paidUnits,
        amount: owed.amount + charge.amount,
        hostingFee: owed.hostingFee + charge.hostingFee,
      };
      this.#statement(
        "INSERT INTO runs (payer, nonce, asset_id, token, period, record, signature, charge, owed, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ).run(
        payer,
        Number(record.nonce),
        asset,
        token,
        Number(run.period),
        bigints(record),
        run.signature,
        bigints(charge),
        bigints(after),
        canonicalJson({ input: run.input, output: run.output }),
      );
      const used = this.usedThisPeriod(record.payer, record.assetId, run.period) + charge.units;
      this.#statement(
        "INSERT INTO usage (payer, asset_id, period, units) VALUES (?, ?, ?, ?) ON CONFLICT (payer, asset_id, period) DO UPDATE SET units = excluded.units",
      ).run(payer, asset, Number(run.period), String(used));
      this.#statement(
        "INSERT INTO channels (payer, asset_id, token, units, amount, hosting_fee) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (payer, asset_id, token) DO UPDATE SET units = excluded.units, amount = excluded.amount, hosting_fee = excluded.hosting_fee",
      ).run(payer, asset, token, String(after.units), String(after.amount), String(after.hostingFee));
      this.#db.exec("COMMIT");
      return after;
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  /**
   * What the channel owed right after the payer's run `nonce` (its runs of nonce `nonce` or lower), with the
   * period of the latest of them: exactly what a voucher of that nonce must say. Undefined when the payer has no
   * run of that nonce.
   */
  owedAt(payer: Address, assetId: bigint, token: Address, nonce: bigint): { owed: Owed; period: bigint } | undefined {
    const exists = this.#statement("SELECT 1 FROM runs WHERE payer = ? AND nonce = ?").get(
      payer.toLowerCase(),
      Number(nonce),
    );
    if (exists === undefined) return undefined;
    const row = this.#statement(
      "SELECT owed, period FROM runs WHERE payer = ? AND asset_id = ? AND token = ? AND nonce <= ? ORDER BY nonce DESC LIMIT 1",
    ).get(payer.toLowerCase(), String(assetId), token.toLowerCase(), Number(nonce));
    if (row === undefined) return { owed: NOTHING_OWED, period: 0n };
    return { owed: withBigints<Owed>(row.owed as string, OWED_BIGINTS), period: BigInt(row.period as number) };
  }

  /** The channel's latest accepted voucher and the payer's signature of it, which the runner redeems. */
  latestVoucher(payer: Address, assetId: bigint, token: Address): { voucher: Voucher; signature: Hex } | undefined {
    const row = this.#statement(
      "SELECT voucher, signature FROM vouchers WHERE payer = ? AND asset_id = ? AND token = ?",
    ).get(payer.toLowerCase(), String(assetId), token.toLowerCase());
    if (row === undefined) return undefined;
    return { voucher: withBigints<Voucher>(row.voucher as string, VOUCHER_BIGINTS), signature: row.signature as Hex };
  }

  /** Every channel's latest voucher with its signature, by payer, asset and token: what the runner redeems. */
  latestVouchers(): { voucher: Voucher; signature: Hex }[] {
    return this.#statement("SELECT voucher, signature FROM vouchers ORDER BY payer, asset_id, token")
      .all()
      .map((row) => ({
        voucher: withBigints<Voucher>(row.voucher as string, VOUCHER_BIGINTS),
        signature: row.signature as Hex,
      }));
  }

  /** Keeps `voucher` as its channel's latest if its nonce is above the latest's; whether it was kept. */
  keepVoucher(voucher: Voucher, signature: Hex): boolean {
    const result = this.#statement(
      "INSERT INTO vouchers (payer, asset_id, token, nonce, voucher, signature) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (payer, asset_id, token) DO UPDATE SET nonce = excluded.nonce, voucher = excluded.voucher, signature = excluded.signature WHERE excluded.nonce > vouchers.nonce",
    ).run(
      voucher.payer.toLowerCase(),
      String(voucher.assetId),
      voucher.token.toLowerCase(),
      Number(voucher.nonce),
      bigints(voucher),
      signature,
    );
    return result.changes > 0;
  }

  /** The periods that have runs, in order. */
  periodsWithRuns(): bigint[] {
    return this.#statement("SELECT DISTINCT period FROM runs ORDER BY period")
      .all()
      .map((row) => BigInt(row.period as number));
  }

  /** The period's runs, by payer and nonce: the leaves of the records tree a runner anchors for it. */
  runsOf(period: bigint): CommittedRun[] {
    return this.#statement(
      "SELECT token, period, record, signature, charge, data FROM runs WHERE period = ? ORDER BY payer, nonce",
    )
      .all(Number(period))
      .map((row) => ({
        record: withBigints<RecordOfRun>(row.record as string, RECORD_BIGINTS),
        // Canonical JSON writes a bigint as its decimal string, so the value read back hashes as it did.
        ...(JSON.parse(row.data as string) as { input: JsonValue; output: JsonValue }),
        signature: row.signature as Hex,
        token: row.token as Address,
        period: BigInt(row.period as number),
        charge: withBigints<Charge>(row.charge as string, CHARGE_BIGINTS),
      }));
  }
}
