/**
 * AssetRegistry events: registrations with their lineage, URI updates, the attesters owners choose, the rate cards
 * they publish, verified authorship and reclaims, and the ERC-721 events of the asset tokens. `AssetRegistered` is
 * emitted before the mint's `Transfer`, so the asset exists when the mint arrives; a reclaim emits
 * `AuthorshipVerified`, `LineageReset` and, if the previous owner had published a rate card, `RateCardSet` with
 * zero before the `Transfer` to the author, which moves the owner as any transfer does. Role and admin events are
 * in AccessControl.ts.
 */
import { ponder } from "ponder:registry";
import { asset, assetAttester, assetTransfer, operatorApproval } from "ponder:schema";
import { ASSET_KINDS } from "@coherence/protocol";
import { eq } from "ponder";
import { zeroAddress, zeroHash } from "viem";
import { lower } from "./lib/hex.ts";
import { deleteParentEdges, writeParentEdges } from "./lib/lineage.ts";
import { onAssetRegistered, onLineageReset } from "./lib/resonance.ts";
import { updateNetwork } from "./lib/totals.ts";

ponder.on("AssetRegistry:AssetRegistered", async ({ event, context }) => {
  const { db } = context;
  const { assetId, owner, contentHash, kind, uri, parents, parentWeightsBps, upstreamShareBps } = event.args;
  const kindName = ASSET_KINDS[kind];
  if (kindName === undefined)
    throw new Error(`asset ${assetId} has kind ${kind}, which the protocol does not know (ASSET_KINDS)`);
  const row = {
    id: assetId,
    owner: lower(owner),
    registrant: lower(owner),
    contentHash,
    kind: kindName,
    uri,
    upstreamShareBps,
    parentIds: [...parents],
    approved: null,
    registeredBlock: event.block.number,
    registeredAt: event.block.timestamp,
    registeredTx: event.transaction.hash,
    verified: false,
    verifiedBy: null,
    verifiedAt: null,
    verifiedBlock: null,
    verifiedTx: null,
    reclaimedFrom: null,
    attestersRestricted: false,
    rateCardHash: null,
    updatedBlock: event.block.number,
  };
  await db.insert(asset).values(row).onConflictDoUpdate(row);
  await writeParentEdges(db, assetId, parents, parentWeightsBps, event.block.number);
  await onAssetRegistered(db, assetId, parents, event.block.number);
  await updateNetwork(db, event.block.number, (n) => ({
    assetCount: n.assetCount + 1,
    lineageEdgeCount: n.lineageEdgeCount + parents.length,
  }));
});

ponder.on("AssetRegistry:AssetURIUpdated", async ({ event, context }) => {
  await context.db
    .update(asset, { id: event.args.assetId })
    .set({ uri: event.args.uri, updatedBlock: event.block.number });
});

ponder.on("AssetRegistry:AttestersRestricted", async ({ event, context }) => {
  await context.db
    .update(asset, { id: event.args.assetId })
    .set({ attestersRestricted: event.args.restricted, updatedBlock: event.block.number });
});

// Zero is no card: the owner withdrew it, or a reclaim withdrew the previous owner's.
ponder.on("AssetRegistry:RateCardSet", async ({ event, context }) => {
  const { assetId, rateCardHash } = event.args;
  await context.db
    .update(asset, { id: assetId })
    .set({ rateCardHash: rateCardHash === zeroHash ? null : rateCardHash, updatedBlock: event.block.number });
});

ponder.on("AssetRegistry:AttesterChosen", async ({ event, context }) => {
  const { assetId, attester, chosen } = event.args;
  const row = {
    id: `${assetId}-${lower(attester)}`,
    assetId,
    attester: lower(attester),
    chosen,
    updatedBlock: event.block.number,
    updatedAt: event.block.timestamp,
    updatedTx: event.transaction.hash,
  };
  await context.db.insert(assetAttester).values(row).onConflictDoUpdate(row);
});

ponder.on("AssetRegistry:AuthorshipVerified", async ({ event, context }) => {
  const { assetId, author, verifier, previousOwner } = event.args;
  await context.db.update(asset, { id: assetId }).set({
    verified: true,
    verifiedBy: lower(verifier),
    verifiedAt: event.block.timestamp,
    verifiedBlock: event.block.number,
    verifiedTx: event.transaction.hash,
    // The author took the asset back from whoever registered its content first.
    reclaimedFrom: lower(previousOwner) === lower(author) ? null : lower(previousOwner),
    updatedBlock: event.block.number,
  });
});

ponder.on("AssetRegistry:LineageReset", async ({ event, context }) => {
  const { db } = context;
  const { assetId, parents, parentWeightsBps, upstreamShareBps } = event.args;
  const row = await db.find(asset, { id: assetId });
  if (row === null) throw new Error(`lineage reset of unknown asset ${assetId}`);
  await deleteParentEdges(db, assetId, row.parentIds);
  await writeParentEdges(db, assetId, parents, parentWeightsBps, event.block.number);
  await db.update(asset, { id: assetId }).set({
    parentIds: [...parents],
    upstreamShareBps,
    attestersRestricted: false,
    updatedBlock: event.block.number,
  });
  await onLineageReset(db, row.parentIds, parents, event.block.number);
  await updateNetwork(db, event.block.number, (n) => ({
    lineageEdgeCount: n.lineageEdgeCount - row.parentIds.length + parents.length,
  }));
  // The previous owner's choice of attesters lapses with the lineage (the registry moves to a new generation of
  // choices): only the new owner's count from here on.
  const lapsed = await db.sql
    .select({ id: assetAttester.id })
    .from(assetAttester)
    .where(eq(assetAttester.assetId, assetId));
  for (const { id } of lapsed) await db.delete(assetAttester, { id });
});

ponder.on("AssetRegistry:Transfer", async ({ event, context }) => {
  const { from, to, tokenId } = event.args;
  const row = {
    id: event.id,
    assetId: tokenId,
    from: lower(from),
    to: lower(to),
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  };
  await context.db.insert(assetTransfer).values(row).onConflictDoUpdate(row);
  if (from !== zeroAddress) {
    // A transfer clears the token's approval (ERC-721), without an Approval event.
    await context.db
      .update(asset, { id: tokenId })
      .set({ owner: lower(to), approved: null, updatedBlock: event.block.number });
  }
});

ponder.on("AssetRegistry:Approval", async ({ event, context }) => {
  const { approved, tokenId } = event.args;
  await context.db
    .update(asset, { id: tokenId })
    .set({ approved: approved === zeroAddress ? null : lower(approved), updatedBlock: event.block.number });
});

ponder.on("AssetRegistry:ApprovalForAll", async ({ event, context }) => {
  const { owner, operator, approved } = event.args;
  const row = {
    id: `${lower(owner)}-${lower(operator)}`,
    owner: lower(owner),
    operator: lower(operator),
    approved,
    updatedBlock: event.block.number,
  };
  await context.db.insert(operatorApproval).values(row).onConflictDoUpdate(row);
});
