/**
 * The claims API: for an account, its leaves in the latest finalised epoch, each with the Merkle proof the
 * PayoutDistributor verifies, the amount already claimed (indexed), what is left to claim, and the explanation
 * of the amount (structured sources and readable lines), all read from the epoch's verified manifest. The
 * answer is the protocol's `ClaimsResponse`, declared once by `claimsResponseSchema`: the route writes it with
 * the schema's `encode` and the web app reads it with the same schema.
 */

import { type EpochResult, explainLeaf, getProofBytes } from "@coherence/oracle";
import { bytesToHex, type ClaimsResponse, type Hex } from "@coherence/protocol";
import type { ReadonlyDrizzle } from "ponder";
import { desc, eq } from "ponder";
import { isAddress } from "viem";
import type * as schema from "../../ponder.schema.ts";
import { ApiError } from "./errors.ts";
import type { ManifestStore, VerifiedManifest } from "./manifestStore.ts";

export type Db = ReadonlyDrizzle<typeof schema>;
export type Tables = typeof schema;

/** The account a route names, lower-cased; anything else is an `INVALID_ADDRESS` error naming what was given. */
export function accountParameter(raw: string): Hex {
  if (!isAddress(raw, { strict: false })) {
    throw new ApiError("INVALID_ADDRESS", `"${raw}" is not an address: expected 0x and 40 hex digits.`, {
      account: raw,
    });
  }
  return raw.toLowerCase() as Hex;
}

function proofOf(verified: VerifiedManifest, treeIndex: number): Hex[] {
  const bytes = getProofBytes(verified.payoutNodes, treeIndex);
  const proof: Hex[] = [];
  for (let offset = 0; offset < bytes.length; offset += 32) proof.push(bytesToHex(bytes, offset, 32));
  return proof;
}

/** The latest finalised epoch's row; `NO_FINALISED_EPOCH` when there is none. */
export async function latestFinalisedEpoch(db: Db, tables: Tables) {
  const [epoch] = await db
    .select()
    .from(tables.epoch)
    .where(eq(tables.epoch.status, "finalised"))
    .orderBy(desc(tables.epoch.id))
    .limit(1);
  if (epoch === undefined)
    throw new ApiError("NO_FINALISED_EPOCH", "No epoch has been finalised yet: there is nothing to claim.");
  return epoch;
}

/** The epoch number a route names: a decimal without leading zeros; anything else is `INVALID_EPOCH`. */
export function epochParameter(raw: string): bigint {
  if (!/^(0|[1-9][0-9]{0,76})$/.test(raw)) {
    throw new ApiError("INVALID_EPOCH", `"${raw}" is not an epoch number: expected a decimal without leading zeros.`, {
      epoch: raw,
    });
  }
  return BigInt(raw);
}

/** Epoch `number`'s row (any status: a proposal's manifest is audited before it is final) and its verified manifest. */
export async function epochManifest(db: Db, tables: Tables, manifests: ManifestStore, number: bigint) {
  const [epoch] = await db.select().from(tables.epoch).where(eq(tables.epoch.id, number)).limit(1);
  if (epoch === undefined)
    throw new ApiError("NO_SUCH_EPOCH", `No epoch ${number} has been proposed.`, { epoch: number.toString() });
  return { epoch, verified: await verifiedManifestOf(manifests, epoch) };
}

function verifiedManifestOf(
  manifests: ManifestStore,
  epoch: { id: bigint; manifestHash: Hex; payoutRoot: Hex },
): Promise<VerifiedManifest> {
  return manifests.get({ number: epoch.id, manifestHash: epoch.manifestHash, payoutRoot: epoch.payoutRoot });
}

/** The latest finalised epoch's row and its verified manifest: what the claims and slice routes answer from. */
export async function latestFinalisedManifest(db: Db, tables: Tables, manifests: ManifestStore) {
  const epoch = await latestFinalisedEpoch(db, tables);
  return { epoch, verified: await verifiedManifestOf(manifests, epoch) };
}

/** Builds the claims of `account` (any case) from the latest finalised epoch. */
export async function claimsOf(
  db: Db,
  tables: Tables,
  manifests: ManifestStore,
  rawAccount: string,
): Promise<ClaimsResponse> {
  const account = accountParameter(rawAccount);
  const { epoch, verified } = await latestFinalisedManifest(db, tables, manifests);
  const leaves = verified.leavesByAccount.get(account);
  if (leaves === undefined || leaves.length === 0) {
    throw new ApiError(
      "NO_LEAVES",
      `Account ${account} has no payout in epoch ${epoch.id} (the latest finalised epoch).`,
      {
        account,
        epoch: epoch.id.toString(),
      },
    );
  }
  const [claimedRows, [network]] = await Promise.all([
    db.select().from(tables.claimTotal).where(eq(tables.claimTotal.account, account)),
    db
      .select({ paused: tables.networkTotal.paused })
      .from(tables.networkTotal)
      .where(eq(tables.networkTotal.id, "network")),
  ]);
  const claimedByToken = new Map(claimedRows.map((r) => [r.token, r.claimed]));

  return {
    account,
    epoch: {
      number: epoch.id,
      proposalHash: epoch.proposalHash,
      payoutRoot: epoch.payoutRoot,
      manifestHash: epoch.manifestHash,
      fromBlock: epoch.fromBlock,
      toBlock: epoch.toBlock,
      finalisedAt: epoch.finalisedAt ?? null,
    },
    paused: network?.paused ?? false,
    manifest: { source: verified.source, codeVersion: verified.header.codeVersion, byteLength: verified.byteLength },
    leaves: leaves.map((leaf) => {
      const claimed = claimedByToken.get(leaf.token) ?? 0n;
      const result: EpochResult = {
        tokens: [],
        contributions: [],
        leaves: [leaf],
        flows: verified.flowsByToken.get(leaf.token) ?? [],
      };
      return {
        token: leaf.token,
        cumulativeAmount: leaf.cumulative,
        previous: leaf.previous,
        amount: leaf.amount,
        claimed,
        claimable: leaf.cumulative > claimed ? leaf.cumulative - claimed : 0n,
        proof: proofOf(verified, leaf.treeIndex),
        treeIndex: leaf.treeIndex,
        sources: leaf.sources,
        explanation: explainLeaf(result, leaf.account, leaf.token),
      };
    }),
  };
}
