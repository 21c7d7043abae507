/**
 * AssetRegistry events: registrations with their lineage, URI updates, and the ERC-721 events of the asset
 * tokens. `AssetRegistered` is emitted before the mint's `Transfer`, so the asset exists when the mint arrives.
 */
import { ponder } from "ponder:registry";
import { asset, assetTransfer, lineageEdge, operatorApproval } from "ponder:schema";
import { ASSET_KINDS } from "@coherence/protocol";
import { zeroAddress } from "viem";
import { lower } from "./lib/hex.ts";
import { onAssetRegistered } from "./lib/resonance.ts";
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
    updatedBlock: event.block.number,
  };
  await db.insert(asset).values(row).onConflictDoUpdate(row);
  for (const [position, parentId] of parents.entries()) {
    const edge = {
      id: `${assetId}-${parentId}`,
      childId: assetId,
      parentId,
      weightBps: parentWeightsBps[position]!,
      position,
      blockNumber: event.block.number,
    };
    await db.insert(lineageEdge).values(edge).onConflictDoUpdate(edge);
  }
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
