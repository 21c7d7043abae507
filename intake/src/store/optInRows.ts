/**
 * The repositories' opt-ins as the intake last verified them, in both stores' dialects (`?` or `$1` placeholders;
 * schema `intake.` or none): one row a repository, replaced by each later verification, so `GET /repositories`
 * serves the gates in effect, as the owner signed them in `.coherence.json`, without asking the forge.
 */
import { parseJson } from "@coherence/protocol";

import { gatesOf, gatesSchema } from "../optIn/coherenceFile.ts";
import type { RecordedOptIn, VerifiedOptIn } from "./intakeStore.ts";
import type { Placeholder } from "./previewRows.ts";
import { int, type Row, text } from "./rows.ts";

export const optInsTableSql = (schema: string): string => `
CREATE TABLE IF NOT EXISTS ${schema}opt_ins (
  repository TEXT PRIMARY KEY,
  forge TEXT NOT NULL,
  asset_id TEXT NOT NULL,
  gates TEXT NOT NULL,
  verified_at BIGINT NOT NULL
);
`;

export const upsertOptInSql = (schema: string, $: Placeholder): string =>
  `INSERT INTO ${schema}opt_ins (repository, forge, asset_id, gates, verified_at)
   VALUES (${[1, 2, 3, 4, 5].map($).join(", ")})
   ON CONFLICT (repository) DO UPDATE SET forge = excluded.forge, asset_id = excluded.asset_id,
     gates = excluded.gates, verified_at = excluded.verified_at`;

export const upsertOptInValues = (optIn: VerifiedOptIn, at: number): (string | number)[] => [
  optIn.repository,
  optIn.forge,
  optIn.assetId.toString(),
  JSON.stringify(gatesSchema.encode(optIn.gates)),
  at,
];

export const optInsSql = (schema: string): string => `SELECT * FROM ${schema}opt_ins ORDER BY repository`;

export function optInOf(row: Row): RecordedOptIn {
  return {
    repository: text(row, "repository"),
    forge: text(row, "forge") as RecordedOptIn["forge"],
    assetId: BigInt(text(row, "asset_id")),
    gates: gatesOf(parseJson(gatesSchema, text(row, "gates"), { source: "opt_ins.gates" })),
    verifiedAt: int(row, "verified_at"),
  };
}
