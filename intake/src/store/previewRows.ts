/**
 * The previews' table in both stores' dialects (`?` or `$1` placeholders; schema `intake.` or none): a change
 * request's preview is one row, replaced by each later decision (which clears its score and counts a version), so
 * the outbox's worker always publishes the latest and knows which version it published.
 */
import type { PreviewKey, PreviewRequest, PreviewScore, StoredPreview } from "../preview/preview.ts";
import { feedbackTargetOf, int, type Row, text } from "./rows.ts";

export type Placeholder = (n: number) => string;

/** The table, in either dialect (`serial` is each one's auto-incrementing key). */
export const previewsTableSql = (schema: string, serial: string): string => `
CREATE TABLE IF NOT EXISTS ${schema}previews (
  seq ${serial},
  forge TEXT NOT NULL,
  repository TEXT NOT NULL,
  number BIGINT NOT NULL,
  scope BIGINT NOT NULL,
  owner TEXT NOT NULL,
  name TEXT NOT NULL,
  head TEXT NOT NULL,
  base TEXT NOT NULL,
  clone_url TEXT NOT NULL,
  decision TEXT NOT NULL,
  delivery_id TEXT NOT NULL,
  score TEXT,
  version BIGINT NOT NULL,
  posted_version BIGINT NOT NULL,
  run_id TEXT,
  posted_at BIGINT,
  UNIQUE (forge, repository, number)
);
CREATE INDEX IF NOT EXISTS previews_unscored ON ${schema}previews (seq) WHERE score IS NULL;
`;

/** Writes a delivery's decision of a preview: a new row, or the change request's row replaced, unscored. */
export const upsertPreviewSql = (schema: string, $: Placeholder): string =>
  `INSERT INTO ${schema}previews AS p (forge, repository, number, scope, owner, name, head, base, clone_url, decision,
     delivery_id, version, posted_version)
   VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map($).join(", ")}, 1, 0)
   ON CONFLICT (forge, repository, number) DO UPDATE SET scope = excluded.scope, owner = excluded.owner,
     name = excluded.name, head = excluded.head, base = excluded.base, clone_url = excluded.clone_url,
     decision = excluded.decision, delivery_id = excluded.delivery_id, score = NULL, version = p.version + 1`;

export function upsertPreviewValues(request: PreviewRequest, deliveryId: string): (string | number)[] {
  const { target } = request;
  const decision = JSON.stringify({ people: request.people, refusals: request.refusals }, (_, value) =>
    typeof value === "bigint" ? value.toString() : value,
  );
  return [
    target.forge,
    target.repository,
    target.number,
    target.scope,
    target.owner,
    target.name,
    request.head,
    request.base,
    request.cloneUrl,
    decision,
    deliveryId,
  ];
}

const KEY = ($: Placeholder, from: number) =>
  `forge = ${$(from)} AND repository = ${$(from + 1)} AND number = ${$(from + 2)} AND version = ${$(from + 3)}`;
export const keyValues = (key: PreviewKey): (string | number)[] => [key.forge, key.repository, key.number, key.version];

/** Records the score of the version scored, unless a later decision replaced it meanwhile. */
export const scorePreviewSql = (schema: string, $: Placeholder): string =>
  `UPDATE ${schema}previews SET score = ${$(1)}, version = version + 1 WHERE ${KEY($, 2)}`;

/** Records that a version was published, as the run (or note) `run_id`; a later version stays due. */
export const markPreviewPostedSql = (schema: string, $: Placeholder): string =>
  `UPDATE ${schema}previews SET posted_version = ${$(1)}, run_id = ${$(2)}, posted_at = ${$(3)}
     WHERE forge = ${$(4)} AND repository = ${$(5)} AND number = ${$(6)} AND posted_version < ${$(1)}`;

export const unscoredPreviewsSql = (schema: string, limit: string): string =>
  `SELECT * FROM ${schema}previews WHERE score IS NULL ORDER BY seq LIMIT ${limit}`;

export const duePreviewsSql = (schema: string, limit: string): string =>
  `SELECT * FROM ${schema}previews WHERE version > posted_version ORDER BY seq LIMIT ${limit}`;

const MONEY = new Set(["laborMicroUsd", "toolsMicroUsd", "computeMicroUsd"]);

export function previewOf(row: Row): StoredPreview {
  const decision = JSON.parse(text(row, "decision"), (key, value) =>
    MONEY.has(key) ? BigInt(value as string) : value,
  ) as Pick<PreviewRequest, "people" | "refusals">;
  const score = row.score === null || row.score === undefined ? undefined : text(row, "score");
  return {
    target: feedbackTargetOf(row),
    head: text(row, "head"),
    base: text(row, "base"),
    cloneUrl: text(row, "clone_url"),
    ...decision,
    deliveryId: text(row, "delivery_id"),
    version: int(row, "version"),
    score: score === undefined ? undefined : (JSON.parse(score) as PreviewScore),
  };
}
