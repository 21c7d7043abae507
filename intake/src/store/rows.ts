/**
 * The store's rows, as both databases return them (bigint columns may come back as text), into its types; and a
 * contribution into the values both insert, in their column order.
 */
import type { Address, Hex } from "viem";

import type {
  Contribution,
  ContributionState,
  Delivery,
  FeedbackTarget,
  ForgeName,
  Link,
  LinkOnChain,
  RecordedRefusal,
  Refusal,
} from "./intakeStore.ts";

export type Row = Record<string, string | number | bigint | null | Uint8Array>;

export const text = (row: Row, column: string): string => String(row[column]);
const optionalText = (row: Row, column: string): string | undefined =>
  row[column] === null || row[column] === undefined ? undefined : String(row[column]);
export const int = (row: Row, column: string): number => Number(row[column]);

export function deliveryOf(row: Row): Delivery {
  return {
    id: text(row, "id"),
    forge: text(row, "forge") as ForgeName,
    event: text(row, "event"),
    payload: text(row, "payload"),
    receivedAt: int(row, "received_at"),
  };
}

export function linkOf(row: Row): Link {
  const revoked = row.revoked_at;
  return {
    forge: text(row, "forge") as ForgeName,
    accountId: text(row, "account_id"),
    login: text(row, "login"),
    address: text(row, "address") as Address,
    statement: text(row, "statement"),
    signature: text(row, "signature") as Hex,
    linkedAt: int(row, "linked_at"),
    revokedAt: revoked === null ? undefined : Number(revoked),
    onChain: row.on_chain === null || row.on_chain === undefined ? undefined : (text(row, "on_chain") as LinkOnChain),
  };
}

export function contributionOf(row: Row): Contribution {
  return {
    id: text(row, "id") as Hex,
    deliveryId: text(row, "delivery_id"),
    repository: text(row, "repository"),
    pullRequest: int(row, "pull_request"),
    login: text(row, "login"),
    assetId: BigInt(text(row, "asset_id")),
    contributor: text(row, "contributor") as Address,
    laborMicroUsd: BigInt(text(row, "labor")),
    toolsMicroUsd: BigInt(text(row, "tools")),
    computeMicroUsd: BigInt(text(row, "compute")),
    evidenceUri: text(row, "evidence_uri"),
    evidenceHash: text(row, "evidence_hash") as Hex,
    mergedAt: int(row, "merged_at"),
    state: text(row, "state") as ContributionState,
    heldReason: optionalText(row, "held_reason"),
    transactionHash: optionalText(row, "transaction_hash") as Hex | undefined,
  };
}

export function feedbackTargetOf(row: Row): FeedbackTarget {
  return {
    forge: text(row, "forge") as ForgeName,
    repository: text(row, "repository"),
    number: int(row, "number"),
    scope: int(row, "scope"),
    owner: text(row, "owner"),
    name: text(row, "name"),
  };
}

/**
 * The outbox's comments ready to post, in both dialects (`?` or `$1` for the limit): pending, and no contribution
 * of their change request still on its way to the chain.
 */
export const dueFeedbackSql = (schema: string, limit: string): string =>
  `SELECT * FROM ${schema}feedback f WHERE f.state = 'pending' AND NOT EXISTS (
     SELECT 1 FROM ${schema}contributions c
       WHERE c.repository = f.repository AND c.pull_request = f.number AND c.state IN ('pending', 'sent'))
   ORDER BY f.seq LIMIT ${limit}`;

/**
 * What a comment tells beside the contributions: the deciding delivery's refusals, and the relayer's refusals of
 * the change request's contributions (recorded under the delivery that first made each, which may be another).
 */
export const feedbackRefusalsSql = (schema: string, [delivery, repository, number]: readonly string[]): string =>
  `SELECT * FROM ${schema}refusals WHERE delivery_id = ${delivery} OR (stage = 'relay' AND subject IN (
     SELECT id FROM ${schema}contributions WHERE repository = ${repository} AND pull_request = ${number}))
   ORDER BY seq`;

/** Every refusal with its delivery's forge (a refusal of no accepted delivery has none), in both dialects. */
export const refusalsSql = (schema: string): string =>
  `SELECT r.*, d.forge FROM ${schema}refusals r LEFT JOIN ${schema}deliveries d ON d.id = r.delivery_id ORDER BY r.seq`;

/**
 * A refusal's column values, in the order both stores insert them: delivery_id, stage, code, subject, reason, logins,
 * host.
 */
export const refusalValues = (r: Refusal): (string | null)[] => [
  r.deliveryId ?? null,
  r.stage,
  r.code,
  r.subject ?? null,
  r.reason,
  r.logins === undefined ? null : JSON.stringify(r.logins),
  r.host ?? null,
];

export function refusalOf(row: Row): RecordedRefusal {
  return {
    seq: int(row, "seq"),
    deliveryId: optionalText(row, "delivery_id"),
    stage: text(row, "stage") as Refusal["stage"],
    code: text(row, "code"),
    subject: optionalText(row, "subject"),
    reason: text(row, "reason"),
    ...(row.logins === null || row.logins === undefined ? {} : { logins: JSON.parse(text(row, "logins")) as string[] }),
    ...(row.host === null || row.host === undefined ? {} : { host: text(row, "host") }),
    at: int(row, "at"),
    ...(row.forge === null || row.forge === undefined ? {} : { forge: text(row, "forge") as ForgeName }),
  };
}

/**
 * A contribution's column values, in the order both stores insert them: id, delivery_id, repository, pull_request,
 * login, asset_id, contributor, labor, tools, compute, evidence_uri, evidence_hash, merged_at, state, held_reason
 * (amounts as decimal text, so no database rounds them).
 */
export function contributionValues(c: Omit<Contribution, "transactionHash">): (string | number | null)[] {
  return [
    c.id,
    c.deliveryId,
    c.repository,
    c.pullRequest,
    c.login,
    c.assetId.toString(),
    c.contributor,
    c.laborMicroUsd.toString(),
    c.toolsMicroUsd.toString(),
    c.computeMicroUsd.toString(),
    c.evidenceUri,
    c.evidenceHash,
    c.mergedAt,
    c.state,
    c.heldReason ?? null,
  ];
}
