/**
 * ContributionLedger events: attestations (single, batch or signed) and revocations, with the contributor
 * aggregates and the assets' resonance they move. Role and admin events are in AccessControl.ts.
 */
import { ponder } from "ponder:registry";
import { contribution, contributor } from "ponder:schema";
import { type Abi, type Hex, toFunctionSelector } from "viem";

import { lower } from "./lib/hex.ts";
import { applyContributionCost } from "./lib/resonance.ts";
import { updateNetwork } from "./lib/totals.ts";

const METHODS = ["attest", "attestBatch", "attestWithSig"] as const;
let selectors: Map<string, string> | undefined;

/** The ledger function a transaction called, from its selector; `other` when it came through a contract. */
function methodOf(abi: Abi, input: Hex): string {
  selectors ??= new Map(
    abi.flatMap((item) =>
      item.type === "function" && (METHODS as readonly string[]).includes(item.name)
        ? [[toFunctionSelector(item), item.name]]
        : [],
    ),
  );
  return selectors.get(input.slice(0, 10).toLowerCase()) ?? "other";
}

ponder.on("ContributionLedger:ContributionAttested", async ({ event, context }) => {
  const { db } = context;
  const { id, assetId, attester, laborMicroUsd, toolsMicroUsd, computeMicroUsd, evidenceHash, evidenceUri } =
    event.args;
  const contributorId = lower(event.args.contributor);
  const row = {
    id,
    assetId,
    contributorId,
    attester: lower(attester),
    laborMicroUsd,
    toolsMicroUsd,
    computeMicroUsd,
    costMicroUsd: laborMicroUsd + toolsMicroUsd + computeMicroUsd,
    evidenceHash,
    evidenceUri,
    method:
      event.transaction.to?.toLowerCase() === event.log.address.toLowerCase()
        ? methodOf(context.contracts.ContributionLedger.abi, event.transaction.input)
        : "other",
    status: "attested" as const,
    attestedBlock: event.block.number,
    attestedAt: event.block.timestamp,
    attestedTx: event.transaction.hash,
    revokedBy: null,
    revokeReason: null,
    revokedBlock: null,
    revokedAt: null,
    revokedTx: null,
  };
  await db.insert(contribution).values(row).onConflictDoUpdate(row);

  const existing = await db.find(contributor, { id: contributorId });
  const aggregate = existing ?? {
    id: contributorId,
    contributionCount: 0,
    activeContributionCount: 0,
    revokedContributionCount: 0,
    assetCount: 0,
    laborMicroUsd: 0n,
    toolsMicroUsd: 0n,
    computeMicroUsd: 0n,
    totalCostMicroUsd: 0n,
    firstContributionAt: event.block.timestamp,
    lastContributionAt: event.block.timestamp,
  };
  const counted = {
    ...aggregate,
    contributionCount: aggregate.contributionCount + 1,
    lastContributionAt: event.block.timestamp,
  };
  await db.insert(contributor).values(counted).onConflictDoUpdate(counted);
  await applyContributionCost(
    db,
    assetId,
    contributorId,
    { labor: laborMicroUsd, tools: toolsMicroUsd, compute: computeMicroUsd },
    1,
    event.block.number,
  );

  await updateNetwork(db, event.block.number, (n) => ({
    contributorCount: n.contributorCount + (existing === null ? 1 : 0),
    contributionCount: n.contributionCount + 1,
    activeContributionCount: n.activeContributionCount + 1,
  }));
});

ponder.on("ContributionLedger:ContributionRevoked", async ({ event, context }) => {
  const { db } = context;
  const row = await db.find(contribution, { id: event.args.id });
  // The ledger only revokes attested contributions, so the row exists and is not yet revoked.
  if (row === null) throw new Error(`revocation of unknown contribution ${event.args.id}`);
  if (row.status === "revoked") return;
  await db.update(contribution, { id: row.id }).set({
    status: "revoked",
    revokedBy: lower(event.args.revoker),
    revokeReason: event.args.reason,
    revokedBlock: event.block.number,
    revokedAt: event.block.timestamp,
    revokedTx: event.transaction.hash,
  });
  const cost = { labor: row.laborMicroUsd, tools: row.toolsMicroUsd, compute: row.computeMicroUsd };
  await applyContributionCost(db, row.assetId, row.contributorId, cost, -1, event.block.number);
  await db
    .update(contributor, { id: row.contributorId })
    .set((c) => ({ revokedContributionCount: c.revokedContributionCount + 1 }));
  await updateNetwork(db, event.block.number, (n) => ({
    activeContributionCount: n.activeContributionCount - 1,
    revokedContributionCount: n.revokedContributionCount + 1,
  }));
});
