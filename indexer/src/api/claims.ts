/**
 * The claims API: for an account, its leaves in the latest finalised epoch, each with the Merkle proof the
 * PayoutDistributor verifies, the amount already claimed (indexed), what is left to claim, and the explanation
 * of the amount (structured sources and readable lines), all read from the epoch's verified manifest.
 */
import { desc, eq } from "ponder";
import type { ReadonlyDrizzle } from "ponder";
import { isAddress } from "viem";

import type * as schema from "../../ponder.schema.ts";
import { ApiError } from "./errors.ts";
import type { ManifestStore, VerifiedManifest } from "./manifestStore.ts";
import { bytesToHex, type LeafSource } from "@coherence/protocol";
import { type EpochResult, explainLeaf, getProofBytes } from "@coherence/oracle";

type Db = ReadonlyDrizzle<typeof schema>;
type Tables = typeof schema;

/** One claimable leaf as the API returns it (amounts as decimal strings). */
export type ClaimLeaf = {
  token: string;
  /** The leaf's cumulative amount: the `cumulativeAmount` argument of `claim`. */
  cumulativeAmount: string;
  /** Cumulative amount of the previous epoch. */
  previous: string;
  /** Allocated in this epoch. */
  amount: string;
  /** Claimed so far (indexed `Claimed` and `ClaimedTo` events). */
  claimed: string;
  /** `cumulativeAmount - claimed`, never negative. */
  claimable: string;
  proof: `0x${string}`[];
  treeIndex: number;
  sources: unknown[];
  explanation: string[];
};

/** What GET /claims/:account returns. */
export type ClaimsResponse = {
  account: string;
  epoch: {
    number: string;
    proposalHash: string;
    payoutRoot: string;
    manifestHash: string;
    fromBlock: string;
    toBlock: string;
    finalisedAt: string | null;
  };
  /** Whether claims are paused on-chain (claims revert until unpaused). */
  paused: boolean;
  manifest: { source: string; codeVersion: string; byteLength: number };
  leaves: ClaimLeaf[];
};

/** bigints as decimal strings, recursively (JSON has no bigint). */
function jsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}

function proofOf(verified: VerifiedManifest, treeIndex: number): `0x${string}`[] {
  const bytes = getProofBytes(verified.manifest.payoutTree.nodes, treeIndex);
  const proof: `0x${string}`[] = [];
  for (let offset = 0; offset < bytes.length; offset += 32) proof.push(bytesToHex(bytes, offset, 32) as `0x${string}`);
  return proof;
}

/** Builds the claims of `account` (any case) from the latest finalised epoch. */
export async function claimsOf(db: Db, tables: Tables, manifests: ManifestStore, rawAccount: string): Promise<ClaimsResponse> {
  if (!isAddress(rawAccount, { strict: false })) {
    throw new ApiError("INVALID_ADDRESS", `"${rawAccount}" is not an address: expected 0x and 40 hex digits.`, { account: rawAccount });
  }
  const account = rawAccount.toLowerCase();
  const [epoch] = await db
    .select()
    .from(tables.epoch)
    .where(eq(tables.epoch.status, "finalised"))
    .orderBy(desc(tables.epoch.id))
    .limit(1);
  if (epoch === undefined) throw new ApiError("NO_FINALISED_EPOCH", "No epoch has been finalised yet: there is nothing to claim.");

  const verified = await manifests.get({ number: epoch.id, manifestHash: epoch.manifestHash, payoutRoot: epoch.payoutRoot });
  const leaves = verified.leavesByAccount.get(account);
  if (leaves === undefined || leaves.length === 0) {
    throw new ApiError("NO_LEAVES", `Account ${account} has no payout in epoch ${epoch.id} (the latest finalised epoch).`, {
      account,
      epoch: epoch.id.toString(),
    });
  }
  const [claimedRows, [network]] = await Promise.all([
    db.select().from(tables.claimTotal).where(eq(tables.claimTotal.account, account as `0x${string}`)),
    db.select({ paused: tables.networkTotal.paused }).from(tables.networkTotal).where(eq(tables.networkTotal.id, "network")),
  ]);
  const claimedByToken = new Map(claimedRows.map((r) => [r.token, r.claimed]));

  return {
    account,
    epoch: {
      number: epoch.id.toString(),
      proposalHash: epoch.proposalHash,
      payoutRoot: epoch.payoutRoot,
      manifestHash: epoch.manifestHash,
      fromBlock: epoch.fromBlock.toString(),
      toBlock: epoch.toBlock.toString(),
      finalisedAt: epoch.finalisedAt?.toString() ?? null,
    },
    paused: network?.paused ?? false,
    manifest: { source: verified.source, codeVersion: verified.manifest.codeVersion, byteLength: verified.byteLength },
    leaves: leaves.map((leaf) => {
      const claimed = claimedByToken.get(leaf.token as `0x${string}`) ?? 0n;
      const result: EpochResult = { tokens: [], contributions: [], leaves: [leaf], flows: verified.flowsByToken.get(leaf.token) ?? [] };
      return {
        token: leaf.token,
        cumulativeAmount: leaf.cumulative.toString(),
        previous: leaf.previous.toString(),
        amount: leaf.amount.toString(),
        claimed: claimed.toString(),
        claimable: (leaf.cumulative > claimed ? leaf.cumulative - claimed : 0n).toString(),
        proof: proofOf(verified, leaf.treeIndex),
        treeIndex: leaf.treeIndex,
        sources: jsonSafe(leaf.sources as readonly LeafSource[]) as unknown[],
        explanation: explainLeaf(result, leaf.account, leaf.token),
      };
    }),
  };
}
