/**
 * ContributionLedger events: attestations (single, batch or signed), revocations by their attester, which a
 * corrected attestation of the same id may supersede, and strikes by governance, with the contributor aggregates
 * and the assets' resonance they move. Role and admin events are in AccessControl.ts.
 *
 * A contribution's cost counts while it is attested: a revocation or a strike takes it out, a corrected
 * attestation puts the new cost in.
 */
import { ponder } from "ponder:registry";
import { contribution, contributor } from "ponder:schema";
import { type Abi, type Hex, keccak256, stringToHex, toFunctionSelector } from "viem";

import { lower } from "./lib/hex.ts";
import { applyContributionCost } from "./lib/resonance.ts";
import { holdsRole } from "./lib/roles.ts";
import { type Db, updateNetwork } from "./lib/totals.ts";

const ATTESTER_ROLE = keccak256(stringToHex("ATTESTER_ROLE"));

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
  const previous = await db.find(contribution, { id });
  // The ledger attests an id again only after its attester revoked it: the new record supersedes the revoked one.
  if (previous !== null && previous.status !== "revoked")
    throw new Error(`contribution ${id} attested again while ${previous.status}`);
  const superseded = previous === null ? 0 : 1;
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
    attestationCount: (previous?.attestationCount ?? 0) + 1,
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
    struckContributionCount: 0,
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
    contributionCount: aggregate.contributionCount + 1 - superseded,
    revokedContributionCount: aggregate.revokedContributionCount - superseded,
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
    contributionCount: n.contributionCount + 1 - superseded,
    activeContributionCount: n.activeContributionCount + 1,
    revokedContributionCount: n.revokedContributionCount - superseded,
  }));
});

/**
 * What a revocation made of a contribution, as the ledger decides it: its attester, while it holds the attester
 * role, revokes it (and may attest it again, corrected); anyone else who may revoke is governance, which strikes it.
 */
async function revocationOf(db: Db, attester: Hex, revoker: Hex): Promise<"revoked" | "struck"> {
  return lower(revoker) === attester && (await holdsRole(db, "ContributionLedger", ATTESTER_ROLE, revoker))
    ? "revoked"
    : "struck";
}

ponder.on("ContributionLedger:ContributionRevoked", async ({ event, context }) => {
  const { db } = context;
  const row = await db.find(contribution, { id: event.args.id });
  // The ledger revokes attested contributions, and governance strikes revoked ones too.
  if (row === null) throw new Error(`revocation of unknown contribution ${event.args.id}`);
  if (row.status === "struck") throw new Error(`revocation of contribution ${row.id}, which is struck`);
  const status = row.status === "revoked" ? "struck" : await revocationOf(db, row.attester, event.args.revoker);
  const revoked = status === "revoked" ? 1 : 0;
  const struck = 1 - revoked;
  await db.update(contribution, { id: row.id }).set({
    status,
    revokedBy: lower(event.args.revoker),
    revokeReason: event.args.reason,
    revokedBlock: event.block.number,
    revokedAt: event.block.timestamp,
    revokedTx: event.transaction.hash,
  });
  // A revoked one struck was already out of the costs and the active count: it only moves from revoked to struck.
  const wasActive = row.status === "attested" ? 1 : 0;
  const unrevoked = 1 - wasActive;
  if (wasActive === 1) {
    const cost = { labor: row.laborMicroUsd, tools: row.toolsMicroUsd, compute: row.computeMicroUsd };
    await applyContributionCost(db, row.assetId, row.contributorId, cost, -1, event.block.number);
  }
  await db.update(contributor, { id: row.contributorId }).set((c) => ({
    revokedContributionCount: c.revokedContributionCount + revoked - unrevoked,
    struckContributionCount: c.struckContributionCount + struck,
  }));
  await updateNetwork(db, event.block.number, (n) => ({
    activeContributionCount: n.activeContributionCount - wasActive,
    revokedContributionCount: n.revokedContributionCount + revoked - unrevoked,
    struckContributionCount: n.struckContributionCount + struck,
  }));
});
